import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { createBaseline } from "../../src/eval/baseline.js";
import { collectRun } from "../../src/eval/run.js";
import { loadQuestionSets, QuestionSetError } from "../../src/eval/sets.js";

const STATEMENT = `---
title: Parking Privacy
url: https://example.edu/parking
updated: 2024-01-01
---

## Plate readers

Licence plate readers record the plate of every car that enters a campus lot.

## Retention

Plate records are deleted after thirty days.
`;

/** A package root with one statement and the given sets.json and question lines. */
function root(sets: unknown, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "pd-sets-"));
  mkdirSync(join(dir, "statements"));
  writeFileSync(join(dir, "statements/parking.md"), STATEMENT);
  writeFileSync(join(dir, "sets.json"), JSON.stringify(sets));
  writeFileSync(join(dir, "q.jsonl"), lines.join("\n"));
  writeFileSync(join(dir, "keys.json"), JSON.stringify({ PLATES: "plate of every car", KEPT: "deleted after thirty days" }));
  return dir;
}
const set = { name: "parking", questions: "q.jsonl", keys: "keys.json", corpus: "statements" };

describe("question sets", () => {
  it("gives each question its own statement, or its set's", () => {
    const dir = root(
      [set, { ...set, name: "tagged", statement: undefined }],
      ['{"q": "are plates recorded?", "expect": ["PLATES"], "statement": "parking"}'],
    );
    const [a, b] = loadQuestionSets({ includeOptional: false, root: dir, setsFile: "sets.json" });
    expect(a!.items[0]!.statement).toBe("parking");
    expect(b!.engine).toBe(a!.engine); // one engine per corpus
  });

  it("adds the sets of another file, read relative to that file, with an engine of their own", () => {
    const dir = root([{ ...set, statement: "parking" }], ['{"q": "are plates recorded?", "expect": ["PLATES"]}']);
    const other = root(
      [{ ...set, name: "kept elsewhere", statement: "parking" }],
      ['{"q": "how long are plates kept?", "expect": ["KEPT"]}'],
    );
    const sets = loadQuestionSets({ includeOptional: false, root: dir, setsFile: "sets.json", more: [join(other, "sets.json")] });
    expect(sets.map((s) => [s.name, s.items[0]!.q])).toEqual([
      ["parking", "are plates recorded?"],
      ["kept elsewhere", "how long are plates kept?"],
    ]);
    // Both name "statements", but they are two folders.
    expect(sets[1]!.corpus).not.toBe(sets[0]!.corpus);
    expect(sets[1]!.engine).not.toBe(sets[0]!.engine);
  });

  it("refuses a question whose statement is not in its corpus, naming the file and line", () => {
    const dir = root([{ ...set, statement: "library" }], ['{"q": "fines?", "expect": []}']);
    expect(() => loadQuestionSets({ includeOptional: false, root: dir, setsFile: "sets.json" })).toThrow(QuestionSetError);
    expect(() => loadQuestionSets({ includeOptional: false, root: dir, setsFile: "sets.json" })).toThrow(
      /q\.jsonl: line 1: statement "library" is not in statements/,
    );
  });

  it("refuses a question that belongs to no statement", () => {
    const dir = root([set], ['{"q": "fines?", "expect": []}']);
    expect(() => loadQuestionSets({ includeOptional: false, root: dir, setsFile: "sets.json" })).toThrow(/line 1 names no statement/);
  });

  it("skips an optional set whose questions are absent, and optional sets unless asked for", () => {
    const dir = root(
      [
        { ...set, statement: "parking" },
        { ...set, name: "away", questions: "../nowhere.jsonl", optional: true },
      ],
      ['{"q": "x", "expect": []}'],
    );
    expect(loadQuestionSets({ includeOptional: true, root: dir, setsFile: "sets.json" }).map((s) => s.name)).toEqual(["parking"]);
  });
});

describe("one eval run", () => {
  const run = collectRun(loadQuestionSets({ includeOptional: false }));

  it("scores every question once, in one row per statement, and adds the rows up to the total", () => {
    expect(run.rows.map((r) => r.statement)).toEqual([
      "zoom-privacy-statement",
      "canvas-privacy-statement",
      "learning-analytics",
      "health-portal",
      "id-card",
      "campus-network",
      "lecture-capture",
      "alumni-records",
      "safety-app",
      "exam-proctoring",
      "mailroom",
      "printing",
      "recreation",
      "registrar",
    ]);
    expect(run.questions).toHaveLength(run.total.engine.total);
    for (const k of [
      "total",
      "right",
      "rank1",
      "hit3",
      "useful",
      "confident",
      "confidentRight",
      "falseEscalations",
      "escalated",
    ] as const) {
      expect(
        run.rows.reduce((n, r) => n + r.engine[k], 0),
        k,
      ).toBe(run.total.engine[k]);
    }
    expect(run.total.baseline.total).toBe(run.total.engine.total);
    expect(run.heldOutBySet.map((s) => s.set)).toEqual([
      "zoom",
      "zoom, plain phrasing",
      "canvas (second statement)",
      "canvas, plain phrasing",
      "four other institutions",
      "four more institutions",
      "four further institutions",
    ]);
    expect(run.heldOutBySet.reduce((n, s) => n + s.report.right, 0)).toBe(run.total.engine.right);
    expect(run.heldOutBySet[0]!.report.total).toBe(210);
  });

  it("fits each statement's decision on the other statements' questions only", () => {
    for (const row of run.rows) {
      // Each fold's examples come from the other statements: fewer than their questions, and most of them.
      const others = run.total.engine.total - row.engine.total;
      expect(row.examples, row.statement).toBeLessThanOrEqual(others);
      expect(row.examples, row.statement).toBeGreaterThan(others / 2);
    }
  });
});

describe("the plain MiniSearch baseline", () => {
  const baseline = createBaseline(loadCorpus("corpus"));

  it("shows up to three paragraphs and answers whenever anything matches", () => {
    const r = baseline.ask("does Zoom use cookies?");
    expect(r.decision).toBe("answer");
    expect(r.confidence).toBeNull();
    expect(r.matches.length).toBeGreaterThan(0);
    expect(r.matches.length).toBeLessThanOrEqual(3);
    expect(r.matches[0]!.text.toLowerCase()).toContain("cookie");
  });

  it("escalates only when no paragraph shares a word (stop words do not count)", () => {
    expect(baseline.ask("what is the of").decision).toBe("escalate");
  });
});
