import { RATE_WINDOW_MS, type RateDecision } from "../../desk/memory/rate-limit.js";
import { isStatusRequest } from "../../desk/question.js";
import { logError } from "../../errors.js";
import { answerWithin } from "../dedupe.js";
import type { SlackDeps } from "../deps.js";

/**
 * With a shared store, counts a person's question into the window every replica counts into, and returns the
 * decision for the desk; undefined without one (the desk's in-process limiter decides) or when the database does
 * not answer within SHARED_STATE_DEADLINE_MS (then this replica's own limiter still holds the person to the limit). Asking for one's status is
 * not a question and is not counted.
 */
export async function sharedRateDecision(deps: SlackDeps, userId: string, question: string): Promise<RateDecision | undefined> {
  if (!deps.shared || isStatusRequest(question)) return undefined;
  try {
    return await answerWithin(Promise.resolve(deps.shared.takeRate(userId, deps.config.RATE_LIMIT_PER_MINUTE, RATE_WINDOW_MS)));
  } catch (error) {
    logError(
      deps.logger,
      "rate_limit_unavailable",
      error,
      "cannot count into the shared rate limit; this replica's own limit applies",
      {},
      "warn",
    );
    return undefined;
  }
}
