import type pg from "pg";
import { z } from "zod";
import { formatReference, normalizeReference } from "../store/reference.js";
import {
  type ClaimResult,
  type CreateEscalationResult,
  type DestinationName,
  DestinationNameSchema,
  type Escalation,
  type NewEscalation,
  NewEscalationSchema,
  type ResolveResult,
} from "../store/types.js";
import { type EscalationRow, inTransaction, type PostgresContext, toEscalation } from "./rows.js";

/** Escalations and their one transaction with the outbox rows, in PostgreSQL. */

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

export async function createEscalation(
  ctx: PostgresContext,
  input: NewEscalation,
  destinations: readonly DestinationName[],
): Promise<CreateEscalationResult> {
  const data = NewEscalationSchema.parse(input);
  const targets = [...new Set(z.array(DestinationNameSchema).parse(destinations))];
  const existing = await getByIdempotencyKey(ctx, data.idempotencyKey);
  if (existing) return { escalation: existing, created: false };
  return inTransaction(ctx, async (client): Promise<CreateEscalationResult> => {
    // Taking the counter's row lock first queues every creator, on every replica; the check below then sees a
    // row committed by whoever held the lock before (READ COMMITTED reads afresh per statement), so a request
    // recorded twice at once still makes one escalation, and a number is used only by a commit.
    const counter = await client.query<{ value: string }>(
      "UPDATE counters SET value = value + 1 WHERE name = 'escalation_reference' RETURNING value",
    );
    const raced = await client.query<EscalationRow>("SELECT * FROM escalations WHERE idempotency_key = $1", [data.idempotencyKey]);
    if (raced.rows[0]) throw new AlreadyRecorded(toEscalation(raced.rows[0]));
    const now = ctx.now();
    const inserted = await client.query<EscalationRow>(
      `INSERT INTO escalations (reference, idempotency_key, requester_id, requester_name, question, note, matches,
         confidence, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) RETURNING *`,
      [
        formatReference(Number(counter.rows[0]!.value)),
        data.idempotencyKey,
        data.requesterId,
        data.requesterName,
        data.question,
        data.note,
        JSON.stringify(data.matches),
        data.confidence,
        now,
      ],
    );
    const row = inserted.rows[0]!;
    for (const destination of targets)
      await client.query(
        `INSERT INTO deliveries (escalation_id, destination, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, 'pending', 0, $3, $3)`,
        [row.id, destination, now],
      );
    return { escalation: toEscalation(row), created: true };
  }).catch((error: unknown) => {
    // Rolled back, so the counter is as it was: the first escalation is the answer.
    if (error instanceof AlreadyRecorded) return { escalation: error.escalation, created: false };
    throw error;
  });
}

/** Thrown inside the transaction to roll it back when another connection recorded the same request first. */
class AlreadyRecorded extends Error {
  constructor(readonly escalation: Escalation) {
    super("already recorded");
  }
}

async function one(db: Queryable, sql: string, params: unknown[]): Promise<Escalation | undefined> {
  const row = (await db.query<EscalationRow>(sql, params)).rows[0];
  return row && toEscalation(row);
}

export function getByReference(ctx: PostgresContext, reference: string, db: Queryable = ctx.pool): Promise<Escalation | undefined> {
  return one(db, "SELECT * FROM escalations WHERE reference = $1", [normalizeReference(reference)]);
}

export function getByIdempotencyKey(ctx: PostgresContext, key: string): Promise<Escalation | undefined> {
  return one(ctx.pool, "SELECT * FROM escalations WHERE idempotency_key = $1", [key]);
}

export function getById(ctx: PostgresContext, id: number): Promise<Escalation | undefined> {
  return one(ctx.pool, "SELECT * FROM escalations WHERE id = $1", [id]);
}

export async function claim(ctx: PostgresContext, reference: string, agentId: string): Promise<ClaimResult> {
  const ref = normalizeReference(reference);
  // A second UPDATE of the same row waits for the first to commit and then finds it no longer open: one owner.
  const changed = await one(
    ctx.pool,
    `UPDATE escalations SET status = 'claimed', claimed_by = $1, claimed_at = $2
     WHERE reference = $3 AND status = 'open' RETURNING *`,
    [agentId, ctx.now(), ref],
  );
  if (changed) return { outcome: "claimed", escalation: changed };
  const current = await getByReference(ctx, ref);
  if (!current) return { outcome: "not_found" };
  if (current.status === "resolved") return { outcome: "already_resolved", escalation: current };
  if (current.claimedBy === agentId) return { outcome: "already_yours", escalation: current };
  return { outcome: "claimed_by_other", owner: current.claimedBy ?? "", escalation: current };
}

export async function resolve(ctx: PostgresContext, reference: string, agentId: string): Promise<ResolveResult> {
  const ref = normalizeReference(reference);
  const changed = await one(
    ctx.pool,
    `UPDATE escalations SET status = 'resolved', resolved_by = $1, resolved_at = $2
     WHERE reference = $3 AND status IN ('open', 'claimed') RETURNING *`,
    [agentId, ctx.now(), ref],
  );
  if (changed) return { outcome: "resolved", escalation: changed };
  const current = await getByReference(ctx, ref);
  return current ? { outcome: "already_resolved", escalation: current } : { outcome: "not_found" };
}

export async function listOpenFor(ctx: PostgresContext, userId: string): Promise<Escalation[]> {
  const { rows } = await ctx.pool.query<EscalationRow>(
    "SELECT * FROM escalations WHERE requester_id = $1 AND status IN ('open', 'claimed') ORDER BY id",
    [userId],
  );
  return rows.map(toEscalation);
}

export async function setTriageMessage(ctx: PostgresContext, reference: string, channel: string, ts: string): Promise<boolean> {
  const result = await ctx.pool.query("UPDATE escalations SET triage_channel = $1, triage_ts = $2 WHERE reference = $3", [
    channel,
    ts,
    normalizeReference(reference),
  ]);
  return result.rowCount === 1;
}

export async function setPersonThread(ctx: PostgresContext, reference: string, channel: string, threadTs: string): Promise<boolean> {
  const result = await ctx.pool.query("UPDATE escalations SET person_channel = $1, person_thread_ts = $2 WHERE reference = $3", [
    channel,
    threadTs,
    normalizeReference(reference),
  ]);
  return result.rowCount === 1;
}

export function findByTriageThread(ctx: PostgresContext, channel: string, ts: string): Promise<Escalation | undefined> {
  return one(ctx.pool, "SELECT * FROM escalations WHERE triage_channel = $1 AND triage_ts = $2 ORDER BY id DESC LIMIT 1", [channel, ts]);
}

export function findByPersonThread(ctx: PostgresContext, channel: string, threadTs: string): Promise<Escalation | undefined> {
  return one(ctx.pool, "SELECT * FROM escalations WHERE person_channel = $1 AND person_thread_ts = $2 ORDER BY id DESC LIMIT 1", [
    channel,
    threadTs,
  ]);
}
