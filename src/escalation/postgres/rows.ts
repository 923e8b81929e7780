import type pg from "pg";
import { z } from "zod";
import {
  type Delivery,
  type DeliveryStatus,
  type DestinationName,
  type Escalation,
  EscalationMatchSchema,
  type EscalationStatus,
  type MessageDirection,
  type RelayedMessage,
} from "../store/types.js";

/** What every PostgreSQL query module works with: something to query (the pool, or one client in a transaction) and the clock. */
export interface PostgresContext {
  readonly pool: pg.Pool;
  readonly now: () => Date;
}

/** Runs `work` in one transaction on one client of the pool; rolled back if it throws. */
export async function inTransaction<T>(ctx: PostgresContext, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await ctx.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// bigint columns arrive as strings (they may exceed 2^53); ids and counts here never do.
export interface EscalationRow {
  id: string;
  reference: string;
  idempotency_key: string;
  requester_id: string;
  requester_name: string;
  question: string;
  note: string | null;
  matches: unknown;
  confidence: number;
  status: EscalationStatus;
  claimed_by: string | null;
  resolved_by: string | null;
  created_at: Date;
  claimed_at: Date | null;
  resolved_at: Date | null;
  person_channel: string | null;
  person_thread_ts: string | null;
  triage_channel: string | null;
  triage_ts: string | null;
}

export interface MessageRow {
  id: string;
  escalation_id: string;
  direction: MessageDirection;
  author_id: string;
  author_name: string | null;
  text: string;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  escalation_id: string;
  reference: string;
  destination: DestinationName;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export function toEscalation(row: EscalationRow): Escalation {
  return {
    id: Number(row.id),
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    question: row.question,
    note: row.note,
    matches: z.array(EscalationMatchSchema).parse(row.matches),
    confidence: row.confidence,
    status: row.status,
    claimedBy: row.claimed_by,
    resolvedBy: row.resolved_by,
    createdAt: row.created_at,
    claimedAt: row.claimed_at,
    resolvedAt: row.resolved_at,
    personChannel: row.person_channel,
    personThreadTs: row.person_thread_ts,
    triageChannel: row.triage_channel,
    triageTs: row.triage_ts,
  };
}

export function toMessage(row: MessageRow): RelayedMessage {
  return {
    id: Number(row.id),
    escalationId: Number(row.escalation_id),
    direction: row.direction,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: Number(row.id),
    escalationId: Number(row.escalation_id),
    reference: row.reference,
    destination: row.destination,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

export const DELIVERY_COLUMNS = `d.id, d.escalation_id, e.reference, d.destination, d.status, d.attempts,
  d.next_attempt_at, d.last_error, d.delivered_at, d.created_at`;
