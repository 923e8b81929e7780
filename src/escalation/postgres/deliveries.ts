import { normalizeReference } from "../store/reference.js";
import { type Delivery, type DeliveryStatus, type DestinationName, DestinationNameSchema } from "../store/types.js";
import { DELIVERY_COLUMNS, type DeliveryRow, type PostgresContext, toDelivery } from "./rows.js";

/** The outbox in PostgreSQL: one row per escalation and destination, shared by the workers of every replica. */

/** Keeps stored error texts short; they are for operators, not an archive. */
const MAX_ERROR_LENGTH = 500;

export async function listDeliveries(ctx: PostgresContext, reference: string): Promise<Delivery[]> {
  const { rows } = await ctx.pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id
     WHERE e.reference = $1 ORDER BY d.id`,
    [normalizeReference(reference)],
  );
  return rows.map(toDelivery);
}

export async function countPendingDeliveries(ctx: PostgresContext, destinations?: readonly DestinationName[]): Promise<number> {
  const names = destinations ?? DestinationNameSchema.options;
  if (names.length === 0) return 0;
  const { rows } = await ctx.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM deliveries WHERE status = 'pending' AND destination = ANY($1)",
    [names],
  );
  return Number(rows[0]!.n);
}

export async function countDeliveriesByStatus(ctx: PostgresContext): Promise<Record<DeliveryStatus, number>> {
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  const { rows } = await ctx.pool.query<{ status: DeliveryStatus; n: string }>(
    "SELECT status, count(*) AS n FROM deliveries GROUP BY status",
  );
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export async function nextDeliveryDueAt(ctx: PostgresContext, destinations: readonly DestinationName[]): Promise<Date | undefined> {
  if (destinations.length === 0) return undefined;
  const { rows } = await ctx.pool.query<{ at: Date | null }>(
    "SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending' AND destination = ANY($1)",
    [destinations],
  );
  return rows[0]?.at ?? undefined;
}

/**
 * FOR UPDATE SKIP LOCKED: workers on every replica take different rows at the same moment instead of queueing on
 * one. A worker that dies mid-send leaves the lease to expire, and any replica tries the delivery again.
 */
export async function leaseDueDelivery(
  ctx: PostgresContext,
  destination: DestinationName,
  dueBy: Date,
  leaseMs: number,
): Promise<Delivery | undefined> {
  const until = new Date(ctx.now().getTime() + Math.max(1, leaseMs));
  const { rows } = await ctx.pool.query<DeliveryRow>(
    `WITH due AS (
       SELECT id FROM deliveries
       WHERE status = 'pending' AND destination = $1 AND next_attempt_at <= $2
       ORDER BY next_attempt_at, id LIMIT 1
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE deliveries d SET next_attempt_at = $3 FROM due WHERE d.id = due.id RETURNING d.*
     )
     SELECT ${DELIVERY_COLUMNS} FROM leased d JOIN escalations e ON e.id = d.escalation_id`,
    [destination, dueBy, until],
  );
  return rows[0] && toDelivery(rows[0]);
}

export async function renewLease(ctx: PostgresContext, deliveryId: number, leaseMs: number): Promise<boolean> {
  const until = new Date(ctx.now().getTime() + Math.max(1, leaseMs));
  const result = await ctx.pool.query("UPDATE deliveries SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'", [
    until,
    deliveryId,
  ]);
  return result.rowCount === 1;
}

export async function oldestPendingDeliveryCreatedAt(ctx: PostgresContext): Promise<Date | undefined> {
  const { rows } = await ctx.pool.query<{ at: Date | null }>("SELECT min(created_at) AS at FROM deliveries WHERE status = 'pending'");
  return rows[0]?.at ?? undefined;
}

export async function markDelivered(ctx: PostgresContext, deliveryId: number): Promise<void> {
  await ctx.pool.query(
    `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL
     WHERE id = $2 AND status = 'pending'`,
    [ctx.now(), deliveryId],
  );
}

export async function recordDeliveryFailure(
  ctx: PostgresContext,
  deliveryId: number,
  error: string,
  retryAt: Date | null,
): Promise<Delivery | undefined> {
  const lastError = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
  await ctx.pool.query(
    `UPDATE deliveries SET attempts = attempts + 1, last_error = $1,
       status = CASE WHEN $2::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
       next_attempt_at = coalesce($2::timestamptz, next_attempt_at)
     WHERE id = $3 AND status = 'pending'`,
    [lastError, retryAt, deliveryId],
  );
  const { rows } = await ctx.pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id WHERE d.id = $1`,
    [deliveryId],
  );
  return rows[0] && toDelivery(rows[0]);
}

export async function requeueFailedDeliveries(ctx: PostgresContext, reference?: string): Promise<number> {
  const now = ctx.now();
  const result =
    reference === undefined
      ? await ctx.pool.query("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1 WHERE status = 'failed'", [now])
      : await ctx.pool.query(
          `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1
           WHERE status = 'failed' AND escalation_id = (SELECT id FROM escalations WHERE reference = $2)`,
          [now, normalizeReference(reference)],
        );
  return result.rowCount ?? 0;
}
