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
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  const latest = new Map<string, { ref: string; expires: number }>();
  return {
    note(userId, questionRef) {
      const t = now();
      latest.delete(userId); // re-inserted last, so the Map stays in expiry order
      latest.set(userId, { ref: questionRef, expires: t + ttlMs });
      for (const [id, entry] of latest) {
        if (entry.expires > t && latest.size <= maxEntries) break;
        latest.delete(id);
      }
    },
    latest(userId) {
      const entry = latest.get(userId);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        latest.delete(userId);
        return undefined;
      }
      return entry.ref;
    },
  };
}
