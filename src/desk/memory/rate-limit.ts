/** The window the per-person limit counts in: RATE_LIMIT_PER_MINUTE questions per minute. */
export const RATE_WINDOW_MS = 60_000;

/**
 * Per-person rate limit: at most `limit` questions in any window of `windowMs` (a sliding window over the
 * times of the person's recent questions). Memory stays bounded: people idle for a whole window are
 * forgotten, in the order they were last active, and at most `maxPeople` are tracked (the longest idle go first).
 */
export interface RateLimiter {
  /** Counts one question for the person, unless they are over the limit; says when they may ask again if so. */
  take(personId: string): RateDecision;
  /** Questions allowed per window. */
  readonly limit: number;
  /** People currently tracked. */
  readonly size: number;
}

/** The outcome of one take(). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Options for createRateLimiter. */
export interface RateLimiterOptions {
  /** Questions allowed per window. */
  limit: number;
  /** Window length (default one minute). */
  windowMs?: number;
  /** At most this many people are tracked at once (default 50,000). */
  maxPeople?: number;
  /** Clock in milliseconds; injected for tests. */
  now?: () => number;
}

/** Creates an in-memory sliding-window rate limiter. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const limit = Math.max(1, Math.floor(options.limit));
  const windowMs = options.windowMs ?? RATE_WINDOW_MS;
  const maxPeople = options.maxPeople ?? 50_000;
  const now = options.now ?? Date.now;
  // Person → times of their counted questions within the window, oldest first. The Map is kept in order of
  // last activity (a person is re-inserted on every question, counted or refused), so the longest idle come first.
  const recent = new Map<string, number[]>();
  // Walking the Map from its start costs more the more people have been deleted there since V8 last compacted
  // it (each question re-inserts its person), so the walk is taken only when the longest idle may have gone
  // idle for a window, or when over the bound, and then it makes room for a batch (1/64 of the bound).
  const roomFor = Math.floor(maxPeople / 64);
  // Nobody goes idle for a whole window before this: when the first person tracked did, at the last walk.
  let nextIdle = Infinity;

  const forgetIdle = (t: number): void => {
    if (recent.size <= maxPeople && t < nextIdle) return;
    const keep = recent.size > maxPeople ? maxPeople - roomFor : maxPeople;
    nextIdle = Infinity;
    for (const [person, times] of recent) {
      const last = times[times.length - 1] ?? -Infinity;
      if (last > t - windowMs && recent.size <= keep) {
        nextIdle = last + windowMs;
        break;
      }
      recent.delete(person);
    }
  };

  return {
    take(personId) {
      const t = now();
      const times = recent.get(personId) ?? [];
      // Times that have left the window no longer count.
      let expired = 0;
      while (expired < times.length && times[expired]! <= t - windowMs) expired++;
      if (expired > 0) times.splice(0, expired);
      recent.delete(personId);
      if (times.length >= limit) {
        recent.set(personId, times);
        forgetIdle(t);
        return { allowed: false, retryAfterMs: Math.max(1, times[0]! + windowMs - t) };
      }
      times.push(t);
      recent.set(personId, times);
      if (nextIdle === Infinity) nextIdle = t + windowMs;
      forgetIdle(t);
      return { allowed: true };
    },
    limit,
    get size() {
      return recent.size;
    },
  };
}
