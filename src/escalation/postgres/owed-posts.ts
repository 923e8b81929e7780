import { randomBytes } from "node:crypto";
import { normalizeReference } from "../store/reference.js";
import { type NewOwedPost, NewOwedPostSchema, type OwedPost } from "../store/types.js";
import { inTransaction, type PostgresContext } from "./rows.js";

/** Posts owed to people in PostgreSQL, shared by every replica's worker; deleted once Slack has taken them. */

interface OwedPostRow {
  id: string;
  post_key: string;
  channel: string;
  thread_ts: string | null;
  text: string;
  blocks_json: string | null;
  broadcast: boolean;
  update_ts: string | null;
  escalation_id: string | null;
  tries: number;
  next_attempt_at: Date;
  created_at: Date;
}

const COLUMNS =
  "id, post_key, channel, thread_ts, text, blocks_json, broadcast, update_ts, escalation_id, tries, next_attempt_at, created_at";

function toOwedPost(row: OwedPostRow): OwedPost {
  return {
    id: Number(row.id),
    key: row.post_key,
    channel: row.channel,
    threadTs: row.thread_ts,
    text: row.text,
    blocks: row.blocks_json === null ? null : (JSON.parse(row.blocks_json) as Array<Record<string, unknown>>),
    broadcast: row.broadcast,
    updateTs: row.update_ts,
    escalationId: row.escalation_id === null ? null : Number(row.escalation_id),
    tries: row.tries,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}

export async function queuePost(ctx: PostgresContext, input: NewOwedPost): Promise<OwedPost> {
  const post = NewOwedPostSchema.parse(input);
  const values = [
    randomBytes(9).toString("hex"),
    post.channel,
    post.threadTs,
    post.text,
    post.blocks === null ? null : JSON.stringify(post.blocks),
    post.broadcast,
    post.updateTs,
    post.reference === null ? null : normalizeReference(post.reference),
    ctx.now(),
  ];
  const insert = `INSERT INTO owed_posts (post_key, channel, thread_ts, text, blocks_json, broadcast, update_ts, escalation_id, tries, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM escalations WHERE reference = $8), 0, $9, $9) RETURNING ${COLUMNS}`;
  const rows =
    post.updateTs === null
      ? (await ctx.pool.query<OwedPostRow>(insert, values)).rows
      : await inTransaction(ctx, async (client) => {
          await client.query("DELETE FROM owed_posts WHERE channel = $1 AND update_ts = $2", [post.channel, post.updateTs]);
          return (await client.query<OwedPostRow>(insert, values)).rows;
        });
  return toOwedPost(rows[0]!);
}

/** FOR UPDATE SKIP LOCKED: the workers of several replicas take different posts at once. */
export async function leaseDuePost(ctx: PostgresContext, dueBy: Date, leaseMs: number): Promise<OwedPost | undefined> {
  const until = new Date(ctx.now().getTime() + Math.max(1, leaseMs));
  const { rows } = await ctx.pool.query<OwedPostRow>(
    `WITH due AS (
       SELECT id FROM owed_posts WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
     )
     UPDATE owed_posts p SET next_attempt_at = $2, tries = p.tries + 1 FROM due WHERE p.id = due.id
     RETURNING p.id, p.post_key, p.channel, p.thread_ts, p.text, p.blocks_json, p.broadcast, p.update_ts, p.escalation_id, p.tries, p.next_attempt_at, p.created_at`,
    [dueBy, until],
  );
  return rows[0] && toOwedPost(rows[0]);
}

export async function deletePost(ctx: PostgresContext, id: number): Promise<void> {
  await ctx.pool.query("DELETE FROM owed_posts WHERE id = $1", [id]);
}

export async function retryPostAt(ctx: PostgresContext, id: number, retryAt: Date): Promise<void> {
  await ctx.pool.query("UPDATE owed_posts SET next_attempt_at = $1 WHERE id = $2", [retryAt, id]);
}

export async function countOwedPosts(ctx: PostgresContext): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: string }>("SELECT count(*) AS n FROM owed_posts");
  return Number(rows[0]!.n);
}

export async function nextPostDueAt(ctx: PostgresContext): Promise<Date | undefined> {
  const { rows } = await ctx.pool.query<{ at: Date | null }>("SELECT min(next_attempt_at) AS at FROM owed_posts");
  return rows[0]?.at ?? undefined;
}
