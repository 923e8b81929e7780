/**
 * Remembers recently seen event ids so an event Slack delivers again (a retry after a slow ack, or a
 * reconnect in Socket Mode) is answered once. Bounded: the oldest ids are forgotten first.
 */
export interface EventDedupe {
  /** Records the id; true when it had been seen already. */
  seenBefore(eventId: string): boolean;
}

/** Creates the in-memory dedupe; Slack retries within minutes, so an hour and a few thousand ids are plenty. */
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
