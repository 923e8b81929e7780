import { describe, expect, it } from "vitest";
import { evaluateSet, loadQuestionSets } from "../../src/eval/run.js";

// Floors just under the measured figures on the project's own Zoom and Canvas sets: a change that makes answers
// worse there fails CI. (The decision weighs every development statement the same, so it escalates more of these
// two statements' questions than one fitted mostly on them would: their floors were lowered with that change.) The shared development sets carry no floor: a floor on them would make them training data.
const FLOORS: Record<string, { accuracy: number; hit3: number }> = {
  zoom: { accuracy: 0.93, hit3: 0.97 },
  "zoom, plain phrasing": { accuracy: 0.9, hit3: 0.97 },
  "canvas (second statement)": { accuracy: 0.85, hit3: 0.95 },
  "canvas, plain phrasing": { accuracy: 0.9, hit3: 0.95 },
};

// Statements of other institutions with questions written for them, like the shared sets, carry none either.
const NO_FLOOR = new Set(["four other institutions", "four more institutions", "four further institutions"]);

describe("answer quality on the project's question sets", () => {
  for (const set of loadQuestionSets({ includeOptional: false }).filter((s) => !NO_FLOOR.has(s.name))) {
    it(`${set.name} stays above its floor`, () => {
      const r = evaluateSet(set);
      const floor = FLOORS[set.name];
      expect(floor, `no floor for set ${set.name}`).toBeDefined();
      expect(r.accuracy).toBeGreaterThanOrEqual(floor!.accuracy);
      expect(r.hit3 / r.answerable).toBeGreaterThanOrEqual(floor!.hit3);
    });
  }
});
