import { describe, expect, it } from "vitest";
import { fitRanking, rankingObjective, weightOf, withWeight } from "../../src/eval/fit-ranking.js";
import { loadQuestionSets } from "../../src/eval/sets.js";
import { RANKING } from "../../src/search/ranking.js";

describe("fitting the ranking weights", () => {
  it("sets one weight, nested or not, and leaves the rest", () => {
    const r = withWeight(withWeight(RANKING, "bm25Share", 0.35), "fieldBoost.section", 2.5);
    expect(weightOf(r, "bm25Share")).toBe(0.35);
    expect(r.fieldBoost).toEqual({ ...RANKING.fieldBoost, section: 2.5 });
    expect(RANKING.fieldBoost.section).not.toBe(2.5);
  });

  it("never asks a held-out statement's questions while fitting", () => {
    const sets = loadQuestionSets({ includeOptional: false }).filter((s) => s.name.startsWith("canvas"));
    const asked: string[] = [];
    const keep = (s: string) => {
      asked.push(s);
      return s !== "canvas-privacy-statement";
    };
    expect(rankingObjective(sets, RANKING, keep)).toBe(0);
    const { ranking, objective } = fitRanking(sets, RANKING, keep, 1);
    expect(objective).toBe(0);
    expect(ranking).toEqual(RANKING);
    expect(new Set(asked)).toEqual(new Set(["canvas-privacy-statement"]));
  });

  it("scores a statement's answerable questions by rank-1 and half its hit@3", () => {
    const sets = loadQuestionSets({ includeOptional: false }).filter((s) => s.name === "canvas, plain phrasing");
    const score = rankingObjective(sets, RANKING, () => true);
    expect(score).toBeGreaterThan(1);
    expect(score).toBeLessThanOrEqual(1.5);
  });
});
