import { normalizeReference } from "../store/reference.js";
import { type AddMessageResult, type NewMessage, NewMessageSchema, type RelayedMessage } from "../store/types.js";
import { type EscalationRow, inTransaction, type MessageRow, type PostgresContext, toEscalation, toMessage } from "./rows.js";

/** Messages relayed on escalations, in PostgreSQL. */

export async function addMessage(ctx: PostgresContext, input: NewMessage): Promise<AddMessageResult> {
  const data = NewMessageSchema.parse(input);
  return inTransaction(ctx, async (client): Promise<AddMessageResult> => {
    // FOR SHARE: a resolve on another connection waits for this message to commit, or this message sees it resolved.
    const found = await client.query<EscalationRow>("SELECT * FROM escalations WHERE reference = $1 FOR SHARE", [
      normalizeReference(data.reference),
    ]);
    if (!found.rows[0]) return { outcome: "not_found" };
    const escalation = toEscalation(found.rows[0]);
    const seen = async () =>
      data.idempotencyKey
        ? (await client.query<MessageRow>("SELECT * FROM messages WHERE idempotency_key = $1", [data.idempotencyKey])).rows[0]
        : undefined;
    const before = await seen();
    if (before) return { outcome: "duplicate", message: toMessage(before), escalation };
    if (escalation.status === "resolved") return { outcome: "resolved", escalation };
    // ON CONFLICT: the same Slack event relayed by two replicas at once is recorded by one of them.
    const inserted = await client.query<MessageRow>(
      `INSERT INTO messages (escalation_id, direction, author_id, author_name, text, idempotency_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
      [escalation.id, data.direction, data.authorId, data.authorName, data.text, data.idempotencyKey, ctx.now()],
    );
    const row = inserted.rows[0];
    if (row) return { outcome: "added", message: toMessage(row), escalation };
    return { outcome: "duplicate", message: toMessage((await seen())!), escalation };
  });
}

export async function listMessages(ctx: PostgresContext, reference: string): Promise<RelayedMessage[]> {
  const { rows } = await ctx.pool.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN escalations e ON e.id = m.escalation_id WHERE e.reference = $1 ORDER BY m.id`,
    [normalizeReference(reference)],
  );
  return rows.map(toMessage);
}
