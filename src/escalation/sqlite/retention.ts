import { FORGOTTEN_USER_ID } from "../store/reference.js";
import type { DeletionCounts } from "../store/types.js";
import type { SqliteContext } from "./rows.js";

/** Purging what is past retention and forgetting a person, in SQLite. */

const DAY_MS = 86_400_000;

export function purgeExpired(ctx: SqliteContext, now: Date, retentionDays: number): DeletionCounts {
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    throw new RangeError(`retentionDays must be a number of days, 0 or more (got ${retentionDays})`);
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  return deleteEscalationsWhere(ctx, "status = 'resolved' AND resolved_at <= ?", [cutoff], null);
}

export function forgetUser(ctx: SqliteContext, userId: string): DeletionCounts {
  if (userId.trim() === "") throw new RangeError("forgetUser needs a Slack user id");
  return deleteEscalationsWhere(ctx, "requester_id = ?", [userId], userId);
}

function deleteEscalationsWhere(ctx: SqliteContext, where: string, params: unknown[], redactUserId: string | null): DeletionCounts {
  const { db } = ctx;
  const counts = db
    .transaction((): DeletionCounts => {
      const ids = `SELECT id FROM escalations WHERE ${where}`;
      const messages = db.prepare(`DELETE FROM messages WHERE escalation_id IN (${ids})`).run(...params).changes;
      const deliveries = db.prepare(`DELETE FROM deliveries WHERE escalation_id IN (${ids})`).run(...params).changes;
      const escalations = db.prepare(`DELETE FROM escalations WHERE ${where}`).run(...params).changes;
      let redacted = 0;
      if (redactUserId !== null) {
        const f = FORGOTTEN_USER_ID;
        redacted += db.prepare("UPDATE escalations SET claimed_by = ? WHERE claimed_by = ?").run(f, redactUserId).changes;
        redacted += db.prepare("UPDATE escalations SET resolved_by = ? WHERE resolved_by = ?").run(f, redactUserId).changes;
        redacted += db.prepare("UPDATE messages SET author_id = ?, author_name = NULL WHERE author_id = ?").run(f, redactUserId).changes;
      }
      return { escalations, messages, deliveries, redacted };
    })
    .immediate();
  // Old page images of the deleted rows also sit in the write-ahead log until a checkpoint copies over them.
  if (counts.escalations + counts.redacted > 0 && ctx.path !== ":memory:") db.pragma("wal_checkpoint(TRUNCATE)");
  return counts;
}
