import type { Concept } from "./question.js";

/**
 * How the confidence is calibrated.
 *
 * MiniSearch's BM25 score grows with the length of the question and shifts with the corpus, so it ranks but
 * cannot decide. The decision instead asks: how much of what the question is about does the best paragraph say?
 *
 * - coverage: each content word of the question weighs its inverse document frequency (rare words carry the
 *   topic; "zoom" in a Zoom statement carries little). A word counts as covered when the paragraph holds it, or a
 *   word the privacy vocabulary treats as saying the same. A word the corpus never uses weighs as much as the
 *   rarest word it does use: "does Zoom train AI models" is about training and models, which no paragraph covers.
 * - margin: how far the best paragraph leads the runner-up. A near tie means the question is vague; it lowers
 *   confidence a little, never to zero, because two neighbouring paragraphs often both answer.
 * - intent: requests for action ("delete my account") and how-to questions about using the product are not
 *   answered by a privacy statement even when their words overlap one; they scale confidence down.
 *
 * confidence = coverage^1.5 × (0.8 + 0.2 × margin) × intent, in [0, 1]. The exponent spreads the middle
 * (half-covered questions are mostly off-topic ones sharing a common word). ANSWER_THRESHOLD was read off the
 * project's question set (`npm run eval`): it is the point that keeps false escalations of answerable
 * questions under 3% while escalating at least 95% of unanswerable ones, with room on both sides.
 */
export const ANSWER_THRESHOLD = 0.42;

/** The weight of a question word: its IDF in the corpus, or the rarest word's when the corpus lacks it. */
export function conceptWeight(concept: Concept, idf: (stem: string) => number | undefined, maxIdf: number): number {
  const own = idf(concept.stem);
  // The vocabulary table knows this word: as important as the best of what it stands for.
  const alt = concept.alternatives.map(idf).filter((x): x is number => x !== undefined);
  const w = own ?? (alt.length > 0 ? Math.max(...alt) : maxIdf);
  return Math.pow(w, WEIGHT_EXPONENT);
}

/** IDF squared, roughly: a word in most paragraphs ("use", "information") should barely move coverage. */
const WEIGHT_EXPONENT = 2;

/** Whether a paragraph says this concept: its own stem or one of its vocabulary alternatives. */
export function covers(stems: ReadonlySet<string>, concept: Concept): boolean {
  return stems.has(concept.stem) || concept.alternatives.some((a) => stems.has(a));
}

/** Share of the question's weight a paragraph covers, in [0, 1]. */
export function coverage(stems: ReadonlySet<string>, concepts: readonly Concept[], weights: readonly number[]): number {
  let total = 0;
  let covered = 0;
  concepts.forEach((c, i) => {
    const w = weights[i] ?? 0;
    total += w;
    if (covers(stems, c)) covered += w;
  });
  return total === 0 ? 0 : covered / total;
}

/** Combines the signals into the confidence described above. */
export function confidenceFrom(cover: number, margin: number, intent: number): number {
  const c = Math.pow(Math.max(0, Math.min(1, cover)), 1.5) * (0.8 + 0.2 * Math.max(0, Math.min(1, margin))) * intent;
  return Math.round(c * 1000) / 1000;
}
