import { logError } from "../errors.js";
import type { CountedQuestion, QuestionCounts } from "../escalation/store/types.js";
import type { Logger } from "../log.js";

/** Counts taken on the question path and written to the store later, so a locked or slow database never delays a reply. */
export interface QuestionCounter extends Pick<QuestionCounts, "recordQuestion"> {
  /** Writes what is waiting; stops at the first failure and keeps the rest for the next try. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is waiting (once). */
  stop(): Promise<void>;
}

/** How often waiting counts are written: often enough that a day's count lands on its day. */
export const QUESTION_COUNT_FLUSH_MS = 2_000;
/** The longest wait between tries while the store keeps refusing (a lock held elsewhere, a database away). */
export const MAX_FLUSH_BACKOFF_MS = 30_000;
/**
 * A counter that takes each question at once (in memory, numbers only) and writes it to the store every
 * `flushMs`. A SQLite call waits on the event loop, so writing on the question path would hold every reply
 * behind a lock held elsewhere; written here, a lock costs at most one busy timeout per flush.
 */
export function createQuestionCounter(
  store: Pick<QuestionCounts, "recordQuestions">,
  options: { logger: Logger; flushMs?: number },
): QuestionCounter {
  // Added up by statement, section and result while they wait: as many entries as sections at most, however many
  // questions come between two writes or how long the store refuses them, so no count is ever dropped.
  let waiting = new Map<string, CountedQuestion & { times: number }>();
  const add = (question: CountedQuestion, times: number): void => {
    const key = `${question.statementId ?? ""}\u0000${question.sectionSlug ?? ""}\u0000${question.result}`;
    const entry = waiting.get(key);
    if (entry) entry.times += times;
    else waiting.set(key, { statementId: question.statementId, sectionSlug: question.sectionSlug, result: question.result, times });
  };
  let flushing: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  const every = options.flushMs ?? QUESTION_COUNT_FLUSH_MS;
  // Doubled after each refusal, so a store that waits on the event loop is not asked again and again while locked.
  let delay = every;
  let timer: NodeJS.Timeout | undefined;

  const write = async (): Promise<void> => {
    if (waiting.size === 0) return;
    // All that is waiting, in one write: a question's count costs a fraction of a transaction, not one each.
    const batch = [...waiting.values()];
    waiting = new Map();
    try {
      await store.recordQuestions(batch);
    } catch (error) {
      for (const entry of batch) add(entry, entry.times);
      logError(
        options.logger,
        "question_count_failed",
        error,
        "could not write question counts yet; kept for the next try",
        { waiting: [...waiting.values()].reduce((n, e) => n + e.times, 0) },
        "warn",
      );
      delay = Math.min(delay * 2, MAX_FLUSH_BACKOFF_MS);
      return;
    }
    delay = every;
  };
  const flush = (): Promise<void> => {
    flushing ??= write().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void flush().then(schedule), delay);
    timer.unref();
  };
  schedule();

  return {
    recordQuestion(question) {
      add(question, question.times ?? 1);
    },
    flush,
    stop: () =>
      (stopped ??= (async () => {
        clearTimeout(timer);
        await flushing;
        await flush();
      })()),
  };
}
