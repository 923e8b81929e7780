import { describe, expect, it } from "vitest";
import { evaluateSet, loadQuestionSets } from "../../src/eval/run.js";

// Floors just under the measured figures (README, "Answer quality"): a change that makes answers worse fails CI.
const FLOORS: Record<string, { accuracy: number; hit3: number }> = {
  zoom: { accuracy: 0.93, hit3: 0.97 },
  "zoom, plain phrasing": { accuracy: 0.93, hit3: 0.97 },
  "canvas (second statement)": { accuracy: 0.91, hit3: 0.95 },
  "canvas, plain phrasing": { accuracy: 0.9, hit3: 0.95 },
  "shared dev set": { accuracy: 0.97, hit3: 0.97 },
};

describe("answer quality on the project's question sets", () => {
  for (const set of loadQuestionSets({ includeOptional: true })) {
    it(`${set.name} stays above its floor`, () => {
      const r = evaluateSet(set);
      const floor = FLOORS[set.name];
      expect(floor, `no floor for set ${set.name}`).toBeDefined();
      expect(r.accuracy).toBeGreaterThanOrEqual(floor!.accuracy);
      expect(r.hit3 / r.answerable).toBeGreaterThanOrEqual(floor!.hit3);
    });
  }
});
