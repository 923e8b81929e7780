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

/** Creates an expiring map. */
export function createExpiringMap<K, V>({ ttlMs, maxEntries, now = Date.now }: ExpiringMapOptions): ExpiringMap<K, V> {
  // A Map iterates in insertion order; deleting before setting keeps that the expiry order too.
  const entries = new Map<K, { value: V; expires: number }>();
  return {
    set(key, value) {
      const t = now();
      entries.delete(key);
      entries.set(key, { value, expires: t + ttlMs });
      for (const [k, entry] of entries) {
        if (entry.expires > t && entries.size <= maxEntries) break;
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
