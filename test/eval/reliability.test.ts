import { describe, expect, it } from "vitest";
import { reliability } from "../../src/eval/reliability.js";

describe("expected calibration error", () => {
  it("weights each bin's |mean confidence − share right| by its share of the questions", () => {
    const points = [
      ...[true, true, true, false].map((right) => ({ confidence: 0.95, right })), // bin 0.9–1.0: 0.95 against 0.75
      { confidence: 0.15, right: false }, // bin 0.1–0.2: 0.15 against 0
      { confidence: 0.15, right: false },
    ];
    const { ece, bins } = reliability(points);
    expect(ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.15, 10);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ count: 4, shareRight: 0.75 });
    expect(bins[9]!.meanConfidence).toBeCloseTo(0.95, 10);
    expect(bins[1]).toMatchObject({ count: 2, shareRight: 0 });
    expect(bins.filter((b) => b.count === 0)).toHaveLength(8);
  });

  it("is 0 when confidence matches the share right, and puts 0 and 1 in the end bins", () => {
    const points = [
      { confidence: 1, right: true },
      { confidence: 0, right: false },
      { confidence: 0.3, right: false },
    ];
    const { ece, bins } = reliability(points);
    expect(bins[9]!.count).toBe(1);
    expect(bins[0]!.count).toBe(1);
    expect(bins[3]!.count).toBe(1); // 0.3 opens the 0.3–0.4 bin
    expect(ece).toBeCloseTo(0.3 / 3, 10);
  });
});
