import { describe, expect, it } from "vitest";
import { confidenceWith, type Example, fitDecision, fitLogistic } from "../../src/eval/calibrate.js";
import { type AskedQuestion, examplesOf, leaveOneStatementOut, redecide, runLeaveOneStatementOut } from "../../src/eval/loso.js";
import { loadQuestionSets } from "../../src/eval/sets.js";
import type { Answer } from "../../src/search/answer.js";
import calibration from "../../src/search/data/calibration.json" with { type: "json" };
import { SIGNALS } from "../../src/search/decide.js";

const KEYS = { P: "the right paragraph", W: "a wrong paragraph" };

/** A hand-made asked question: its id rides in a signal, so a fit can tell which questions it was given. */
function asked(id: number, statement: string, expect: string[], top: string): AskedQuestion {
  const signals = Object.fromEntries(SIGNALS.map((s) => [s, 0]));
  signals.coverage = id;
  const answer: Answer = {
    question: `q${id}`,
    decision: "answer",
    confidence: 0.5,
    matches: [
      {
        statementId: statement,
        statement,
        section: "s",
        sectionSlug: "s",
        paragraphId: `${statement}/s/0`,
        text: top,
        url: null,
        updated: "2024-01-01",
        score: 1,
      },
    ],
    reasons: { terms: [], coverage: 0, margin: 0, signals, rule: "" },
  };
  return { set: "hand-made", item: { q: `q${id}`, expect, statement }, answer, keys: KEYS };
}

const QUESTIONS = [
  asked(1, "alpha", ["P"], "the right paragraph"),
  asked(2, "alpha", [], "a wrong paragraph"),
  asked(3, "beta", ["P"], "the right paragraph"),
  asked(4, "beta", ["P"], "a wrong paragraph"), // wrong best paragraph: no example
  asked(5, "gamma", [], "the right paragraph"),
  asked(6, "gamma", ["P"], "the right paragraph"),
  asked(7, "alpha", ["P"], "the right paragraph"),
];

describe("leave one statement out", () => {
  it("makes one fold per statement, each scoring that statement's questions and fitting on the others'", () => {
    const folds = leaveOneStatementOut(QUESTIONS);
    expect(folds.map((f) => f.statement)).toEqual(["alpha", "beta", "gamma"]);
    for (const f of folds) {
      expect(f.test.every((a) => a.item.statement === f.statement)).toBe(true);
      expect(f.train.some((a) => a.item.statement === f.statement)).toBe(false);
      expect(f.train.length + f.test.length).toBe(QUESTIONS.length);
    }
  });

  it("never hands a statement's questions to the fit that decides them, and decides every question once", () => {
    const seen: number[][] = [];
    const folds = runLeaveOneStatementOut(QUESTIONS, (examples: readonly Example[]) => {
      seen.push(examples.map((e) => e.signals.coverage!));
      return { weights: {}, bias: 0, threshold: 0.5, fittedOn: { examples: examples.length, positives: 0, accuracy: 0 } };
    });
    const ids = (statement: string) =>
      QUESTIONS.filter((a) => a.item.statement === statement).map((a) => a.answer.reasons.signals.coverage);
    expect(seen).toEqual([
      [3, 4, 5, 6],
      [1, 2, 5, 6, 7],
      [1, 2, 3, 4, 7],
    ]);
    folds.forEach((f, i) => {
      expect(seen[i]!.some((id) => ids(f.statement).includes(id))).toBe(false);
    });
    expect(folds.flatMap((f) => f.responses.map((r) => r.asked.item.q)).sort()).toEqual(QUESTIONS.map((a) => a.item.q).sort());
  });

  it("labels answerable questions right at the top as positives, unanswerable ones and wrong best paragraphs as negatives", () => {
    expect(examplesOf(QUESTIONS).map((e) => [e.signals.coverage, e.y])).toEqual([
      [1, 1],
      [2, 0],
      [3, 1],
      [4, 0],
      [5, 0],
      [6, 1],
      [7, 1],
    ]);
    expect(
      examplesOf(QUESTIONS)
        .filter((e) => e.misranked)
        .map((e) => e.signals.coverage),
    ).toEqual([4]);
  });
});

describe("deciding from signals alone", () => {
  it("reproduces the engine's confidence and decision with the shipped calibration, question by question", () => {
    const shipped = { weights: calibration.weights, bias: calibration.bias, threshold: calibration.threshold };
    let n = 0;
    for (const set of loadQuestionSets({ includeOptional: false })) {
      for (const item of set.items) {
        const a = set.engine.ask(item.q);
        const r = redecide(a, shipped);
        expect([r.decision, r.confidence], item.q).toEqual([a.decision, a.confidence]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  it("never answers a request for action, whatever the fit", () => {
    const request = Object.fromEntries(SIGNALS.map((s) => [s, 1]));
    const weights = Object.fromEntries(SIGNALS.map((s) => [s, 10]));
    expect(confidenceWith({ weights, bias: 0, threshold: 0.6 }, request)).toBeLessThanOrEqual(0.3);
  });
});

describe("fitting the decision", () => {
  it("reaches the optimum of the regularised log loss: the gradient vanishes", () => {
    const xs = Array.from({ length: 200 }, (_, i) => {
      const a = (i % 17) / 17;
      const b = ((i * 7) % 13) / 13;
      return { x: [a, b], y: (a + 0.5 * b + ((i * 31) % 10) / 20 > 0.9 ? 1 : 0) as 0 | 1 };
    });
    const { weights, bias } = fitLogistic(xs);
    const grad = [0, 0, 0];
    for (const { x, y } of xs) {
      const p = 1 / (1 + Math.exp(-(bias + weights[0]! * x[0]! + weights[1]! * x[1]!)));
      grad[0]! += (p - y) * x[0]!;
      grad[1]! += (p - y) * x[1]!;
      grad[2]! += p - y;
    }
    expect(Math.abs(grad[0]! / 200 + 0.001 * weights[0]!)).toBeLessThan(1e-8);
    expect(Math.abs(grad[1]! / 200 + 0.001 * weights[1]!)).toBeLessThan(1e-8);
    expect(Math.abs(grad[2]! / 200)).toBeLessThan(1e-8);
    expect(weights[0]).toBeGreaterThan(weights[1]!); // a counts twice as much as b in the labels
  });

  it("weighs every signal by name and sets a threshold that answers positives and escalates negatives", () => {
    // Whichever signals the engine reports: the first that is not an intent carries the labels here.
    const telling = SIGNALS.find((s) => s !== "request" && s !== "howTo")!;
    const examples: Example[] = Array.from({ length: 60 }, (_, i) => {
      const signals = Object.fromEntries(SIGNALS.map((s) => [s, 0]));
      signals[telling] = i < 30 ? 0.8 + (i % 5) / 25 : 0.1 + (i % 5) / 25;
      return { signals, y: i < 30 ? 1 : 0 };
    });
    const fit = fitDecision(examples);
    expect(Object.keys(fit.weights)).toEqual([...SIGNALS]);
    expect(fit.weights[telling]).toBeGreaterThan(0);
    const answers = examples.map((e) => confidenceWith(fit, e.signals) >= fit.threshold);
    expect(answers).toEqual(examples.map((e) => e.y === 1));
    expect(fit.fittedOn).toEqual({ examples: 60, positives: 30, accuracy: 1 });
  });
});
