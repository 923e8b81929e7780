import { randomBytes } from "node:crypto";
import { normalizeReference } from "../store/reference.js";
import { type NewOwedPost, NewOwedPostSchema, type OwedPost } from "../store/types.js";
import type { SqliteContext } from "./rows.js";

/** Posts owed to people in SQLite: one row each, deleted once Slack has taken it. */

interface OwedPostRow {
  id: number;
  post_key: string;
  channel: string;
  thread_ts: string | null;
  text: string;
  blocks_json: string | null;
  broadcast: number;
  update_ts: string | null;
  escalation_id: number | null;
  tries: number;
  next_attempt_at: number;
  created_at: number;
}

const COLUMNS =
  "id, post_key, channel, thread_ts, text, blocks_json, broadcast, update_ts, escalation_id, tries, next_attempt_at, created_at";

function toOwedPost(row: OwedPostRow): OwedPost {
  return {
    id: row.id,
    key: row.post_key,
    channel: row.channel,
    threadTs: row.thread_ts,
    text: row.text,
    blocks: row.blocks_json === null ? null : (JSON.parse(row.blocks_json) as Array<Record<string, unknown>>),
    broadcast: row.broadcast === 1,
    updateTs: row.update_ts,
    escalationId: row.escalation_id,
    tries: row.tries,
    nextAttemptAt: new Date(row.next_attempt_at),
    createdAt: new Date(row.created_at),
  };
}

export function queuePost(ctx: SqliteContext, input: NewOwedPost): OwedPost {
  const post = NewOwedPostSchema.parse(input);
  const now = ctx.now().getTime();
  const escalationId =
    post.reference === null
      ? null
      : (ctx.db.prepare<[string], { id: number }>("SELECT id FROM escalations WHERE reference = ?").get(normalizeReference(post.reference))
          ?.id ?? null);
  const insert = ctx.db.prepare<
    [string, string, string | null, string, string | null, number, string | null, number | null, number, number],
    OwedPostRow
  >(
    `INSERT INTO owed_posts (post_key, channel, thread_ts, text, blocks_json, broadcast, update_ts, escalation_id, tries, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING ${COLUMNS}`,
  );
  const row = ctx.db.transaction(() => {
    if (post.updateTs !== null)
      ctx.db.prepare("DELETE FROM owed_posts WHERE channel = ? AND update_ts = ?").run(post.channel, post.updateTs);
    return insert.get(
      randomBytes(9).toString("hex"),
      post.channel,
      post.threadTs,
      post.text,
      post.blocks === null ? null : JSON.stringify(post.blocks),
      post.broadcast ? 1 : 0,
      post.updateTs,
      escalationId,
      now,
      now,
    )!;
  })();
  return toOwedPost(row);
}

export function leaseDuePost(ctx: SqliteContext, dueBy: Date, leaseMs: number): OwedPost | undefined {
  const { db } = ctx;
  // A read first: with nothing due the worker's poll never asks for the write lock, so it never waits on the
  // event loop for a lock another connection holds (a backup, an operator's shell).
  if (!db.prepare<[number], { id: number }>("SELECT id FROM owed_posts WHERE next_attempt_at <= ? LIMIT 1").get(dueBy.getTime()))
    return undefined;
  return db
    .transaction((): OwedPost | undefined => {
      const row = db
        .prepare<[number], OwedPostRow>(`SELECT ${COLUMNS} FROM owed_posts WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`)
        .get(dueBy.getTime());
      if (!row) return undefined;
      const until = ctx.now().getTime() + Math.max(1, leaseMs);
      db.prepare("UPDATE owed_posts SET next_attempt_at = ?, tries = tries + 1 WHERE id = ?").run(until, row.id);
      return toOwedPost({ ...row, next_attempt_at: until, tries: row.tries + 1 });
    })
    .immediate();
}

export function deletePost(ctx: SqliteContext, id: number): void {
  ctx.db.prepare("DELETE FROM owed_posts WHERE id = ?").run(id);
}

export function retryPostAt(ctx: SqliteContext, id: number, retryAt: Date): void {
  ctx.db.prepare("UPDATE owed_posts SET next_attempt_at = ? WHERE id = ?").run(retryAt.getTime(), id);
}

export function countOwedPosts(ctx: SqliteContext): number {
  return ctx.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM owed_posts").get()!.n;
}

export function nextPostDueAt(ctx: SqliteContext): Date | undefined {
  const row = ctx.db.prepare<[], { at: number | null }>("SELECT min(next_attempt_at) AS at FROM owed_posts").get()!;
  return row.at == null ? undefined : new Date(row.at);
}
