import { describe, expect, it } from "vitest";
import { type Example, fitDecision } from "../../src/eval/calibrate.js";

/** Examples where coverage tells right from wrong, each statement with its own cut. */
function examples(statement: string, cut: number, n: number): Example[] {
  return Array.from({ length: n }, (_, i) => {
    const coverage = (i + 0.5) / n;
    return { signals: { coverage }, y: coverage >= cut ? 1 : 0, statement };
  });
}

describe("fitting the answer decision", () => {
  it("weighs each statement the same, however many questions it has", () => {
    const few = examples("few", 0.7, 20);
    const many = examples("many", 0.3, 40);
    const once = fitDecision([...few, ...many]);
    const tenfold = fitDecision([...few, ...Array.from({ length: 10 }, () => many).flat()]);
    expect(tenfold.weights).toEqual(once.weights);
    expect(tenfold.bias).toBe(once.bias);
    expect(tenfold.threshold).toBe(once.threshold);
  });

  it("answers when a right answer is more likely than not, whatever the examples", () => {
    expect(fitDecision(examples("a", 0.2, 40)).threshold).toBe(0.5);
    expect(fitDecision(examples("b", 0.8, 40)).threshold).toBe(0.5);
  });

  it("answers more often where the examples say answering is right", () => {
    const fit = fitDecision([...examples("a", 0.5, 40), ...examples("b", 0.5, 40)]);
    expect(fit.weights.coverage).toBeGreaterThan(0);
  });
});
