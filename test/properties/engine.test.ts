import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRealEngine } from "../slack/support/real-engine.js";
import { anyText } from "./support/hostile-text.js";
import { MAX_MS_PER_CALL, RUNS, timed } from "./support/runs.js";

const engine = createRealEngine();
const paragraphIds = new Set(engine.statements.flatMap((s) => s.sections.flatMap((sec) => sec.paragraphs.map((p) => p.id))));

describe("the engine on any input", () => {
  it("never throws, answers within bounds, only ever quotes paragraphs of the corpus, and is deterministic", () => {
    fc.assert(
      fc.property(anyText, (question) => {
        const { value: answer, ms } = timed(() => engine.ask(question));
        expect(ms).toBeLessThan(MAX_MS_PER_CALL);
        expect(answer.question).toBe(question);
        expect(["answer", "escalate"]).toContain(answer.decision);
        expect(Number.isFinite(answer.confidence)).toBe(true);
        expect(answer.confidence).toBeGreaterThanOrEqual(0);
        expect(answer.confidence).toBeLessThanOrEqual(1);
        expect(answer.matches.length).toBeLessThanOrEqual(3);
        if (answer.decision === "answer") expect(answer.matches.length).toBeGreaterThan(0);
        for (const m of answer.matches) {
          expect(paragraphIds.has(m.paragraphId)).toBe(true);
          expect(Number.isFinite(m.score)).toBe(true);
        }
        const again = engine.ask(question);
        expect([again.decision, again.matches.map((m) => m.paragraphId)]).toEqual([
          answer.decision,
          answer.matches.map((m) => m.paragraphId),
        ]);
      }),
      { numRuns: RUNS.engine },
    );
  });
});
