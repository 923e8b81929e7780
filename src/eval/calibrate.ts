import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Answer } from "../search/answer.js";
import { confidenceFrom, type DecisionSignals, SIGNALS } from "../search/decide.js";
import { type EvalItem, normalizeForScoring } from "./score.js";
import { loadQuestionSets, ROOT } from "./sets.js";

/** One training example: the decision signals for a question, and whether answering it would be right. */
export interface Example {
  signals: Readonly<Record<string, number>>;
  y: 0 | 1;
  /** The statement the question is about: each statement weighs the same in a fit (see fitDecision). */
  statement?: string;
  /**
   * An answerable question whose best paragraph is not a right answer: answering it is wrong, so it is a negative
   * of the regression (at MISRANKED_WEIGHT); escalating it is scored wrong too, so it does not move the threshold.
   */
  misranked?: boolean;
}

/** A fitted answer decision: what `data/calibration.json` holds and `confidenceFrom` reads. */
export interface FittedDecision {
  weights: Record<string, number>;
  bias: number;
  threshold: number;
  fittedOn: { examples: number; positives: number; accuracy: number };
}

/** L2 penalty: keeps weights small so a handful of odd questions cannot dominate. */
const L2 = 0.001;

/**
 * How much a misranked answerable question weighs as a negative beside an unanswerable one. Without them the
 * regression learns only "answerable or not" and a question whose best paragraph is wrong can still be answered
 * with confidence 0.95; at full weight they are a fifth of the negatives and crowd out what tells the questions no
 * statement answers. Half, measured leave one statement out: confident answers right 0.95 → 0.98, accuracy
 * 0.872 → 0.879, for a few more unanswerable questions answered at low confidence (168 → 165 of 184 escalated).
 */
const MISRANKED_WEIGHT = 0.5;

/**
 * The training example a question gives, or none: an unanswerable question is a negative (answering it is wrong),
 * an answerable one whose best paragraph is the expected one a positive, and one whose best paragraph is wrong a
 * `misranked` negative (answering it is wrong too; see MISRANKED_WEIGHT). A question with no candidate paragraph
 * has no signals and gives nothing to learn from.
 */
export function exampleFrom(item: EvalItem, answer: Answer, keyPhrases: Record<string, string>): Example | undefined {
  if (answer.matches.length === 0 || Object.keys(answer.reasons.signals).length === 0) return undefined;
  const signals = answer.reasons.signals;
  if (item.expect.length === 0) return { signals, y: 0, statement: item.statement };
  const top = normalizeForScoring(answer.matches[0]!.text);
  const held = Object.entries(keyPhrases).filter(([, phrase]) => top.includes(normalizeForScoring(phrase)));
  if (held.length === 1 && item.expect.includes(held[0]![0])) return { signals, y: 1, statement: item.statement };
  return { signals, y: 0, statement: item.statement, misranked: true };
}

/** The engine's signals by name, with 0 for any it did not report, as `confidenceFrom` reads them. */
export function fullSignals(signals: Readonly<Record<string, number>>): DecisionSignals {
  return Object.fromEntries(SIGNALS.map((s) => [s, signals[s] ?? 0])) as unknown as DecisionSignals;
}

/** The confidence a fitted decision gives a question from its signals alone (see `confidenceFrom`). */
export function confidenceWith(
  decision: Pick<FittedDecision, "weights" | "bias" | "threshold">,
  signals: Readonly<Record<string, number>>,
): number {
  return confidenceFrom(fullSignals(signals), decision.weights, decision.bias, decision.threshold);
}

/**
 * The confidence at which the bot answers. The fitted confidence reads as the chance that the paragraph shown
 * answers the question (its positives are right best paragraphs, and its calibration error held out is a few
 * hundredths), so at 0.5 the bot answers when a right answer is more likely than not. The threshold used to be the
 * one that maximised accuracy on the development questions; it sat on a flat top that a small change elsewhere
 * moved by as much as 0.15 (0.43 → 0.58 for three more right best paragraphs), and measured leave one statement
 * out it did no better than this one: accuracy 0.901 chosen against 0.908 at 0.5 (0.895–0.911 from 0.45 to 0.6).
 */
export const ANSWER_AT = 0.5;

/**
 * Fits the answer decision on examples: a logistic regression from the decision signals (every name in
 * `SIGNALS`) to "the best paragraph is a right answer", answering at ANSWER_AT; `fittedOn.accuracy` is the
 * accuracy on the same examples. Used by `npm run calibrate` on every development statement and by `npm run eval` once per statement
 * left out.
 */
export function fitDecision(examples: readonly Example[]): FittedDecision {
  const names = [...SIGNALS];
  // Each statement weighs the same, however many questions it has: the decision is for statements it has not
  // seen, and one statement with most of the questions would otherwise make it that statement's decision.
  const perStatement = new Map<string | undefined, number>();
  for (const e of examples) perStatement.set(e.statement, (perStatement.get(e.statement) ?? 0) + 1);
  const balance = (e: Example) => examples.length / (perStatement.size * perStatement.get(e.statement)!);
  const xs = examples.map((e) => ({
    x: names.map((s) => e.signals[s] ?? 0),
    y: e.y,
    w: balance(e) * (e.misranked ? MISRANKED_WEIGHT : 1),
  }));
  const { weights: w, bias } = fitLogistic(xs);
  const weights = Object.fromEntries(names.map((s, i) => [s, round(w[i]!)]));
  const roundedBias = round(bias);
  // Escalating a misranked question is no more right than answering it: only the others count in the accuracy.
  const scored = examples.filter((e) => !e.misranked);
  const scoredWeight = scored.reduce((sum, e) => sum + balance(e), 0);
  const threshold = ANSWER_AT;
  const right = scored.reduce(
    (sum, e) =>
      sum + ((confidenceFrom(fullSignals(e.signals), weights, roundedBias, threshold) >= threshold ? 1 : 0) === e.y ? balance(e) : 0),
    0,
  );
  return {
    weights,
    bias: roundedBias,
    threshold,
    fittedOn: {
      examples: examples.length,
      positives: examples.filter((e) => e.y === 1).length,
      accuracy: round(right / Math.max(1e-9, scoredWeight)),
    },
  };
}

/**
 * Fits the answer decision (`npm run calibrate`) on every development statement's questions — the project's sets
 * and, when `../shared` is present, the shared ones — and writes src/search/data/calibration.json; rebuild and run
 * `npm run eval` after. `npm run eval` measures the same fit on each statement left out.
 */
export async function runCalibrate(): Promise<number> {
  const examples: Example[] = [];
  const sets = loadQuestionSets({ includeOptional: true });
  for (const { items, keys, engine } of sets) {
    for (const item of items) {
      const e = exampleFrom(item, engine.ask(item.q), keys);
      if (e) examples.push(e);
    }
  }
  const fit = fitDecision(examples);
  const file = join(ROOT, "src/search/data/calibration.json");
  const out = {
    $comment: "Written by `npm run calibrate`: logistic-regression weights for the answer decision (see src/search/decide.ts).",
    weights: fit.weights,
    bias: fit.bias,
    threshold: fit.threshold,
    fittedOn: fit.fittedOn,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\nwrote ${file}, fitted on: ${sets.map((s) => s.name).join("; ")}\n`);
  return 0;
}

function predict(w: readonly number[], b: number, x: readonly number[]): number {
  let z = b;
  for (let i = 0; i < x.length; i++) z += w[i]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** The objective: mean log loss plus the L2 penalty on the weights (not the bias). */
function objective(xs: readonly Weighted[], w: readonly number[], b: number): number {
  let loss = 0;
  let n = 0;
  for (const { x, y, w: weight = 1 } of xs) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, predict(w, b, x)));
    loss -= weight * (y ? Math.log(p) : Math.log(1 - p));
    n += weight;
  }
  return loss / Math.max(1e-12, n) + (L2 / 2) * w.reduce((a, v) => a + v * v, 0);
}

/** A training point: signals, outcome, and how much it weighs (1 unless said). */
interface Weighted {
  x: number[];
  y: 0 | 1;
  w?: number;
}

/**
 * The L2-regularised logistic regression, by Newton's method with a halving line search: the problem is small
 * (a dozen signals, a few hundred examples) and convex, so a few steps reach the optimum that gradient descent
 * only approaches in tens of thousands — `npm run eval` fits once per statement and stays fast.
 */
export function fitLogistic(examples: readonly Weighted[], maxSteps = 100): { weights: number[]; bias: number } {
  const d = examples[0]?.x.length ?? 0;
  const n = Math.max(
    1e-12,
    examples.reduce((a, e) => a + (e.w ?? 1), 0),
  );
  let w = new Array<number>(d).fill(0);
  let b = 0;
  let current = objective(examples, w, b);
  for (let step = 0; step < maxSteps; step++) {
    // Gradient and Hessian over (weights…, bias); the bias is the last coordinate and is not penalised.
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const { x, y, w: weight = 1 } of examples) {
      const p = predict(w, b, x);
      const s = weight * p * (1 - p);
      const xe = [...x, 1];
      for (let i = 0; i <= d; i++) {
        g[i]! += weight * (p - y) * xe[i]!;
        for (let j = 0; j <= i; j++) h[i]![j]! += s * xe[i]! * xe[j]!;
      }
    }
    for (let i = 0; i <= d; i++) {
      g[i]! /= n;
      for (let j = 0; j <= i; j++) h[j]![i] = h[i]![j]! /= n;
      if (i < d) {
        g[i]! += L2 * w[i]!;
        h[i]![i]! += L2;
      } else h[i]![i]! += 1e-12;
    }
    const delta = solve(h, g);
    let t = 1;
    let next = { w, b, value: current };
    while (t > 1e-8) {
      const cw = w.map((v, i) => v - t * delta[i]!);
      const cb = b - t * delta[d]!;
      const value = objective(examples, cw, cb);
      if (value <= current) {
        next = { w: cw, b: cb, value };
        break;
      }
      t /= 2;
    }
    const moved = Math.max(...delta.map((v) => Math.abs(v * t)));
    w = next.w;
    b = next.b;
    const improved = current - next.value;
    current = next.value;
    if (moved < 1e-10 || improved < 1e-14) break;
  }
  return { weights: w, bias: b };
}

/** Solves A·x = y by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: readonly number[][], y: readonly number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-300;
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / p;
      if (f !== 0) for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / (m[r]![r]! || 1e-300);
  }
  return x;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
