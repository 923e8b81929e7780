import { describe, expect, it } from "vitest";
import rankingData from "../../src/search/data/ranking.json" with { type: "json" };
import {
  AnswerTypesSchema,
  ConceptsSchema,
  EXPANSION_DATA,
  FRAMING_DATA,
  FramingSchema,
  IntentsSchema,
  RankingFileSchema,
  RoutingSchema,
} from "../../src/search/data.js";
import { STOP_WORDS } from "../../src/search/text.js";

describe("the engine's data files", () => {
  it("load: every file of src/search/data validates (the module throws at import otherwise)", async () => {
    const data = await import("../../src/search/data.js");
    expect(data.CONCEPT_DATA.concepts.length).toBeGreaterThan(10);
    expect(data.RANKING_DATA.weights.rerankDepth).toBeGreaterThan(0);
  });

  it("refuse a pattern that is not a regular expression, naming where it is", () => {
    const r = FramingSchema.safeParse({ ...FRAMING_DATA, questionFrames: ["\\bok\\b", "(unclosed"] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["questionFrames", 1]);
    expect(AnswerTypesSchema.safeParse({ types: [{ name: "duration", question: ["[a-"], evidence: ["x"] }] }).success).toBe(false);
    expect(IntentsSchema.safeParse({ intents: [{ name: "small-talk", patterns: ["x"] }], selfService: "x" }).success).toBe(false);
  });

  it("refuse a pattern that refers to a group by number, which joining patterns into one would break", () => {
    const intents = (pattern: string) => IntentsSchema.safeParse({ intents: [{ name: "how-to", patterns: [pattern] }], selfService: "x" });
    expect(intents("(a)\\s+\\1").success).toBe(false);
    expect(intents("\\1").success).toBe(false);
    expect(intents("(?<w>a)\\s+\\k<w>").success).toBe(true);
    expect(intents("a\\\\1").success).toBe(true);
  });

  it("refuse a concept that says no statement attests it, or a weight out of range", () => {
    expect(ConceptsSchema.safeParse({ concepts: [{ name: "retention", phrases: ["kept for"], attested: [] }] }).success).toBe(false);
    expect(ConceptsSchema.safeParse({ concepts: [{ name: "Retention Period", phrases: ["kept for"], attested: ["zoom"] }] }).success).toBe(
      false,
    );
    expect(RoutingSchema.safeParse({ genericTitleWords: ["privacy"], minOwnShare: 2 }).success).toBe(false);
    const broken = { ...rankingData, weights: { ...rankingData.weights, pointerFactor: 1.5 } };
    expect(RankingFileSchema.safeParse(broken).success).toBe(false);
  });

  it("say nothing of stop words alone, which no question word is read as and no paragraph is indexed by", () => {
    const onlyStopWords = (phrase: string) => phrase.split(" ").every((w) => STOP_WORDS.has(w));
    const { expansions } = EXPANSION_DATA;
    // A phrase of stop words is one word of the question ("get into"); a single stop word is dropped before.
    expect(Object.keys(expansions).filter((k) => !k.includes(" ") && STOP_WORDS.has(k))).toEqual([]);
    expect(Object.entries(expansions).flatMap(([k, said]) => said.filter(onlyStopWords).map((p) => `${k} → ${p}`))).toEqual([]);
  });
});
