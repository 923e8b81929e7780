import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/search/engine.js";
import { exampleStatement } from "./support/statement.js";

describe("what only the best paragraph says", () => {
  const engine = createEngine([
    exampleStatement("garden", "Example Garden Privacy Statement", [
      ["Plots", "Each plot booking records your member number and the greenhouse you chose."],
      ["Tools", "Tool loans record your member number and the date of the loan."],
      ["Compost", "Compost deliveries record your member number and your street address."],
      ["Seeds", "Seed swaps are anonymous and nothing about them is kept."],
    ]),
  ]);

  it("is the share of the question's weight the other matches shown do not say", () => {
    const a = engine.ask("does a greenhouse booking record my member number?");
    const onlyBest = a.reasons.signals.onlyBest!;
    expect(a.matches[0]!.text).toMatch(/greenhouse/);
    expect(onlyBest).toBeGreaterThan(0);
    expect(onlyBest).toBeLessThan(1);
  });

  it("is 0 when the other matches shown say every word the best one does", () => {
    expect(engine.ask("is my member number recorded?").reasons.signals.onlyBest).toBe(0);
  });

  it("is 1 when the best paragraph is the only match", () => {
    const one = createEngine([exampleStatement("seeds", "Example Seed Privacy Statement", [["Seeds", "Seed swaps are anonymous."]])]);
    expect(one.ask("are seed swaps anonymous?").reasons.signals.onlyBest).toBe(1);
  });

  it("is shown with the other signals in the explanation", () => {
    const a = engine.ask("does a greenhouse booking record my member number?", { explain: true });
    expect(a.explanation!.signals.onlyBest).toBe(a.reasons.signals.onlyBest);
  });
});
