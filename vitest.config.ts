import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print one plain closing line of counts.
    reporters: ["default", "json"],
    outputFile: { json: "coverage/vitest-report.json" },
  },
});
