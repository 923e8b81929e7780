import type { RateWindowDecision } from "../store/types.js";
import { inTransaction, type PostgresContext } from "./rows.js";

/**
 * What replicas must agree on beyond escalations: whether a Slack event or interaction was handled already, and
 * how many questions a person asked in the last window. Both are rows every replica writes to and reads from.
 */

/** Seen-ids older than this are deleted; Slack retries within minutes. */
const SEEN_KEEP_MS = 24 * 60 * 60 * 1000;

/** True the first time an id is recorded, by any replica; false for every later try (a unique insert). */
export async function firstSighting(ctx: PostgresContext, id: string): Promise<boolean> {
  const now = ctx.now();
  const { rowCount } = await ctx.pool.query(
    "INSERT INTO slack_deliveries_seen (id, seen_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    [id, now],
  );
  // A few old ids go with each new one, so the table stays at about a day of traffic without a timer.
  if (rowCount === 1)
    await ctx.pool.query(
      `DELETE FROM slack_deliveries_seen WHERE id IN (
         SELECT id FROM slack_deliveries_seen WHERE seen_at < $1 ORDER BY seen_at LIMIT 10)`,
      [new Date(now.getTime() - SEEN_KEEP_MS)],
    );
  return rowCount === 1;
}

/**
 * Counts one question for the person unless `limit` were already counted within `windowMs`, across every replica.
 * An advisory lock on the person's id, taken before counting, queues two replicas counting the same person at
 * once, so they cannot both take the last place (each statement after the lock reads what the other committed).
 */
export async function takeRate(ctx: PostgresContext, personId: string, limit: number, windowMs: number): Promise<RateWindowDecision> {
  const now = ctx.now();
  const since = new Date(now.getTime() - windowMs);
  return inTransaction(ctx, async (client): Promise<RateWindowDecision> => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`rate:${personId}`]);
    const { rows } = await client.query<{ n: string; oldest: Date | null }>(
      "SELECT count(*) AS n, min(at) AS oldest FROM rate_limit_hits WHERE person_id = $1 AND at > $2",
      [personId, since],
    );
    // Counts that have left the window go: a few of anyone's, skipping rows another replica is deleting.
    await client.query(
      `DELETE FROM rate_limit_hits WHERE id IN (
         SELECT id FROM rate_limit_hits WHERE at <= $1 ORDER BY at LIMIT 20 FOR UPDATE SKIP LOCKED)`,
      [since],
    );
    const counted = Number(rows[0]!.n);
    if (counted >= limit) {
      const oldest = rows[0]!.oldest?.getTime() ?? now.getTime();
      return { allowed: false, retryAfterMs: Math.max(1, oldest + windowMs - now.getTime()) };
    }
    await client.query("INSERT INTO rate_limit_hits (person_id, at) VALUES ($1, $2)", [personId, now]);
    return { allowed: true };
  });
}
