import { CALIBRATION_DATA as calibration } from "./data.js";
import type { Concept } from "./question.js";
import { RANKING, type Ranking } from "./ranking.js";

/**
 * How the answer decision works, and why not on the retrieval score.
 *
 * MiniSearch's BM25 score grows with the length of the question and shifts with the corpus, so it ranks but
 * cannot decide. The decision instead reads a few corpus-independent signals about the best paragraph:
 *
 * - coverage: each content word of the question weighs its IDF in the corpus to the power `weightExponent` (1.5,
 *   data/ranking.json; rare words carry the topic; "zoom"
 *   in a Zoom statement carries little). A word counts as covered when the paragraph holds it, or a phrase the
 *   privacy vocabulary treats as saying the same. A word no statement uses weighs by how rare it is in everyday
 *   English: "put" barely counts, "audio" or "license" count fully — the question is about something else.
 * - knownCoverage: the same over the words the corpus knows, and unknownShare: the weight of those it does not.
 * - specificity: the covered weight relative to the rarest word's, capped — one distinctive word ("cookies")
 *   says more than several common ones ("zoom", "use").
 * - margin: how far the best paragraph leads the runner-up in the final ranking.
 * - keyCovered: whether the question's weightiest word is among those covered; unknownRarity: how rare the
 *   rarest word no statement uses is.
 * - intent: requests for action ("delete my account") and how-to questions about using a product
 *   (`data/intents.json`).
 * - typeMissing / typeGiven: the question asks for a kind of answer (a length of time, a place, a count, a
 *   contact, a date) and the best paragraph gives none / gives one (`data/answer-types.json`).
 * - elsewhere (reported, not weighed): with several statements, the share of the question's weight in words the
 *   best paragraph's statement never says and another one does.
 * - onlyBest: the share of the question's weight the best paragraph says and the other two matches shown do not.
 *
 * confidence = logistic(bias + Σ weight × signal), so it lies in (0, 1) and reads as the probability that the
 * best paragraph answers the question. The weights in `data/calibration.json` are a logistic regression fitted by
 * `npm run calibrate` on the project's question sets (right top answers against unanswerable questions and wrong
 * top answers); the bot answers at 0.5 or more, when a right answer is more likely than not (see ANSWER_AT in
 * src/eval/calibrate.ts). Refit after changing ranking or vocabulary.
 */
export interface DecisionSignals {
  coverage: number;
  knownCoverage: number;
  unknownShare: number;
  specificity: number;
  margin: number;
  request: number;
  howTo: number;
  /** Whether the question's single weightiest word is covered (1) or not (0). */
  keyCovered: number;
  /** Everyday-English rarity of the rarest word no statement uses (0 when there is none). */
  unknownRarity: number;
  /** The question asks for a kind of answer (how long, where, how many) the best paragraph does not give. */
  typeMissing: number;
  /** The question asks for a kind of answer and the best paragraph gives it ("last updated" → a date). */
  typeGiven: number;
  /** Share of the covered weight the paragraph says only in other words (vocabulary, aliases, concepts). */
  inOtherWords: number;
  /** Share of the covered weight only the paragraph's heading or title says. */
  headingOnly: number;
  /** The runner-up's coverage as a share of the best paragraph's (at most 2): near 1, another paragraph says as much. */
  runnerUp: number;
  /** The question names the service of a statement (see route.ts). */
  named: number;
  /**
   * Share of the question's weight in words the best paragraph's statement never says and another statement
   * does ("mailbox" asked, a library paragraph best): 0 with one statement. Shown in the explanation, not in
   * SIGNALS: fitted, it took a positive weight (learnt from the few statements served together), so a question
   * made of another statement's words was answered more readily from the wrong one; left out, measured leave one
   * statement out, accuracy went from 0.904 to 0.906 and no statement did worse.
   */
  elsewhere: number;
  /**
   * Share of the question's weight the best paragraph says (in any way) and neither other match shown does; 1 when
   * it is the only match. On its own it is higher for right answers than for wrong ones, but beside the margin
   * and coverage the fit weighs it negatively: at the same lead over the runner-up, a lead that rests on words
   * the other matches never say is less often a right answer.
   */
  onlyBest: number;
  /**
   * Whether the question says anything of privacy: a word of the privacy vocabulary, a concept, or a verb of
   * receiving or giving information. "is there an app for iphone" says none.
   */
  aboutPrivacy: number;
}

/** The signal names the decision weighs, in the order the calibration stores their weights (`elsewhere` is only reported). */
export const SIGNALS: readonly (keyof DecisionSignals)[] = [
  "coverage",
  "knownCoverage",
  "unknownShare",
  "specificity",
  "margin",
  "request",
  "howTo",
  "keyCovered",
  "unknownRarity",
  "typeMissing",
  "typeGiven",
  "inOtherWords",
  "headingOnly",
  "runnerUp",
  "named",
  "onlyBest",
  "aboutPrivacy",
];

/** At or above this confidence the engine answers; below, it escalates. */
export const ANSWER_THRESHOLD: number = calibration.threshold;

/** The weight of a question word (see above); `rarity` is its everyday-English rarity in [0, 1]. */
export function conceptWeight(
  concept: Concept,
  idf: (stem: string) => number | undefined,
  maxIdf: number,
  rarity: (word: string) => number,
  { unknownWeight, weightExponent, everydayShare }: Pick<Ranking, "unknownWeight" | "weightExponent" | "everydayShare"> = RANKING,
): { weight: number; known: boolean } {
  const own = idf(concept.stem);
  // A word common in everyday English ("take", "look", "people") says less of the topic than its rarity in the
  // statements suggests; a concept or a phrase is topic whatever its words.
  const everyday =
    concept.stem.startsWith("§") || concept.word.includes(" ") ? 1 : everydayShare + (1 - everydayShare) * rarity(concept.word);
  if (own !== undefined) return { weight: own ** weightExponent * everyday, known: true };
  // The vocabulary table knows this word: as important as the best of what it stands for.
  const alt = concept.alternatives.flatMap((phrase) => phrase.map(idf)).filter((x): x is number => x !== undefined);
  if (alt.length > 0) return { weight: Math.max(...alt) ** weightExponent * everyday, known: true };
  // A word the vocabulary table lists is privacy vocabulary ("how long"), however common in everyday English:
  // when no statement says it or its alternatives, that absence counts.
  const floor = concept.privacyTerm ? 1 : 0;
  return { weight: unknownWeight * maxIdf ** weightExponent * Math.max(floor, rarity(concept.word)), known: false };
}

/** Whether a paragraph says this concept: its own stem, or every stem of one vocabulary phrase. */
export function covers(stems: Pick<ReadonlySet<string>, "has">, concept: Concept): boolean {
  // Loops rather than some/every: this runs for every concept of every candidate paragraph.
  if (stems.has(concept.stem)) return true;
  for (const phrase of concept.alternatives) {
    let all = true;
    for (const s of phrase) {
      if (!stems.has(s)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** Whether any of the phrasings covers the concept. */
function coveredByAny(phrasings: ReadonlyArray<ReadonlySet<string>>, concept: Concept): boolean {
  for (const p of phrasings) if (covers(p, concept)) return true;
  return false;
}

/**
 * Coverage for ranking: a word the paragraph itself says counts fully; one only its heading or title says counts
 * `contextCredit`, so the paragraphs of one section are not all alike to a question that names the section.
 * `own` is part of `all` (what the paragraph says, then with its heading and title).
 */
export function rankingCoverage(
  own: ReadonlySet<string>,
  all: ReadonlySet<string>,
  concepts: readonly Concept[],
  weights: readonly number[],
  contextCredit: number,
  phrasings: ReadonlyArray<ReadonlySet<string>> = [],
  phrasingCredit = 0,
): number {
  let total = 0;
  let covered = 0;
  for (let i = 0; i < concepts.length; i++) {
    const c = concepts[i]!;
    const w = weights[i] ?? 0;
    // Who asks does not rank paragraphs (see Concept.aside): counted for the paragraphs that say it, "As a staff
    // member, …" changed the decision or best paragraph of 46 of the 811 development questions, 12 without.
    if (c.aside === "asker") continue;
    // Most question words are not in a given paragraph at all: `all` first tells so in one look.
    const said = covers(all, c);
    total += w;
    if (said && covers(own, c)) covered += w;
    else if (phrasingCredit > 0 && coveredByAny(phrasings, c)) covered += phrasingCredit * w;
    else if (said) covered += contextCredit * w;
  }
  return total === 0 ? 0 : covered / total;
}

/**
 * The calibrated confidence for a set of signals, rounded to three places. A request for action or a how-to
 * question is never answered from a statement, however many of its words the best paragraph says ("how do I
 * record a Zoom meeting?" and "Some Zoom conferences may be recorded"): its confidence stays at most half the
 * threshold. (The engine clears the intent first when the paragraph says people can do it themselves.)
 */
export function confidenceFrom(
  signals: DecisionSignals,
  weights: Record<string, number> = calibration.weights,
  bias = calibration.bias,
  threshold = ANSWER_THRESHOLD,
): number {
  let z = bias;
  for (const name of SIGNALS) z += (weights[name] ?? 0) * signals[name];
  const p = 1 / (1 + Math.exp(-z));
  const capped = signals.request || signals.howTo ? Math.min(p, threshold / 2) : p;
  return Math.round(capped * 1000) / 1000;
}
