import { z } from "zod";
import { formatReference, normalizeReference } from "../store/reference.js";
import {
  type ClaimResult,
  type CreateEscalationResult,
  type DestinationName,
  DestinationNameSchema,
  type Escalation,
  type MarkAnsweredByResult,
  type NewEscalation,
  NewEscalationSchema,
  type ResolveResult,
} from "../store/types.js";
import { type EscalationRow, type SqliteContext, toEscalation } from "./rows.js";

/** Escalations and their one transaction with the outbox rows, in SQLite. */

export function createEscalation(
  ctx: SqliteContext,
  input: NewEscalation,
  destinations: readonly DestinationName[],
): CreateEscalationResult {
  const { db } = ctx;
  const data = NewEscalationSchema.parse(input);
  const targets = [...new Set(z.array(DestinationNameSchema).parse(destinations))];
  return db
    .transaction((): CreateEscalationResult => {
      const existing = db.prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE idempotency_key = ?").get(data.idempotencyKey);
      if (existing) return { escalation: toEscalation(existing), created: false };

      const now = ctx.now().getTime();
      // Reference numbers come from a counter, never from a row count or max(id), so none is ever reused.
      const { value } = db
        .prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'escalation_reference' RETURNING value")
        .get()!;
      const row = db
        .prepare<unknown[], EscalationRow>(
          `INSERT INTO escalations (reference, idempotency_key, requester_id, requester_name, question, note,
             matches_json, confidence, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING *`,
        )
        .get(
          formatReference(value),
          data.idempotencyKey,
          data.requesterId,
          data.requesterName,
          data.question,
          data.note,
          JSON.stringify(data.matches),
          data.confidence,
          now,
        )!;
      const addDelivery = db.prepare(
        `INSERT INTO deliveries (escalation_id, destination, status, attempts, next_attempt_at, created_at)
         VALUES (?, ?, 'pending', 0, ?, ?)`,
      );
      for (const destination of targets) addDelivery.run(row.id, destination, now, now);
      return { escalation: toEscalation(row), created: true };
    })
    .immediate();
}

export function getByReference(ctx: SqliteContext, reference: string): Escalation | undefined {
  const row = ctx.db.prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE reference = ?").get(normalizeReference(reference));
  return row && toEscalation(row);
}

export function getByIdempotencyKey(ctx: SqliteContext, key: string): Escalation | undefined {
  const row = ctx.db.prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE idempotency_key = ?").get(key);
  return row && toEscalation(row);
}

export function getById(ctx: SqliteContext, id: number): Escalation | undefined {
  const row = ctx.db.prepare<[number], EscalationRow>("SELECT * FROM escalations WHERE id = ?").get(id);
  return row && toEscalation(row);
}

export function claim(ctx: SqliteContext, reference: string, agentId: string): ClaimResult {
  const ref = normalizeReference(reference);
  return ctx.db
    .transaction((): ClaimResult => {
      const changed = ctx.db
        .prepare<[string, number, string], EscalationRow>(
          `UPDATE escalations SET status = 'claimed', claimed_by = ?, claimed_at = ?
           WHERE reference = ? AND status = 'open' RETURNING *`,
        )
        .get(agentId, ctx.now().getTime(), ref);
      if (changed) return { outcome: "claimed", escalation: toEscalation(changed) };
      const current = getByReference(ctx, ref);
      if (!current) return { outcome: "not_found" };
      if (current.status === "resolved") return { outcome: "already_resolved", escalation: current };
      if (current.claimedBy === agentId) return { outcome: "already_yours", escalation: current };
      return { outcome: "claimed_by_other", owner: current.claimedBy ?? "", escalation: current };
    })
    .immediate();
}

export function resolve(ctx: SqliteContext, reference: string, agentId: string): ResolveResult {
  const ref = normalizeReference(reference);
  return ctx.db
    .transaction((): ResolveResult => {
      const changed = ctx.db
        .prepare<[string, number, string], EscalationRow>(
          `UPDATE escalations SET status = 'resolved', resolved_by = ?, resolved_at = ?
           WHERE reference = ? AND status IN ('open', 'claimed') RETURNING *`,
        )
        .get(agentId, ctx.now().getTime(), ref);
      if (changed) return { outcome: "resolved", escalation: toEscalation(changed) };
      const current = getByReference(ctx, ref);
      return current ? { outcome: "already_resolved", escalation: current } : { outcome: "not_found" };
    })
    .immediate();
}

export function listOpenFor(ctx: SqliteContext, userId: string): Escalation[] {
  return ctx.db
    .prepare<[string], EscalationRow>(`SELECT * FROM escalations WHERE requester_id = ? AND status IN ('open', 'claimed') ORDER BY id`)
    .all(userId)
    .map(toEscalation);
}

export function setTriageMessage(ctx: SqliteContext, reference: string, channel: string, ts: string): boolean {
  return (
    ctx.db
      .prepare("UPDATE escalations SET triage_channel = ?, triage_ts = ? WHERE reference = ?")
      .run(channel, ts, normalizeReference(reference)).changes === 1
  );
}

export function setPersonThread(ctx: SqliteContext, reference: string, channel: string, threadTs: string): boolean {
  return (
    ctx.db
      .prepare("UPDATE escalations SET person_channel = ?, person_thread_ts = ? WHERE reference = ?")
      .run(channel, threadTs, normalizeReference(reference)).changes === 1
  );
}

export function findByTriageThread(ctx: SqliteContext, channel: string, ts: string): Escalation | undefined {
  const row = ctx.db
    .prepare<[string, string], EscalationRow>(
      "SELECT * FROM escalations WHERE triage_channel = ? AND triage_ts = ? ORDER BY id DESC LIMIT 1",
    )
    .get(channel, ts);
  return row && toEscalation(row);
}

export function findByPersonThread(ctx: SqliteContext, channel: string, threadTs: string): Escalation | undefined {
  const row = ctx.db
    .prepare<[string, string], EscalationRow>(
      "SELECT * FROM escalations WHERE person_channel = ? AND person_thread_ts = ? ORDER BY id DESC LIMIT 1",
    )
    .get(channel, threadTs);
  return row && toEscalation(row);
}

export function markAnsweredBy(ctx: SqliteContext, reference: string, matchIndex: number | null): MarkAnsweredByResult {
  const ref = normalizeReference(reference);
  return ctx.db
    .transaction((): MarkAnsweredByResult => {
      const current = getByReference(ctx, ref);
      if (!current) return { outcome: "not_found" };
      checkMatchIndex(current, matchIndex);
      if (current.status !== "resolved") return { outcome: "not_resolved", escalation: current };
      ctx.db.prepare("UPDATE escalations SET answered_by = ? WHERE id = ?").run(matchIndex, current.id);
      return { outcome: "marked", escalation: { ...current, answeredBy: matchIndex } };
    })
    .immediate();
}

/** Throws a RangeError unless `matchIndex` is null or names one of the escalation's matches. */
export function checkMatchIndex(e: Escalation, matchIndex: number | null): void {
  if (matchIndex !== null && !(Number.isInteger(matchIndex) && matchIndex >= 0 && matchIndex < e.matches.length))
    throw new RangeError(`${e.reference} has ${e.matches.length} paragraphs found; ${matchIndex} names none of them`);
}

export function listCreatedSince(ctx: SqliteContext, since: Date): Escalation[] {
  return ctx.db
    .prepare<[number], EscalationRow>("SELECT * FROM escalations WHERE created_at >= ? ORDER BY created_at, id")
    .all(since.getTime())
    .map(toEscalation);
}
