import { FORGOTTEN_USER_ID } from "../store/reference.js";
import type { DeletionCounts } from "../store/types.js";
import { inTransaction, type PostgresContext } from "./rows.js";

/** Purging what is past retention and forgetting a person, in PostgreSQL. */

const DAY_MS = 86_400_000;

export function purgeExpired(ctx: PostgresContext, now: Date, retentionDays: number): Promise<DeletionCounts> {
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    return Promise.reject(new RangeError(`retentionDays must be a number of days, 0 or more (got ${retentionDays})`));
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  return deleteEscalationsWhere(ctx, "status = 'resolved' AND resolved_at <= $1", [cutoff], null);
}

export function forgetUser(ctx: PostgresContext, userId: string): Promise<DeletionCounts> {
  if (userId.trim() === "") return Promise.reject(new RangeError("forgetUser needs a Slack user id"));
  return deleteEscalationsWhere(ctx, "requester_id = $1", [userId], userId);
}

function deleteEscalationsWhere(
  ctx: PostgresContext,
  where: string,
  params: unknown[],
  redactUserId: string | null,
): Promise<DeletionCounts> {
  return inTransaction(ctx, async (client): Promise<DeletionCounts> => {
    const ids = `SELECT id FROM escalations WHERE ${where}`;
    const count = async (sql: string, values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0;
    const messages = await count(`DELETE FROM messages WHERE escalation_id IN (${ids})`, params);
    const deliveries = await count(`DELETE FROM deliveries WHERE escalation_id IN (${ids})`, params);
    const escalations = await count(`DELETE FROM escalations WHERE ${where}`, params);
    let redacted = 0;
    if (redactUserId !== null) {
      const f = FORGOTTEN_USER_ID;
      redacted += await count("UPDATE escalations SET claimed_by = $1 WHERE claimed_by = $2", [f, redactUserId]);
      redacted += await count("UPDATE escalations SET resolved_by = $1 WHERE resolved_by = $2", [f, redactUserId]);
      redacted += await count("UPDATE messages SET author_id = $1, author_name = NULL WHERE author_id = $2", [f, redactUserId]);
    }
    return { escalations, messages, deliveries, redacted };
  });
}
