import type Database from "better-sqlite3";
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

/** What every SQLite query module works with: the open database, the store's clock and its file path. */
export interface SqliteContext {
  readonly db: Database.Database;
  readonly now: () => Date;
  readonly path: string;
}

export interface EscalationRow {
  id: number;
  reference: string;
  idempotency_key: string;
  requester_id: string;
  requester_name: string;
  question: string;
  note: string | null;
  matches_json: string;
  confidence: number;
  status: EscalationStatus;
  claimed_by: string | null;
  resolved_by: string | null;
  created_at: number;
  claimed_at: number | null;
  resolved_at: number | null;
  person_channel: string | null;
  person_thread_ts: string | null;
  triage_channel: string | null;
  triage_ts: string | null;
  answered_by: number | null;
}

export interface MessageRow {
  id: number;
  escalation_id: number;
  direction: MessageDirection;
  author_id: string;
  author_name: string | null;
  text: string;
  created_at: number;
}

export interface DeliveryRow {
  id: number;
  escalation_id: number;
  reference: string;
  destination: DestinationName;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

const date = (ms: number | null): Date | null => (ms == null ? null : new Date(ms));

export function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    question: row.question,
    note: row.note,
    matches: z.array(EscalationMatchSchema).parse(JSON.parse(row.matches_json)),
    confidence: row.confidence,
    status: row.status,
    claimedBy: row.claimed_by,
    resolvedBy: row.resolved_by,
    createdAt: new Date(row.created_at),
    claimedAt: date(row.claimed_at),
    resolvedAt: date(row.resolved_at),
    personChannel: row.person_channel,
    personThreadTs: row.person_thread_ts,
    triageChannel: row.triage_channel,
    triageTs: row.triage_ts,
    answeredBy: row.answered_by,
  };
}

export function toMessage(row: MessageRow): RelayedMessage {
  return {
    id: row.id,
    escalationId: row.escalation_id,
    direction: row.direction,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    createdAt: new Date(row.created_at),
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    escalationId: row.escalation_id,
    reference: row.reference,
    destination: row.destination,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    deliveredAt: date(row.delivered_at),
    createdAt: new Date(row.created_at),
  };
}

export const DELIVERY_COLUMNS = `d.id, d.escalation_id, e.reference, d.destination, d.status, d.attempts,
  d.next_attempt_at, d.last_error, d.delivered_at, d.created_at`;
