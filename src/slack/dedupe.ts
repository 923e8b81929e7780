import { logError } from "../errors.js";
import type { Awaitable, SharedSlackState } from "../escalation/store/types.js";
import type { Logger } from "../log.js";

/**
 * Remembers recently seen Slack delivery ids so an event Slack delivers again (a retry after a slow ack, or a
 * reconnect in Socket Mode) is answered once.
 */
export interface EventDedupe {
  /** Records the id; true when it had been seen already. */
  seenBefore(eventId: string): Awaitable<boolean>;
  /**
   * True when the ids are shared by every replica: then interactions (a button press, a modal submitted) are
   * recorded too, by their trigger id, so a retry that reaches another replica does nothing twice.
   */
  readonly shared: boolean;
}

/**
 * Creates the in-memory dedupe of one process; Slack retries within minutes, so an hour and a few thousand ids
 * are plenty. Bounded: the oldest ids are forgotten first.
 */
export function createEventDedupe(options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}): EventDedupe {
  const maxEntries = options.maxEntries ?? 5000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  // As in expiring-map.ts: the oldest ids are walked only when one may have expired or the bound is passed, and
  // then room is made for a batch, since walking a Map from its start costs more the more was deleted there.
  const roomFor = Math.floor(maxEntries / 64);
  let nextExpiry = Infinity;
  return {
    shared: false,
    seenBefore(eventId) {
      const t = now();
      const expires = seen.get(eventId);
      if (expires !== undefined && expires > t) return true;
      seen.delete(eventId);
      seen.set(eventId, t + ttlMs);
      if (seen.size <= maxEntries && t < nextExpiry) {
        if (nextExpiry === Infinity) nextExpiry = t + ttlMs;
        return false;
      }
      const keep = seen.size > maxEntries ? maxEntries - roomFor : maxEntries;
      nextExpiry = Infinity;
      for (const [id, exp] of seen) {
        if (exp > t && seen.size <= keep) {
          nextExpiry = exp;
          break;
        }
        seen.delete(id);
      }
      return false;
    },
  };
}

/**
 * How long a request waits for the shared store's one-row answers (a repeat? over the limit?) before going on
 * without them: Slack wants its acknowledgement within 3 s, and a database this slow counts as unavailable.
 */
export const SHARED_STATE_DEADLINE_MS = 1_000;

/** The work's result, or a rejection once `ms` have passed without one. */
export function answerWithin<T>(work: Promise<T>, ms: number = SHARED_STATE_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the shared store within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The dedupe every replica shares: each id is a unique row in the shared store, so a retry is recognised
 * whichever replica it lands on. When the database does not answer (within SHARED_STATE_DEADLINE_MS), the
 * delivery is handled (a rare duplicate answer is better than a dropped question) and the log says so.
 */
export function createSharedEventDedupe(shared: Pick<SharedSlackState, "firstSighting">, logger: Logger): EventDedupe {
  return {
    shared: true,
    async seenBefore(id) {
      try {
        return !(await answerWithin(Promise.resolve(shared.firstSighting(id))));
      } catch (error) {
        logError(logger, "dedupe_unavailable", error, "cannot check the shared store for a repeat; handling it", {}, "warn");
        return false;
      }
    },
  };
}
