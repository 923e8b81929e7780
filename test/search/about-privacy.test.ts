import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/search/engine.js";
import { exampleStatement } from "./support/statement.js";

describe("whether a question says anything of privacy", () => {
  const engine = createEngine([
    exampleStatement("garden", "Example Garden Privacy Statement", [
      ["Plots", "Each plot booking records your member number and the greenhouse you chose."],
      ["Opening hours", "The greenhouse opens at eight and the garden app shows which plots are free."],
      ["Police", "We give plot records to the police only with a court order."],
    ]),
  ]);
  const about = (q: string) => engine.ask(q).reasons.signals.aboutPrivacy;

  it("is 1 for a question about handling information: a verb of receiving or giving, a concept, the vocabulary", () => {
    expect(about("does the greenhouse see my member number?")).toBe(1);
    expect(about("can the cops get my plot")).toBe(1);
    expect(about("is my plot booking shared?")).toBe(1);
  });

  it("is 0 for a question about the service alone, which the statement cannot answer", () => {
    expect(about("how big is a garden plot")).toBe(0);
    expect(about("do tomatoes grow well in the greenhouse")).toBe(0);
  });
});
