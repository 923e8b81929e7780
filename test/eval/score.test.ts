import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateSet, loadQuestionSets } from "../../src/eval/run.js";
import { type EvalItem, type ScoredResponse, scoreAnswers } from "../../src/eval/score.js";

const KEYS = { A: "Harvard’s  alpha phrase", B: "beta phrase", C: "gamma phrase" };
const item = (expect: string[]): EvalItem => ({ q: `question ${expect.join("+") || "none"}`, expect, statement: "s" });
const said = (decision: "answer" | "escalate", confidence: number | null, ...texts: string[]): ScoredResponse => ({
  decision,
  confidence,
  matches: texts.map((text) => ({ text })),
});

// Hand-made answers, each exercising one part of the reference rule (../shared/eval/score.py).
const CASES: [EvalItem, ScoredResponse][] = [
  // 1: right, confident; quotes, case and spaces are folded before comparing.
  [item(["A"]), said("answer", 0.95, "We say HARVARD'S alpha\n phrase here.", "beta phrase")],
  // 2: the top match holds two keys (a section, not a paragraph): wrong, though A is among the three.
  [item(["A"]), said("answer", 0.7, "alpha phrase… harvard's alpha phrase and beta phrase")],
  // 3: escalated, the expected paragraph second: a false escalation, but useful.
  [item(["B"]), said("escalate", 0.3, "gamma phrase", "beta phrase")],
  // 4: escalated with nothing found: a false escalation, not useful.
  [item(["B"]), said("escalate", 0)],
  // 5: unanswerable and escalated: right and useful.
  [item([]), said("escalate", 0.2, "gamma phrase")],
  // 6: unanswerable and answered confidently: wrong, and counts among the confident answers.
  [item([]), said("answer", 0.92, "gamma phrase")],
  // 7: answered confidently from the wrong paragraph.
  [item(["C"]), said("answer", 0.91, "beta phrase", "x", "y", "gamma phrase")],
  // 8: either of two expected paragraphs will do; answered under 0.9.
  [item(["A", "B"]), said("answer", 0.5, "beta phrase")],
  // 9: the baseline has no confidence: its answers never count as confident.
  [item(["C"]), said("answer", null, "gamma phrase")],
];

describe("the scorer, measure by measure, as score.py defines them", () => {
  const r = scoreAnswers(
    CASES.map(([i]) => i),
    CASES.map(([, a]) => a),
    KEYS,
  );

  it("accuracy counts right answers and escalated unanswerable questions", () => {
    expect([r.total, r.right, r.accuracy]).toEqual([9, 4, 4 / 9]); // 1, 5, 8, 9
  });
  it("answerable top-1 is answered right; rank-1 is the top match right whatever the decision", () => {
    expect(r.answerable).toBe(7);
    expect(r.top1).toBe(3); // 1, 8, 9
    expect(r.rank1).toBe(3);
  });
  it("hit@3 finds an expected phrase in any of the first three matches", () => {
    expect(r.hit3).toBe(5); // 1, 2, 3, 8, 9 — not 7, whose expected paragraph is fourth
  });
  it("false escalations and single-paragraph answers", () => {
    expect(r.falseEscalations).toBe(2); // 3, 4
    expect(r.single).toBe(5); // 1, 3, 7, 8, 9
  });
  it("unanswerable escalated", () => {
    expect([r.unanswerable, r.escalated]).toEqual([2, 1]);
  });
  it("confident answers right: answers at >= 0.9, the unanswerable ones among them", () => {
    expect([r.confident, r.confidentRight]).toEqual([3, 1]); // 1 right; 6 and 7 wrong
  });
  it("useful responses: right answers, escalations showing an expected paragraph, unanswerable escalated", () => {
    expect(r.useful).toBe(5); // 1, 3, 5, 8, 9
  });
  it("lists every miss", () => {
    expect(r.misses).toHaveLength(5);
  });
});

const SCORE_PY = "../shared/eval/score.py";
const hasPython = spawnSync("python3", ["--version"]).status === 0;

describe.skipIf(!existsSync(SCORE_PY) || !hasPython || !existsSync("dist/cli.js"))("agreement with the reference scorer", () => {
  it("gives score.py's summary line on the Canvas set, through the CLI", () => {
    const set = loadQuestionSets({ includeOptional: false }).find((s) => s.name === "canvas (second statement)")!;
    const r = evaluateSet(set);
    const py = spawnSync(
      "python3",
      [SCORE_PY, "test/eval/canvas.questions.jsonl", "test/eval/canvas.keys.json", "--corpus", "test/fixtures/statements"],
      { encoding: "utf8" },
    );
    expect(py.status).toBe(0);
    const ours =
      `accuracy ${r.accuracy.toFixed(3)} (${r.right}/${r.total}); answerable top-1 ${r.top1}/${r.answerable}, hit@3 ${r.hit3}/${r.answerable}, ` +
      `false-escalations ${r.falseEscalations}/${r.answerable}, single-paragraph answers ${r.single}/${r.answerable}; unanswerable escalated ${r.escalated}/${r.unanswerable}; ` +
      `rank-1 ${r.rank1}/${r.answerable}; confident answers right ${r.confidentRight}/${r.confident}; useful responses ${r.useful}/${r.total}`;
    expect(py.stdout.replace(/; wall .*$/s, "")).toBe(ours);
  });
});
