import type { RateWindowDecision } from "../store/types.js";
import type { PostgresContext } from "./rows.js";

/**
 * What replicas must agree on beyond escalations: whether a Slack event or interaction was handled already, and
 * how many questions a person asked in the last window. Both are rows every replica writes to and reads from.
 */

/** Seen-ids older than this are deleted; Slack retries within minutes. */
const SEEN_KEEP_MS = 24 * 60 * 60 * 1000;

/** True the first time an id is recorded, by any replica; false for every later try (a unique insert). */
export async function firstSighting(ctx: PostgresContext, id: string): Promise<boolean> {
  const now = ctx.now();
  // One round trip: the insert, and (when it was new) a few ids older than a day deleted, so the table stays at
  // about a day of traffic without a timer.
  // Named: prepared once per connection, so the server does not parse and plan it on every event.
  const { rows } = await ctx.pool.query<{ inserted: string }>({
    name: "privacy_desk_first_sighting",
    text: `WITH inserted AS (
       INSERT INTO slack_deliveries_seen (id, seen_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING 1
     ), expired AS (
       DELETE FROM slack_deliveries_seen WHERE id IN (
         SELECT id FROM slack_deliveries_seen WHERE seen_at < $3 ORDER BY seen_at LIMIT 10 FOR UPDATE SKIP LOCKED)
       AND EXISTS (SELECT 1 FROM inserted)
     )
     SELECT count(*) AS inserted FROM inserted`,
    values: [id, now, new Date(now.getTime() - SEEN_KEEP_MS)],
  });
  return Number(rows[0]!.inserted) === 1;
}

/** Every this many questions counted by a process, the rows of people idle for a whole window are deleted. */
const SWEEP_EVERY = 200;
let sinceSweep = 0;

/**
 * Counts one question for the person unless `limit` were already counted within `windowMs`, across every replica.
 * One upsert on the person's row: PostgreSQL locks the row for it and evaluates the update on the latest version,
 * so two replicas counting the same person at once queue, and cannot both take the last place.
 */
export async function takeRate(ctx: PostgresContext, personId: string, limit: number, windowMs: number): Promise<RateWindowDecision> {
  const now = ctx.now();
  const since = new Date(now.getTime() - windowMs);
  const { rows } = await ctx.pool.query<{ allowed: boolean; oldest: Date | null }>({
    name: "privacy_desk_take_rate",
    text: `INSERT INTO rate_limit_windows AS w (person_id, hits, allowed, last_at)
     VALUES ($1, ARRAY[$3::timestamptz], true, $3)
     ON CONFLICT (person_id) DO UPDATE SET
       hits = ARRAY(SELECT h FROM unnest(w.hits) h WHERE h > $2 ORDER BY h)
         || CASE WHEN (SELECT count(*) FROM unnest(w.hits) h WHERE h > $2) < $4 THEN ARRAY[$3::timestamptz] ELSE '{}' END,
       allowed = (SELECT count(*) FROM unnest(w.hits) h WHERE h > $2) < $4,
       last_at = $3
     RETURNING allowed, hits[1] AS oldest`,
    values: [personId, since, now, limit],
  });
  if (++sinceSweep >= SWEEP_EVERY) {
    sinceSweep = 0;
    await ctx.pool.query("DELETE FROM rate_limit_windows WHERE last_at <= $1", [since]);
  }
  const row = rows[0]!;
  if (row.allowed) return { allowed: true };
  const oldest = row.oldest?.getTime() ?? now.getTime();
  return { allowed: false, retryAfterMs: Math.max(1, oldest + windowMs - now.getTime()) };
}
