import type { Statement } from "../corpus/statement.js";
import { statementAffinity, statementsSayingConcept } from "./affinity.js";
import type { Answer, AnswerEngine, AskOptions, Match } from "./answer.js";
import { DECIDE_ONLY_TYPES, expectedAnswerTypes, RANK_ONLY_TYPES } from "./answer-type.js";
import { ANSWER_THRESHOLD, conceptWeight, confidenceFrom, covers, type DecisionSignals, rankingCoverage } from "./decide.js";
import { explainAnswer } from "./explain.js";
import { type CorpusIndex, createIndex, INDEX_FIELDS, type IndexedParagraph } from "./index.js";
import { detectIntent, offersSelfService } from "./intent.js";
import { analyseQuestion, asAsked, type Concept, withAside } from "./question.js";
import type { Asked, Ranked } from "./ranked.js";
import { RANKING, type Ranking } from "./ranking.js";
import { englishRarity } from "./rarity.js";
import { DATA_VERBS } from "./roles.js";
import { routeQuestion, titleNames } from "./route.js";

/** A word in more than this share of paragraphs is left out of retrieval (but not of coverage): it finds nothing
 * the others do not, and costs a pass over most of the index. */
const COMMON_SHARE = 0.15;
/** … and only when that is many paragraphs: in a small corpus a common word is cheap and still helps ranking. */
const COMMON_MIN_PARAGRAPHS = 300;
/** The least total weight a question is measured against, as a share of the rarest corpus word's weight. */
const VAGUE_WEIGHT = 0.01;
/**
 * The runner-up's coverage as a share of the best's is read up to twice: past that the best paragraph covers
 * next to nothing, and an unbounded ratio (hundreds, for a question no paragraph says) would let one signal
 * outweigh all the others in the fitted decision.
 */
const RUNNER_UP_CAP = 2;
/** Matches returned with every answer, best first (the CLI contract: up to 3). */
const MATCHES_SHOWN = 3;
/** At most this many (term, paragraph) scores are kept (see createTermScores), a few MB; past it they start afresh. */
const TERM_SCORES_KEPT = 250_000;

/** What an engine may be built with besides its statements: other ranking weights, when fitting them. */
export interface EngineOptions {
  ranking?: Ranking;
  /** Build the index `deferred` (see IndexOptions): for a process that answers a question or two and exits. */
  deferred?: boolean;
  /** The index of these statements, already built (read back from the cache: see cached-index.ts). */
  index?: CorpusIndex;
}

/** Builds the index once and answers questions from it; pure apart from that. */
export function createEngine(
  statements: readonly Statement[],
  { ranking = RANKING, deferred, index: built }: EngineOptions = {},
): AnswerEngine {
  const index = built ?? createIndex(statements, { deferred });
  const n = index.paragraphs.length;
  const idfCache = new Map<string, number>();
  const idf = (stem: string): number | undefined => {
    const df = index.documentFrequency.get(stem);
    if (df === undefined) return undefined;
    let v = idfCache.get(stem);
    if (v === undefined) {
      v = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      idfCache.set(stem, v);
    }
    return v;
  };
  const maxIdf = Math.log(1 + (n - 1 + 0.5) / 1.5);
  const termScores = createTermScores(index, ranking);

  return {
    statements,
    ask: (question, options) => answer(question, index, idf, maxIdf, termScores, ranking, options),
  };
}

function answer(
  question: string,
  index: CorpusIndex,
  idf: (stem: string) => number | undefined,
  maxIdf: number,
  termScores: TermScores,
  ranking: Ranking,
  options: AskOptions = {},
): Answer {
  // Read as if asked straight away: "hi! quick question:" would hide how the question starts, "thanks!" how it ends.
  const { question: text, asker, around, others, when } = asAsked(question);
  let analysed = analyseQuestion(text, index);
  // Who asks and what they tell only add to a question: "As a staff member, thanks!" asks nothing.
  if (analysed.concepts.length > 0) {
    if (around) analysed = withAside(analysed, analyseQuestion(around, index), "around");
    if (when) analysed = withAside(analysed, analyseQuestion(when, index), "when");
    // The other questions of the message weigh as who asks does: the first question is the one answered.
    // A question about the person themselves ("does this apply to me?") is about who they said they are: that ranks
    // as what they tell does.
    const aboutThem = asker !== "" && ABOUT_THE_PERSON.test(text);
    if (aboutThem) analysed = withAside(analysed, analyseQuestion(asker, index), "around");
    const aside = [aboutThem ? "" : asker, others].filter(Boolean).join(" ");
    if (aside) analysed = withAside(analysed, analyseQuestion(aside, index), "asker");
  }
  const { concepts, corrections, recipients, corrected, spelled } = analysed;
  const terms = concepts.map((c) => c.stem);
  if (concepts.length === 0) {
    return {
      question,
      decision: "escalate",
      confidence: 0,
      matches: [],
      reasons: { terms, coverage: 0, margin: 0, signals: {}, rule: "no content words" },
    };
  }
  // What is said aside ranks paragraphs at asideShare of its weight, and weighs as much in the decision; a clause
  // telling when the question applies weighs in full there (see Concept.aside).
  const own = concepts.map((c) => conceptWeight(c, idf, maxIdf, englishRarity, ranking));
  const weights = own.map((w, i) => (concepts[i]!.aside ? w.weight * ranking.asideShare : w.weight));
  const weighed = own.map((w, i) => (asideInDecision(concepts[i]!) ? { ...w, weight: weights[i]! } : w));
  const expected = expectedAnswerTypes(spelled, corrected);
  const asked: Asked = {
    recipients,
    expected,
    typeWeight: expected.length > 0 ? ranking.typeShare * maxIdf ** ranking.weightExponent : 0,
    routing: routeQuestion(concepts, index),
  };
  const ranked = rank(concepts, weights, asked, index, termScores, ranking);
  const best = ranked[0];
  const signals = best ? decisionSignals(spelled, concepts, weighed, ranked, index, maxIdf, asked) : undefined;
  const confidence = signals ? confidenceFrom(signals) : 0;
  const decision = confidence >= ANSWER_THRESHOLD ? "answer" : "escalate";
  const rule = [
    ...(signals ? Object.entries(signals).map(([k, v]) => `${k} ${v.toFixed(2)}`) : ["no paragraph shares a word"]),
    ...corrections.map((c) => `typo ${c}`),
    `${decision} at threshold ${ANSWER_THRESHOLD}`,
  ].join("; ");
  const shown = ranked.slice(0, MATCHES_SHOWN);
  return {
    question,
    decision,
    confidence,
    matches: shown.map((r) => toMatch(r.doc, index, r.score)),
    reasons: { terms, coverage: round(signals?.coverage ?? 0), margin: round(signals?.margin ?? 0), signals: { ...signals }, rule },
    ...(options.explain
      ? { explanation: explainAnswer({ concepts, weights, corrections, asked, shown, index, signals: { ...signals } }) }
      : {}),
  };
}

/** The signals the calibrated decision reads about the best paragraph (see decide.ts). */
export function decisionSignals(
  question: string,
  concepts: readonly Concept[],
  weighed: readonly { weight: number; known: boolean }[],
  ranked: readonly Ranked[],
  index: CorpusIndex,
  maxIdf: number,
  asked: Asked,
): DecisionSignals {
  const best = ranked[0]!;
  const paragraph = index.paragraphs[best.doc]!;
  // What the paragraph's phrasings say counts as said, as what its heading says does.
  const { phrasings } = paragraph;
  const stems =
    phrasings.length === 0 ? paragraph.stems : { has: (s: string) => paragraph.stems.has(s) || phrasings.some((p) => p.has(s)) };
  let total = 0;
  let known = 0;
  let knownCovered = 0;
  let unknown = 0;
  let inOtherWords = 0;
  let headingOnly = 0;
  let elsewhere = 0;
  concepts.forEach((c, i) => {
    const { weight, known: isKnown } = weighed[i]!;
    // What is said aside from the question counts for a paragraph that says it ("guests" for a guest), never
    // against one that does not.
    const aside = asideInDecision(c);
    if (aside && !covers(stems, c)) return;
    total += weight;
    // A word another statement says and the best paragraph's statement never does (see DecisionSignals.elsewhere).
    if (isKnown && index.statementCount > 1) {
      const said = statementsSayingConcept(c, index.statementsSaying);
      if (said.size > 0 && !said.has(paragraph.statement.id)) elsewhere += weight;
    }
    if (!isKnown) unknown += weight;
    else {
      known += weight;
      if (covers(stems, c)) {
        knownCovered += weight;
        // Only what is asked can be said too loosely: who asks, said in other words, counts for the paragraph.
        if (!aside && !paragraph.ownStems.has(c.stem) && !stems.has(c.stem)) inOtherWords += weight;
        if (!aside && !covers(paragraph.ownStems, c)) headingOnly += weight;
      }
    }
  });
  // What only the best paragraph says among those shown (see DecisionSignals.onlyBest).
  const shownOthers = ranked.slice(1, MATCHES_SHOWN).map((r) => index.paragraphs[r.doc]!);
  let onlyBest = 0;
  if (shownOthers.length > 0)
    concepts.forEach((c, i) => {
      if (saysAtAll(paragraph, c) && !shownOthers.some((p) => saysAtAll(p, c))) onlyBest += weighed[i]!.weight;
    });
  // A request the statement says the reader can carry out themselves is answered by saying how. What they can do
  // is offered in the service, not by its name: "You can switch off CedarSafe's location access" offers nothing
  // to "does cedarsafe work on apple watch".
  const title = titleNames(paragraph.statement);
  const doing = concepts.filter((c) => !title.has(c.stem));
  const intent = offersSelfService(paragraph.selfService, doing) ? [] : detectIntent(question);
  let key = 0;
  let unknownRarity = 0;
  concepts.forEach((c, i) => {
    if (c.aside === "asker") return;
    if (weighed[i]!.weight > weighed[key]!.weight) key = i;
    if (!weighed[i]!.known) unknownRarity = Math.max(unknownRarity, englishRarity(c.word));
  });
  // A question made only of words every paragraph says ("canvas is down again") covers all of its tiny weight;
  // measured against at least a sliver of one rare word's weight, such a question reads as vague, not as covered.
  const floor = VAGUE_WEIGHT * maxIdf * maxIdf;
  const expected = asked.expected.filter((t) => !RANK_ONLY_TYPES.has(t));
  const typeWeight = expected.length > 0 ? asked.typeWeight : 0;
  const given = expected.some((t) => paragraph.answerTypes.has(t));
  return {
    coverage: (knownCovered + (given ? typeWeight : 0)) / Math.max(total + typeWeight, floor),
    knownCoverage: knownCovered / Math.max(known, floor),
    unknownShare: total === 0 ? 0 : unknown / total,
    specificity: Math.min(2, knownCovered / (maxIdf * maxIdf)),
    margin: ranked[1] ? Math.max(0, (best.score - ranked[1].score) / best.score) : 1,
    request: intent.includes("request-for-action") ? 1 : 0,
    howTo: intent.includes("how-to") ? 1 : 0,
    keyCovered: covers(stems, concepts[key]!) ? 1 : 0,
    unknownRarity,
    typeMissing: expected.length > 0 && !given ? 1 : 0,
    typeGiven: given ? 1 : 0,
    inOtherWords: knownCovered === 0 ? 0 : inOtherWords / knownCovered,
    headingOnly: knownCovered === 0 ? 0 : headingOnly / knownCovered,
    runnerUp: ranked[1] ? Math.min(RUNNER_UP_CAP, ranked[1].coverage / Math.max(best.coverage, 1e-9)) : 0,
    named: asked.routing.statements.length > 0 ? 1 : 0,
    elsewhere: total === 0 ? 0 : elsewhere / total,
    onlyBest: shownOthers.length === 0 ? 1 : total === 0 ? 0 : onlyBest / total,
    aboutPrivacy: concepts.some((c) => !asideInDecision(c) && (c.privacyTerm || c.sources.includes("concept") || DATA_VERBS.has(c.stem)))
      ? 1
      : 0,
  };
}

/** A question about the person who asks: "does this apply to me?", "does it cover us?", "am I covered?". */
const ABOUT_THE_PERSON = /\b(to|for|about|cover|covers|include|includes)\s+(me|myself|us)\b|\b(am\s+i|are\s+we)\s+(covered|included)\b/i;

/** Whether the decision reads a word as said aside: all but a clause telling when the question applies. */
function asideInDecision(c: Concept): boolean {
  return c.aside !== undefined && c.aside !== "when";
}

/** Whether a paragraph says a question word in any way: its text, an alternative, or its heading or title. */
function saysAtAll(p: IndexedParagraph, c: Concept): boolean {
  return covers(p.ownStems, c) || covers(p.stems, c);
}

/**
 * BM25 (MiniSearch) finds candidates; the final order adds how much of the question each one covers, so a
 * paragraph that says every part of the question beats one that repeats a single word of it.
 */
function rank(
  concepts: readonly Concept[],
  weights: readonly number[],
  asked: Asked,
  index: CorpusIndex,
  termScores: TermScores,
  ranking: Ranking,
): Ranked[] {
  const { rerankDepth, alternativeBoost, contextCredit, phrasingCredit, bm25Share, phraseBonus, roleBonus, pointerFactor, statementShare } =
    ranking;
  const own = new Set(concepts.map((c) => c.stem));
  const all = new Set<string>();
  // Who asks ("as a staff member") finds no paragraph of its own: "staff" would bring every paragraph about staff.
  for (const c of concepts) {
    if (c.aside === "asker") continue;
    all.add(c.stem);
    for (const phrase of c.alternatives) for (const s of phrase) all.add(s);
  }
  // Words in most paragraphs ("privacy", "information") find nothing the others do not, and each costs a pass
  // over most of the index; they still count in coverage below.
  const limit = Math.max(COMMON_SHARE * index.paragraphs.length, COMMON_MIN_PARAGRAPHS);
  // A word no paragraph says finds nothing: with only such words left, the common ones still find candidates.
  const known: string[] = [];
  const selective: string[] = [];
  for (const t of all) {
    const df = index.documentFrequency.get(t);
    if (df === undefined) continue;
    known.push(t);
    if (df <= limit) selective.push(t);
  }
  const queries = selective.length > 0 ? selective : known;
  // A question that names a service is answered from that service's statement only.
  const inScope =
    asked.routing.statements.length === 0
      ? () => true
      : (doc: number) => asked.routing.statements.includes(index.paragraphs[doc]!.statement.id);
  const results = searchAny(queries, (term) => termScores(term, own.has(term) ? 1 : alternativeBoost), {
    keep: inScope,
    limit: rerankDepth,
  });
  // Paragraphs that give the kind of answer asked for are candidates too, whatever words they share.
  const ranked = asked.expected.filter((t) => !DECIDE_ONLY_TYPES.has(t));
  if (ranked.length > 0) {
    const found = new Set(results.map((r) => r.doc));
    const giving = [...new Set(ranked.flatMap((t) => index.givingAnswerType.get(t) ?? []))].sort((a, b) => a - b);
    for (const doc of giving) {
      if (results.length >= 2 * rerankDepth) break;
      if (!found.has(doc) && inScope(doc)) results.push({ doc, score: 0 });
    }
  }
  if (results.length === 0) return [];
  const top = results[0]!.score || 1;
  const pairs = phrasePairs(concepts, index);
  const totalWeight = weights.reduce((a, w) => a + w, 0);
  const typeWeight = ranked.length > 0 ? asked.typeWeight : 0;
  const affinity = statementAffinity(concepts, weights, index.statementsSaying, index.statementCount);
  return results
    .map((r) => {
      const doc = r.doc;
      const p = index.paragraphs[doc]!;
      const given = ranked.some((t) => p.answerTypes.has(t));
      // A phrasing that says the question is as good as the paragraph saying it; a word only some phrasing says
      // counts as a heading's does.
      let words = rankingCoverage(p.ownStems, p.stems, concepts, weights, contextCredit, p.phrasings, phrasingCredit);
      for (const phrasing of p.phrasings) words = Math.max(words, rankingCoverage(phrasing, phrasing, concepts, weights, 1));
      const c = typeWeight > 0 ? (words * totalWeight + (given ? typeWeight : 0)) / (totalWeight + typeWeight) : words;
      const phrase = phraseShare(p.bigrams, pairs);
      const role = roleBonus * roleAgreement(asked.recipients, p);
      const bm25 = bm25Share * (r.score / top);
      const statement = statementShare * (affinity.get(p.statement.id) ?? 0);
      const score = (c + bm25 + phraseBonus * phrase + role + statement) * (p.pointer ? pointerFactor : 1);
      return {
        doc,
        coverage: c,
        score,
        parts: {
          coverage: round(c),
          bm25: round(bm25),
          phrase: round(phraseBonus * phrase),
          role,
          statement: round(statement),
          pointer: p.pointer,
        },
      };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * 1 when the paragraph says the question's recipient receives information; -1 when it names that recipient
 * but gives others that role ("released by Harvard to Zoom" for "can Harvard tell which browser I use");
 * 0 when the question names no recipient or the paragraph says nothing of who receives.
 */
function roleAgreement(recipients: readonly string[], p: IndexedParagraph): number {
  if (recipients.some((s) => p.roles.recipients.has(s))) return 1;
  return recipients.some((s) => p.roles.givers.has(s)) ? -1 : 0;
}

function toMatch(doc: number, index: CorpusIndex, score: number): Match {
  const { paragraph, statement, section } = index.paragraphs[doc]!;
  return {
    statementId: statement.id,
    statement: statement.title,
    section,
    sectionSlug: paragraph.sectionSlug,
    paragraphId: paragraph.id,
    text: paragraph.text,
    url: statement.url ? (paragraph.sectionSlug ? `${statement.url}#${paragraph.sectionSlug}` : statement.url) : null,
    updated: statement.updated,
    score: round(score),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * For each adjacent pair of the question's concepts, the bigrams (`a b`) that say it as a phrase, with any
 * alternative: the last word of the first's and the first word of the second's. Built once per question.
 * Only bigrams some paragraph says are kept (when the index knows them; a pair left without any still counts,
 * as one no paragraph says).
 */
function phrasePairs(concepts: readonly Concept[], index: CorpusIndex): string[][] {
  const said = index.bigramsSaid;
  const pairs: string[][] = [];
  for (let i = 1; i < concepts.length; i++) {
    const right = edgeStems(concepts[i]!, "first");
    const pair: string[] = [];
    for (const x of edgeStems(concepts[i - 1]!, "last")) {
      for (const y of right) {
        const bigram = `${x} ${y}`;
        if (said === undefined || said.has(bigram)) pair.push(bigram);
      }
    }
    pairs.push(pair);
  }
  return pairs;
}

/** A concept's stem and the first or last stem of each of its alternatives: how a phrase with it may start or end. */
function edgeStems(c: Concept, edge: "first" | "last"): string[] {
  const out = [c.stem];
  for (const p of c.alternatives) out.push(edge === "first" ? p[0]! : p[p.length - 1]!);
  return out;
}

/** Share of the question's adjacent concept pairs (see phrasePairs) that the paragraph says as adjacent words. */
function phraseShare(bigrams: ReadonlySet<string>, pairs: readonly string[][]): number {
  if (pairs.length === 0) return 0;
  let hits = 0;
  for (const said of pairs) {
    for (const bigram of said) {
      if (bigrams.has(bigram)) {
        hits++;
        break;
      }
    }
  }
  return hits / pairs.length;
}

/** One term's BM25 score in each paragraph that has it, in the order MiniSearch meets those paragraphs. */
export type TermScores = (term: string, boost: number) => ReadonlyArray<{ doc: number; score: number }>;

/**
 * Each term's scores, asked of MiniSearch once and kept: a term's BM25 score in a paragraph depends on the
 * index alone, and the same few hundred terms come back question after question. MiniSearch runs a query of
 * several terms as one query per term, at a fixed cost each well above the arithmetic; searchAny then adds
 * the kept scores up as it would.
 *
 * The order is MiniSearch's own — field by field, each field's paragraphs in index order — because it decides
 * between paragraphs of equal score: a paragraph is placed where the field it first has the term in is scored.
 */
export function createTermScores(index: CorpusIndex, { fieldBoost, bm25 }: Pick<Ranking, "fieldBoost" | "bm25"> = RANKING): TermScores {
  // By boost, then term: no key is built for each lookup.
  const kept = new Map<number, Map<string, ReadonlyArray<{ doc: number; score: number }>>>();
  let size = 0;
  return (term, boost) => {
    let byTerm = kept.get(boost);
    if (byTerm === undefined) {
      byTerm = new Map();
      kept.set(boost, byTerm);
    }
    let scores = byTerm.get(term);
    if (scores === undefined) {
      scores = index.search
        .search(term, { boost: fieldBoost, bm25, boostTerm: () => boost })
        .map((r) => ({
          doc: r.id as number,
          score: r.score,
          field: INDEX_FIELDS.indexOf(r.match[term]![0] as (typeof INDEX_FIELDS)[number]),
        }))
        .sort((a, b) => a.field - b.field || a.doc - b.doc)
        .map(({ doc, score }) => ({ doc, score }));
      if (size + scores.length + 1 > TERM_SCORES_KEPT) {
        for (const terms of kept.values()) terms.clear();
        size = 0;
      }
      byTerm.set(term, scores);
      size += scores.length + 1;
    }
    return scores;
  };
}

/**
 * The paragraphs that have any of the terms, best first, scored exactly as MiniSearch scores an OR query of
 * them: each term's scores added up in the order of the terms, times the number of terms the paragraph has;
 * equal scores keep the order in which the paragraphs were met. With `keep` and `limit`, only the first `limit`
 * of those `keep` accepts, as filtering and cutting the whole list would give them.
 */
export function searchAny(
  terms: readonly string[],
  scoresOf: (term: string) => ReadonlyArray<{ doc: number; score: number }>,
  { keep, limit = Infinity }: { keep?: (doc: number) => boolean; limit?: number } = {},
): Array<{ doc: number; score: number }> {
  const lists = terms.map(scoresOf);
  let size = 0;
  for (const list of lists) for (const { doc } of list) if (doc >= size) size = doc + 1;
  if (size > sums.length) {
    sums = new Float64Array(size);
    matched = new Uint32Array(size);
  }
  const met: number[] = [];
  try {
    for (const list of lists) {
      for (const { doc, score } of list) {
        if (matched[doc] === 0) met.push(doc);
        sums[doc] = sums[doc]! + score;
        matched[doc] = matched[doc]! + 1;
      }
    }
    if (limit === Infinity) {
      const results = met.filter((doc) => keep === undefined || keep(doc)).map((doc) => ({ doc, score: sums[doc]! * matched[doc]! }));
      return results.sort((a, b) => b.score - a.score);
    }
    // The best `limit` in one pass, each placed after those of equal score: what a stable sort would put first.
    const best: Array<{ doc: number; score: number }> = [];
    for (const doc of met) {
      const score = sums[doc]! * matched[doc]!;
      if (best.length >= limit && !(score > best[best.length - 1]!.score)) continue;
      if (keep !== undefined && !keep(doc)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { doc, score });
      if (best.length > limit) best.pop();
    }
    return best;
  } finally {
    for (const doc of met) {
      sums[doc] = 0;
      matched[doc] = 0;
    }
  }
}

/**
 * searchAny's sums and term counts by paragraph (paragraphs are numbered densely from 0, and flat arrays add up
 * faster than a map of objects): kept from one call to the next, all zero again after each, and grown to the
 * largest index met, rather than allocated for every question.
 */
let sums = new Float64Array(0);
let matched = new Uint32Array(0);
