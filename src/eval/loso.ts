import type { Answer } from "../search/answer.js";
import { confidenceWith, type Example, exampleFrom, type FittedDecision, fitDecision } from "./calibrate.js";
import type { EvalItem, ScoredResponse } from "./score.js";

/** A question asked once of its set's engine: the answer's signals are all a fitted decision needs. */
export interface AskedQuestion {
  set: string;
  item: EvalItem;
  answer: Answer;
  keys: Record<string, string>;
}

/** One fold of the leave-one-statement-out run: the statement left out, the questions fitted on, those scored. */
export interface Fold {
  statement: string;
  train: AskedQuestion[];
  test: AskedQuestion[];
}

/** The statements with questions, in the order their first question appears. */
export function statementsOf(asked: readonly AskedQuestion[]): string[] {
  return [...new Set(asked.map((a) => a.item.statement))];
}

/** One fold per statement: its questions are scored, and only the other statements' questions are fitted on. */
export function leaveOneStatementOut(asked: readonly AskedQuestion[]): Fold[] {
  return statementsOf(asked).map((statement) => ({
    statement,
    train: asked.filter((a) => a.item.statement !== statement),
    test: asked.filter((a) => a.item.statement === statement),
  }));
}

/** The training examples a list of asked questions gives (see exampleFrom). */
export function examplesOf(asked: readonly AskedQuestion[]): Example[] {
  return asked.flatMap((a) => exampleFrom(a.item, a.answer, a.keys) ?? []);
}

/** The engine's answer, decided again by another fitted decision from its signals alone; the matches stay. */
export function redecide(answer: Answer, decision: Pick<FittedDecision, "weights" | "bias" | "threshold">): ScoredResponse {
  if (answer.matches.length === 0 || Object.keys(answer.reasons.signals).length === 0) {
    return { decision: "escalate", confidence: answer.confidence, matches: answer.matches };
  }
  const confidence = confidenceWith(decision, answer.reasons.signals);
  return { decision: confidence >= decision.threshold ? "answer" : "escalate", confidence, matches: answer.matches };
}

/** A scored question of the leave-one-statement-out run, with the fit that decided it. */
export interface HeldOutResponse {
  asked: AskedQuestion;
  response: ScoredResponse;
}

/** Fits without each statement in turn and decides that statement's questions with the fit; every question once. */
export function runLeaveOneStatementOut(
  asked: readonly AskedQuestion[],
  fitWith: (examples: readonly Example[]) => FittedDecision = fitDecision,
) {
  return leaveOneStatementOut(asked).map((fold) => {
    const decision = fitWith(examplesOf(fold.train));
    return {
      statement: fold.statement,
      decision,
      responses: fold.test.map((a): HeldOutResponse => ({ asked: a, response: redecide(a.answer, decision) })),
    };
  });
}
