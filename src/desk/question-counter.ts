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
/** Counts kept waiting at most while the store cannot be written; older ones are dropped first. */
export const MAX_WAITING_COUNTS = 10_000;

/**
 * A counter that takes each question at once (in memory, numbers only) and writes it to the store every
 * `flushMs`. A SQLite call waits on the event loop, so writing on the question path would hold every reply
 * behind a lock held elsewhere; written here, a lock costs at most one busy timeout per flush.
 */
export function createQuestionCounter(
  store: Pick<QuestionCounts, "recordQuestions">,
  options: { logger: Logger; flushMs?: number; maxWaiting?: number },
): QuestionCounter {
  const waiting: CountedQuestion[] = [];
  const max = options.maxWaiting ?? MAX_WAITING_COUNTS;
  const roomFor = Math.floor(max / 64);
  let flushing: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  const every = options.flushMs ?? QUESTION_COUNT_FLUSH_MS;
  // Doubled after each refusal, so a store that waits on the event loop is not asked again and again while locked.
  let delay = every;
  let timer: NodeJS.Timeout | undefined;

  const write = async (): Promise<void> => {
    if (waiting.length === 0) return;
    // All that is waiting, in one write: a question's count costs a fraction of a transaction, not one each.
    const batch = waiting.splice(0);
    try {
      await store.recordQuestions(batch);
    } catch (error) {
      waiting.unshift(...batch);
      if (waiting.length > max) waiting.splice(0, waiting.length - max);
      logError(
        options.logger,
        "question_count_failed",
        error,
        "could not write question counts yet; kept for the next try",
        { waiting: waiting.length },
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
      waiting.push(question);
      // Over the bound, room is made for a batch (1/64 of it) at once: shifting the whole array on every count
      // would cost as much as the rest of a question's way.
      if (waiting.length > max) waiting.splice(0, waiting.length - max + roomFor);
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
