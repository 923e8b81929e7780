import type { FeedbackCounts } from "../escalation/store/types.js";
import type { Logger } from "../log.js";

/** One press of Helpful or Not helpful: which paragraph, and the verdict — nothing about who pressed it. */
export interface Feedback {
  paragraphId: string | undefined;
  helpful: boolean;
}

/** Where feedback goes; the default only logs it, a store can count it per paragraph. */
export interface FeedbackSink {
  record(feedback: Feedback): void | Promise<void>;
}

/** Feedback written to the log as counts can be derived from it (paragraph id and verdict only). */
export function createLoggingFeedbackSink(logger: Logger): FeedbackSink {
  return {
    record({ paragraphId, helpful }) {
      logger.info({ event: "feedback", paragraphId, helpful }, "feedback");
    },
  };
}

/** Feedback counted per paragraph in the escalation store; a press with no paragraph (an escalate reply) is only logged. */
export function createStoreFeedbackSink(store: Pick<FeedbackCounts, "recordFeedback">, logger: Logger): FeedbackSink {
  return {
    async record({ paragraphId, helpful }) {
      logger.info({ event: "feedback", paragraphId, helpful }, "feedback");
      if (paragraphId) await store.recordFeedback(paragraphId, helpful);
    },
  };
}
