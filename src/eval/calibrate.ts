import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SIGNALS } from "../search/decide.js";
import { loadQuestionSets, ROOT } from "./run.js";

/** One training example: the decision signals for a question, and whether answering it would be right. */
interface Example {
  x: number[];
  y: 0 | 1;
}

/** L2 penalty: keeps weights small so a handful of odd questions cannot dominate. */
const L2 = 0.001;

/**
 * Fits the answer decision (`npm run calibrate`): a logistic regression from the decision signals to "the best
 * paragraph is a right answer", on the project's own question sets (not the shared development set, which stays
 * held out). Answerable questions whose best paragraph is wrong are left out: neither outcome is right for them.
 * Writes src/search/data/calibration.json; rebuild and run `npm run eval` after.
 */
export async function runCalibrate(): Promise<number> {
  const examples: Example[] = [];
  for (const { items, keys, engine } of loadQuestionSets({ includeOptional: false })) {
    for (const item of items) {
      const a = engine.ask(item.q);
      if (a.matches.length === 0) continue;
      const x = SIGNALS.map((s) => a.reasons.signals[s] ?? 0);
      if (item.expect.length === 0) examples.push({ x, y: 0 });
      else {
        const top = a.matches[0]!.text.toLowerCase();
        const held = Object.entries(keys).filter(([, phrase]) => top.includes(phrase.toLowerCase()));
        if (held.length === 1 && item.expect.includes(held[0]![0])) examples.push({ x, y: 1 });
      }
    }
  }
  const { weights, bias } = fitLogistic(examples);
  // The threshold: the confidence that maximises accuracy on the same examples, searched on a grid and averaged
  // over its neighbours (±0.05), so that it sits in a broad run of good thresholds rather than on a spike one
  // question wide; among equals, the middle of the run.
  const grid = Array.from({ length: 61 }, (_, i) => (20 + i) / 100);
  // Requests and how-to questions never answer (see confidenceFrom), whatever the threshold.
  const intent = ["request", "howTo"].map((s) => SIGNALS.indexOf(s as (typeof SIGNALS)[number]));
  const answers = (e: Example, t: number) => !intent.some((i) => e.x[i]) && predict(weights, bias, e.x) >= t;
  const right = grid.map((t) => examples.filter((e) => (answers(e, t) ? 1 : 0) === e.y).length);
  const smooth = right.map((_, i) => {
    const window = right.slice(Math.max(0, i - 5), i + 6);
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
  const top = Math.max(...smooth);
  const best = grid.filter((_, i) => smooth[i]! >= top - 1e-9);
  const threshold = best[Math.floor((best.length - 1) / 2)] ?? 0.5;
  const bestRight = right[grid.indexOf(threshold)] ?? 0;
  const file = join(ROOT, "src/search/data/calibration.json");
  const out = {
    $comment: "Written by `npm run calibrate`: logistic-regression weights for the answer decision (see src/search/decide.ts).",
    weights: Object.fromEntries(SIGNALS.map((s, i) => [s, round(weights[i]!)])),
    bias: round(bias),
    threshold,
    fittedOn: { examples: examples.length, positives: examples.filter((e) => e.y === 1).length, accuracy: round(bestRight / examples.length) },
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\nwrote ${file}\n`);
  return 0;
}

function predict(w: number[], b: number, x: number[]): number {
  let z = b;
  x.forEach((v, i) => (z += w[i]! * v));
  return 1 / (1 + Math.exp(-z));
}

/** Batch gradient descent on the L2-regularised log loss; the problem is small and convex. */
export function fitLogistic(examples: readonly Example[], iterations = 50_000, rate = 1): { weights: number[]; bias: number } {
  const d = examples[0]?.x.length ?? 0;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const n = Math.max(1, examples.length);
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (const e of examples) {
      const err = predict(w, b, e.x) - e.y;
      e.x.forEach((v, i) => (gw[i]! += err * v));
      gb += err;
    }
    for (let i = 0; i < d; i++) w[i]! -= rate * (gw[i]! / n + L2 * w[i]!);
    b -= rate * (gb / n);
  }
  return { weights: w, bias: b };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
