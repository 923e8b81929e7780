import { describe, expect, it } from "vitest";
import { syntheticCorpus } from "../../src/bench/synthetic.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex, indexFromJSON, indexToJSON } from "../../src/search/index.js";

const QUESTIONS = [
  "does harvard sell my information?",
  "how long do you keep my recordings?",
  "when was this statment updated",
  "can zoom see my ip adress",
  "wehre is my data stored",
  "how many days are logs kept",
  "Can Harvard tell which browser I use?",
  "who do I contact about my data?",
  "is zoom 100% secure",
  "",
];

describe.each([
  ["the Zoom statement", () => loadCorpus("corpus")],
  ["a synthetic corpus", () => syntheticCorpus({ statements: 20, unitsPerStatement: 20 })],
])("an index built deferred, over %s", (_, statements) => {
  const corpus = statements();

  it("answers every question exactly as one built upfront", () => {
    const eager = createEngine(corpus);
    const deferred = createEngine(corpus, { deferred: true });
    for (const q of QUESTIONS) expect(deferred.ask(q, { explain: true })).toEqual(eager.ask(q, { explain: true }));
  });

  it("answers every question exactly so when written as JSON and read back, as `ask` keeps it", () => {
    const eager = createEngine(corpus);
    const index = indexFromJSON(corpus, indexToJSON(createIndex(corpus, { deferred: true })));
    expect(index).toBeDefined();
    const read = createEngine(corpus, { index });
    for (const q of QUESTIONS) expect(read.ask(q, { explain: true })).toEqual(eager.ask(q, { explain: true }));
  });

  it("is not read back for other statements, or from text that is not an index", () => {
    const json = indexToJSON(createIndex(corpus, { deferred: true }));
    expect(indexFromJSON(corpus.slice(1), json)).toBeUndefined();
    expect(indexFromJSON(corpus, json.slice(0, 100))).toBeUndefined();
    expect(indexFromJSON(corpus, JSON.stringify({ form: 0 }))).toBeUndefined();
  });

  it("works out each paragraph's bigrams, roles, answer types, pointing and self-service as the upfront build does", () => {
    const eager = createIndex(corpus);
    const deferred = createIndex(corpus, { deferred: true });
    expect([...deferred.givingAnswerType]).toEqual([...eager.givingAnswerType]);
    expect([...deferred.words]).toEqual([...eager.words]);
    deferred.paragraphs.forEach((p, i) => {
      const q = eager.paragraphs[i]!;
      expect([p.bigrams, p.roles, p.answerTypes, p.pointer, p.selfService]).toEqual([
        q.bigrams,
        q.roles,
        q.answerTypes,
        q.pointer,
        q.selfService,
      ]);
    });
  });
});
