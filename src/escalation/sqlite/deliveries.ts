import { normalizeReference } from "../store/reference.js";
import { type Delivery, type DeliveryStatus, type DestinationName, DestinationNameSchema } from "../store/types.js";
import { DELIVERY_COLUMNS, type DeliveryRow, type SqliteContext, toDelivery } from "./rows.js";

/** The outbox in SQLite: one row per escalation and destination. */

/** Keeps stored error texts short; they are for operators, not an archive. */
const MAX_ERROR_LENGTH = 500;

export function listDeliveries(ctx: SqliteContext, reference: string): Delivery[] {
  return ctx.db
    .prepare<[string], DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id
       WHERE e.reference = ? ORDER BY d.id`,
    )
    .all(normalizeReference(reference))
    .map(toDelivery);
}

export function countPendingDeliveries(ctx: SqliteContext, destinations?: readonly DestinationName[]): number {
  const names = destinations ?? DestinationNameSchema.options;
  if (names.length === 0) return 0;
  const row = ctx.db
    .prepare<string[], { n: number }>(
      `SELECT count(*) AS n FROM deliveries WHERE status = 'pending'
       AND destination IN (${names.map(() => "?").join(", ")})`,
    )
    .get(...names)!;
  return row.n;
}

export function countDeliveriesByStatus(ctx: SqliteContext): Record<DeliveryStatus, number> {
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  for (const row of ctx.db
    .prepare<[], { status: DeliveryStatus; n: number }>("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
    .all())
    counts[row.status] = row.n;
  return counts;
}

export function nextDeliveryDueAt(ctx: SqliteContext, destinations: readonly DestinationName[]): Date | undefined {
  if (destinations.length === 0) return undefined;
  const row = ctx.db
    .prepare<string[], { at: number | null }>(
      `SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'
       AND destination IN (${destinations.map(() => "?").join(", ")})`,
    )
    .get(...destinations)!;
  return row.at == null ? undefined : new Date(row.at);
}

/** A worker that dies mid-send leaves the lease to expire, and the delivery is tried again. */
export function leaseDueDelivery(ctx: SqliteContext, destination: DestinationName, dueBy: Date, leaseMs: number): Delivery | undefined {
  const { db } = ctx;
  return db
    .transaction((): Delivery | undefined => {
      const row = db
        .prepare<[string, number], DeliveryRow>(
          `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id
           WHERE d.status = 'pending' AND d.destination = ? AND d.next_attempt_at <= ?
           ORDER BY d.next_attempt_at, d.id LIMIT 1`,
        )
        .get(destination, dueBy.getTime());
      if (!row) return undefined;
      const until = ctx.now().getTime() + Math.max(1, leaseMs);
      db.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE id = ?").run(until, row.id);
      return toDelivery({ ...row, next_attempt_at: until });
    })
    .immediate();
}

export function renewLease(ctx: SqliteContext, deliveryId: number, leaseMs: number): boolean {
  const until = ctx.now().getTime() + Math.max(1, leaseMs);
  return (
    ctx.db.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending'").run(until, deliveryId).changes === 1
  );
}

export function markDelivered(ctx: SqliteContext, deliveryId: number): void {
  ctx.db
    .prepare(
      `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL
       WHERE id = ? AND status = 'pending'`,
    )
    .run(ctx.now().getTime(), deliveryId);
}

export function recordDeliveryFailure(ctx: SqliteContext, deliveryId: number, error: string, retryAt: Date | null): Delivery | undefined {
  const lastError = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
  ctx.db
    .prepare(
      `UPDATE deliveries SET attempts = attempts + 1, last_error = ?,
         status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = coalesce(?, next_attempt_at)
       WHERE id = ? AND status = 'pending'`,
    )
    .run(lastError, retryAt?.getTime() ?? null, retryAt?.getTime() ?? null, deliveryId);
  const row = ctx.db
    .prepare<[number], DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id WHERE d.id = ?`,
    )
    .get(deliveryId);
  return row && toDelivery(row);
}

export function requeueFailedDeliveries(ctx: SqliteContext, reference?: string): number {
  const now = ctx.now().getTime();
  if (reference === undefined)
    return ctx.db.prepare("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'failed'").run(now)
      .changes;
  return ctx.db
    .prepare(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?
       WHERE status = 'failed' AND escalation_id = (SELECT id FROM escalations WHERE reference = ?)`,
    )
    .run(now, normalizeReference(reference)).changes;
}

export function oldestPendingDeliveryCreatedAt(ctx: SqliteContext): Date | undefined {
  const row = ctx.db.prepare<[], { at: number | null }>("SELECT min(created_at) AS at FROM deliveries WHERE status = 'pending'").get()!;
  return row.at == null ? undefined : new Date(row.at);
}
