import type { Answer, AnswerEngine } from "../search/answer.js";

/**
 * The answers the engine gave to questions asked recently, word for word, over the statements serving now: the
 * same question asked again (by anyone) gets the same answer without searching again. Only the search is kept;
 * everything else a question goes through (the rate limit, its log line, its count, the reference its buttons
 * carry) happens for every question as before.
 */
export interface AnswerMemo {
  /** What `engine.ask(question)` answers, from memory when this engine has answered exactly this question recently. */
  ask(engine: AnswerEngine, question: string): Answer;
  /** Questions remembered for the engine. */
  size(engine: AnswerEngine): number;
}

/** Distinct questions remembered per engine; the least recently asked go first. */
export const ANSWER_MEMO_MAX_QUESTIONS = 1_000;

/** Questions longer than this are not remembered (they are rarely asked twice word for word). */
export const ANSWER_MEMO_MAX_CHARS = 300;

/**
 * Creates the memo. An engine's answers are kept with the engine itself (a reloaded corpus is a new engine, so
 * answers over the old statements are never given again, and go with it), and are frozen, so no reader can
 * change what the next person is given.
 */
export function createAnswerMemo(options: { maxQuestions?: number } = {}): AnswerMemo {
  const max = Math.max(1, options.maxQuestions ?? ANSWER_MEMO_MAX_QUESTIONS);
  const byEngine = new WeakMap<AnswerEngine, Map<string, Answer>>();
  return {
    ask(engine, question) {
      if (question.length > ANSWER_MEMO_MAX_CHARS) return engine.ask(question);
      let answers = byEngine.get(engine);
      if (!answers) {
        answers = new Map();
        byEngine.set(engine, answers);
      }
      const known = answers.get(question);
      if (known) {
        // Most recently asked last, so the least recently asked is the first to go.
        answers.delete(question);
        answers.set(question, known);
        return known;
      }
      // A copy is frozen, never the engine's own objects (which it may share between answers).
      const answer = deepFreeze(structuredClone(engine.ask(question)));
      answers.set(question, answer);
      if (answers.size > max) answers.delete(answers.keys().next().value as string);
      return answer;
    },
    size: (engine) => byEngine.get(engine)?.size ?? 0,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
