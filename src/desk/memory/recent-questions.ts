import { createExpiringMap } from "./expiring-map.js";

/**
 * The last question each person asked, for a short while, so "can I talk to a person?" can offer to pass on
 * that question. Holds only references into the question memory, never text; bounded and expiring.
 */
export interface RecentQuestions {
  /** Records the person's latest question reference. */
  note(userId: string, questionRef: string): void;
  /** The person's latest question reference, or undefined when none is recent. */
  latest(userId: string): string | undefined;
}

/** Creates the in-memory record (default: one hour, 5,000 people). */
export function createRecentQuestions(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): RecentQuestions {
  const latest = createExpiringMap<string, string>({
    ttlMs: options.ttlMs ?? 60 * 60 * 1000,
    maxEntries: options.maxEntries ?? 5000,
    ...(options.now ? { now: options.now } : {}),
  });
  return { note: (userId, questionRef) => latest.set(userId, questionRef), latest: (userId) => latest.get(userId) };
}
