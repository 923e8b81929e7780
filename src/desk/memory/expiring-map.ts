/** A bounded map whose entries expire: the in-memory stores of the Slack app keep nothing for long. */
export interface ExpiringMap<K, V> {
  /** Stores a value; it becomes the newest entry, whatever it replaced. */
  set(key: K, value: V): void;
  /** The value for a key, or undefined once it has expired or been pushed out. */
  get(key: K): V | undefined;
}

export interface ExpiringMapOptions {
  /** How long an entry is kept. */
  ttlMs: number;
  /** At most this many entries are kept; the oldest go first. */
  maxEntries: number;
  /** Clock in milliseconds; injected for tests. */
  now?: () => number;
}

/**
 * Creates an expiring map.
 *
 * The oldest entries are found by walking the Map from its start, which costs more the more entries have been
 * deleted there since V8 last compacted it (thousands, in a full map): so the walk is taken only when the oldest
 * entry may have expired, or when the map is over its bound, and then it makes room for a batch of entries
 * (1/64 of the bound) rather than one, so that a full map is not walked on every insertion.
 */
export function createExpiringMap<K, V>({ ttlMs, maxEntries, now = Date.now }: ExpiringMapOptions): ExpiringMap<K, V> {
  // A Map iterates in insertion order; deleting before setting keeps that the expiry order too.
  const entries = new Map<K, { value: V; expires: number }>();
  const roomFor = Math.floor(maxEntries / 64);
  // No entry expires before this: the oldest entry's expiry when the map was last walked.
  let nextExpiry = Infinity;
  return {
    set(key, value) {
      const t = now();
      entries.delete(key);
      entries.set(key, { value, expires: t + ttlMs });
      if (entries.size <= maxEntries && t < nextExpiry) {
        if (nextExpiry === Infinity) nextExpiry = t + ttlMs;
        return;
      }
      const keep = entries.size > maxEntries ? maxEntries - roomFor : maxEntries;
      nextExpiry = Infinity;
      for (const [k, entry] of entries) {
        if (entry.expires > t && entries.size <= keep) {
          nextExpiry = entry.expires;
          break;
        }
        entries.delete(k);
      }
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
  };
}
