/** What the engine returns for one question. The engine knows nothing of Slack or the CLI. */

export type Decision = "answer" | "escalate";

/** A candidate paragraph, best first. */
export interface Match {
  statementId: string;
  /** The statement's title. */
  statement: string;
  section: string;
  sectionSlug: string;
  paragraphId: string;
  /** Exactly one paragraph. */
  text: string;
  /** Link to the statement at the section's anchor, or null when the statement has no link. */
  url: string | null;
  /** YYYY-MM-DD the statement was last updated. */
  updated: string;
  /** Retrieval score (relative; only comparable within one question). */
  score: number;
}

/** Why the decision came out as it did, so a wrong answer can be explained from a log line. */
export interface Reasons {
  terms: string[];
  coverage: number;
  margin: number;
  /** The calibrated decision's inputs (see search/decide.ts); empty when no paragraph shares a word. */
  signals: Record<string, number>;
  rule: string;
}

/** How each question word was matched, the routing and the decision's inputs (`ask --json --explain`). */
export interface Explanation {
  /**
   * The statements the question names by their service, and the question's words that name them; empty when it
   * names none (then all count).
   */
  routing: { statements: string[]; by: string[] };
  corrections: string[];
  /** Kinds of answer asked for (a length of time, a place…) and who the question asks receives information. */
  asked: { answerTypes: string[]; recipients: string[] };
  signals: Record<string, number>;
  matches: Array<{
    paragraphId: string;
    score: number;
    parts: { coverage: number; bm25: number; phrase: number; role: number; statement: number; pointer: boolean };
    /** Each question word: its weight, and how this paragraph says it (or "none"). */
    words: Array<{
      word: string;
      weight: number;
      matched: "own word" | "lemma" | "phrasing" | "vocabulary" | "alias" | "concept" | "defined term" | "heading" | "none";
      via?: string;
      /**
       * Said aside from the question: of who asks ("as a staff member") or in a sentence around it that does not
       * ask ("I sold my car."); it counts a share, and in the decision only where the paragraph says it. Or in a
       * clause telling when the question applies ("… after I graduate"): a share in ranking, in full in the decision.
       */
      aside?: "asker" | "around" | "when";
    }>;
  }>;
}

/** Options of one question. */
export interface AskOptions {
  /** Add the explanation (costs a little more; for the CLI and debugging, not the hot path). */
  explain?: boolean;
}

export interface Answer {
  question: string;
  decision: Decision;
  /** In [0, 1]; the decision is `answer` when it reaches the engine's threshold. */
  confidence: number;
  /** Up to 3, best first; given also when the decision is `escalate`. */
  matches: Match[];
  reasons: Reasons;
  /** Only when asked for (AskOptions.explain). */
  explanation?: Explanation;
}

export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Answer;
  readonly statements: readonly import("../corpus/statement.js").Statement[];
}
