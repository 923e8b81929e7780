import { logError } from "../../errors.js";
import type { SlackDeps } from "../deps.js";

/** Ids that may go into a log line about a listener (never text). */
export type LogIds = Record<string, string | number | boolean | undefined>;

/**
 * Runs a listener's work after it has acknowledged Slack: tracked for shutdown, every error caught and logged
 * without personal text, and the person told politely when possible. Never rejects.
 */
export async function guarded(
  deps: Pick<SlackDeps, "inFlight" | "logger">,
  where: string,
  ids: LogIds,
  work: () => Promise<void>,
  apologise?: () => Promise<unknown>,
): Promise<void> {
  await deps.inFlight.run(async () => {
    try {
      await work();
    } catch (error) {
      logError(deps.logger, "listener_failed", error, "listener failed", { where, ...ids });
      if (!apologise) return;
      try {
        await apologise();
      } catch (second) {
        logError(deps.logger, "apology_failed", second, "could not tell the person", { where, ...ids });
      }
    }
  });
}

/**
 * Computes a reply that is ready at once (it travels in the acknowledgement itself): an error is logged as
 * `guarded` logs it, and the person gets `apology` instead. Never throws.
 */
export function guardedNow<T>(deps: Pick<SlackDeps, "logger">, where: string, ids: LogIds, work: () => T, apology: () => T): T {
  try {
    return work();
  } catch (error) {
    logError(deps.logger, "listener_failed", error, "listener failed", { where, ...ids });
    return apology();
  }
}
