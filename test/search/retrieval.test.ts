import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syntheticCorpus } from "../../src/bench/synthetic.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { createTermScores, searchAny } from "../../src/search/engine.js";
import { type CorpusIndex, createIndex } from "../../src/search/index.js";
import { RANKING } from "../../src/search/ranking.js";
import { analyze } from "../../src/search/text.js";

/** MiniSearch's own OR query, as the engine asked it before keeping each term's scores. */
function miniSearchOr(index: CorpusIndex, terms: string[], own: ReadonlySet<string>) {
  return index.search
    .search(
      { combineWith: "OR", queries: terms },
      { boost: RANKING.fieldBoost, bm25: RANKING.bm25, boostTerm: (term) => (own.has(term) ? 1 : 0.5) },
    )
    .map((r) => ({ doc: r.id as number, score: r.score }));
}

function keptScores(index: CorpusIndex, terms: string[], own: ReadonlySet<string>) {
  const scores = createTermScores(index);
  return searchAny(terms, (term) => scores(term, own.has(term) ? 1 : 0.5));
}

describe.each([
  ["the Zoom statement", () => createIndex(loadCorpus("corpus"))],
  ["a 3,000-paragraph synthetic corpus", () => createIndex(syntheticCorpus())],
])("retrieval over %s", (_, build) => {
  const index = build();
  // Stems the corpus has, and some it does not.
  const vocabulary = [...new Set([...index.documentFrequency.keys()].slice(0, 400).concat(analyze("zebra quantum harbour xylophone")))];

  it("finds the same paragraphs with the same scores, in the same order (ties included), as MiniSearch's OR query", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (terms, isOwn) => {
          const own = new Set(terms.filter((_t, i) => isOwn[i]));
          expect(keptScores(index, terms, own)).toEqual(miniSearchOr(index, terms, own));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps, with a filter and a limit, the first paragraphs the filtered full list starts with (ties included)", () => {
    const scores = createTermScores(index);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        (terms, limit, every) => {
          const keep = (doc: number) => doc % every === 0;
          const of = (term: string) => scores(term, 1);
          expect(searchAny(terms, of, { keep, limit })).toEqual(
            searchAny(terms, of)
              .filter((r) => keep(r.doc))
              .slice(0, limit),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same answer when a term's kept scores are asked for again, with either boost", () => {
    const scores = createTermScores(index);
    const term = vocabulary[0]!;
    const first = scores(term, 1).map((s) => ({ ...s }));
    expect(scores(term, 0.5).map((s) => s.score)).toEqual(first.map((s) => s.score / 2));
    expect(scores(term, 1)).toEqual(first);
  });
});
