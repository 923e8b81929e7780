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

export interface Answer {
  question: string;
  decision: Decision;
  /** In [0, 1]; the decision is `answer` when it reaches the engine's threshold. */
  confidence: number;
  /** Up to 3, best first; given also when the decision is `escalate`. */
  matches: Match[];
  reasons: Reasons;
}

export interface AnswerEngine {
  ask(question: string): Answer;
  readonly statements: readonly import("../corpus/statement.js").Statement[];
}
