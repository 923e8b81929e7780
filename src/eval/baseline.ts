import MiniSearch from "minisearch";
import { stemmer } from "stemmer";
import type { Statement } from "../corpus/statement.js";
import type { ScoredResponse } from "./score.js";

/**
 * English stop words for the baseline: a common general-purpose list (articles, pronouns, auxiliaries,
 * prepositions, conjunctions), fixed here so the baseline does not move when the engine's own vocabulary does.
 */
const BASELINE_STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves"
  ).split(" "),
);

/** Paragraphs shown, as the engine shows them. */
const SHOWN = 3;

/**
 * Plain MiniSearch, the yardstick for the engine's ranking: BM25 over each paragraph's text with MiniSearch's
 * defaults plus stop words and the Porter stemmer, fuzzy 0.2, prefix search, terms OR-ed. It never escalates
 * (except when nothing matches at all) and has no confidence.
 */
export function createBaseline(statements: readonly Statement[]): { ask(question: string): ScoredResponse } {
  const texts = statements.flatMap((s) => s.sections.flatMap((sec) => sec.paragraphs.map((p) => p.text)));
  const processTerm = (term: string) => {
    const t = term.toLowerCase();
    return BASELINE_STOP_WORDS.has(t) ? null : stemmer(t);
  };
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    processTerm,
    searchOptions: { fuzzy: 0.2, prefix: true, combineWith: "OR" },
  });
  search.addAll(texts.map((text, id) => ({ id, text })));
  return {
    ask(question) {
      const matches = search
        .search(question)
        .slice(0, SHOWN)
        .map((r) => ({ text: texts[r.id as number]! }));
      return { decision: matches.length > 0 ? "answer" : "escalate", confidence: null, matches };
    },
  };
}
