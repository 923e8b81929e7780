import { z } from "zod";

/** The ranking's weights; `data/ranking.json` holds the fitted values. */
export const RankingSchema = z.object({
  /**
   * How many retrieved paragraphs are re-ranked by coverage. BM25's OR query multiplies by the number of terms
   * matched, so paragraphs that repeat common words crowd the first dozen; the one with the rare word can sit lower.
   */
  rerankDepth: z.number().int().min(1).max(200),
  /** Weight of the normalised BM25 score beside coverage in the final order: it breaks ties between equal coverage. */
  bm25Share: z.number().min(0).max(5),
  /** Rank bonus for a paragraph that says the question's adjacent words as a phrase ("user ID", "email address"). */
  phraseBonus: z.number().min(0).max(5),
  /** Rank bonus for a paragraph where the one the question asks about receives information (see roles.ts). */
  roleBonus: z.number().min(0).max(5),
  /**
   * Rank bonus, at most, for a paragraph whose statement says the question's words that tell the statements apart
   * (see affinity.ts); nothing with one statement.
   */
  statementShare: z.number().min(0).max(5),
  /**
   * The kind of answer a question asks for (a length of time, a place, a date; see answer-type.ts) counts as one
   * more thing the question asks, weighing this share of the corpus's rarest word, in ranking and in coverage.
   */
  typeShare: z.number().min(0).max(5),
  /** Rank factor for paragraphs that only point elsewhere: they share words with many questions but answer none. */
  pointerFactor: z.number().min(0).max(1),
  /** In ranking, a question word only the heading or title says counts this much (see rankingCoverage). */
  contextCredit: z.number().min(0).max(1),
  /** In ranking, a question word only one of the paragraph's `asked:` phrasings says counts this much. */
  phrasingCredit: z.number().min(0).max(1),
  /** BM25 boost of a vocabulary alternative, below the word the person actually used. */
  alternativeBoost: z.number().min(0).max(2),
  /**
   * A word no statement uses weighs, at its rarest, this share of the corpus's rarest word: enough that "audio" or
   * "license" turn a question away, not so much that one unfamiliar name ("alumni", "Safari") sinks it.
   */
  unknownWeight: z.number().min(0).max(3),
  /**
   * A word known to the statements weighs this share of its weight when it is among the commonest words of
   * everyday English, rising to all of it for a rare word (see rarity.ts).
   */
  everydayShare: z.number().min(0).max(1),
  /**
   * A word said aside from the question weighs this share of its weight: who the person says they are ("As a
   * staff member, …"; it ranks no paragraph) and the sentences around the question that do not ask ("I'm
   * graduating in May. What happens to my email?"). In the answer decision either counts only for a best paragraph
   * that says it ("guests" to a visiting scholar asking whether the statement applies), never against one that
   * does not.
   */
  asideShare: z.number().min(0).max(1),
  /** A word weighs its IDF to this power: a word in most paragraphs ("use", "information") should barely count. */
  weightExponent: z.number().min(0.5).max(4),
  /** MiniSearch field boosts: the heading says what a whole section is about; the list lead-in only helps its items. */
  fieldBoost: z.object({
    text: z.number().min(0),
    section: z.number().min(0),
    context: z.number().min(0),
    concepts: z.number().min(0),
    sectionConcepts: z.number().min(0),
    asked: z.number().min(0),
  }),
  /** MiniSearch's BM25 parameters; b above the default 0.7 favours a short paragraph that says the words. */
  bm25: z.object({ k: z.number().min(0), b: z.number().min(0).max(1), d: z.number().min(0) }),
});
export type Ranking = z.infer<typeof RankingSchema>;
