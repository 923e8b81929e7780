import { normalizeReference } from "../store/reference.js";
import { type AddMessageResult, type NewMessage, NewMessageSchema, type RelayedMessage } from "../store/types.js";
import { getByReference } from "./escalations.js";
import { type MessageRow, type SqliteContext, toMessage } from "./rows.js";

/** Messages relayed on escalations, in SQLite. */

export function addMessage(ctx: SqliteContext, input: NewMessage): AddMessageResult {
  const data = NewMessageSchema.parse(input);
  const { db } = ctx;
  return db
    .transaction((): AddMessageResult => {
      const escalation = getByReference(ctx, data.reference);
      if (!escalation) return { outcome: "not_found" };
      if (data.idempotencyKey) {
        const seen = db.prepare<[string], MessageRow>("SELECT * FROM messages WHERE idempotency_key = ?").get(data.idempotencyKey);
        if (seen) return { outcome: "duplicate", message: toMessage(seen), escalation };
      }
      if (escalation.status === "resolved") return { outcome: "resolved", escalation };
      const row = db
        .prepare<unknown[], MessageRow>(
          `INSERT INTO messages (escalation_id, direction, author_id, author_name, text, idempotency_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(escalation.id, data.direction, data.authorId, data.authorName, data.text, data.idempotencyKey, ctx.now().getTime())!;
      return { outcome: "added", message: toMessage(row), escalation };
    })
    .immediate();
}

export function listMessages(ctx: SqliteContext, reference: string): RelayedMessage[] {
  return ctx.db
    .prepare<[string], MessageRow>(
      `SELECT m.* FROM messages m JOIN escalations e ON e.id = m.escalation_id
       WHERE e.reference = ? ORDER BY m.id`,
    )
    .all(normalizeReference(reference))
    .map(toMessage);
}
