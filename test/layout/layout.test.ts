import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, type ImportEdge, importsOf, sourceFiles } from "./imports.js";

// Keeps "How the code is laid out" in the README true.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const edges = importsOf(ROOT, sourceFiles(ROOT, "src"));

/** The folders that must not know the Slack app exists. */
const SLACK_FREE = ["src/search/", "src/corpus/", "src/desk/", "src/escalation/", "src/blockkit/", "src/report/"];

function violations(all: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of all) {
    const guarded = SLACK_FREE.some((dir) => e.from.startsWith(dir));
    if (guarded && e.to.startsWith("src/slack/")) out.push(`${e.from} imports ${e.to}`);
    // The engine and the desk run without Bolt; escalation may use its Web API client for the triage destination.
    if (/^src\/(search|corpus|desk)\//.test(e.from) && e.to.startsWith("@slack/")) out.push(`${e.from} imports ${e.to}`);
  }
  return out;
}

describe("the layout", () => {
  it("reads the imports of the real tree", () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ from: "src/slack/app.ts", to: "src/desk/desk.ts", typeOnly: false });
  });

  it("keeps the engine, the desk, escalation and Block Kit free of the Slack app, and the engine and desk free of Bolt", () => {
    expect(violations(edges)).toEqual([]);
  });

  it("has no import cycles anywhere in src/ (type-only imports count)", () => {
    expect(findCycles(edges)).toEqual([]);
  });

  it("would notice a forbidden import and a cycle", () => {
    const dir = mkdtempSync(join(tmpdir(), "pd-layout-"));
    try {
      for (const d of ["src/desk", "src/slack"]) mkdirSync(join(dir, d), { recursive: true });
      writeFileSync(join(dir, "src/desk/a.ts"), 'import type { B } from "../slack/b.js";\nimport { App } from "@slack/bolt";\n');
      writeFileSync(join(dir, "src/slack/b.ts"), 'export { a } from "../desk/a.js";\n');
      const fake = importsOf(dir, sourceFiles(dir, "src"));
      expect(violations(fake)).toEqual(["src/desk/a.ts imports src/slack/b.ts", "src/desk/a.ts imports @slack/bolt"]);
      expect(findCycles(fake)).toEqual([["src/desk/a.ts", "src/slack/b.ts", "src/desk/a.ts"]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
