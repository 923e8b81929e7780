import { logError, PrivacyDeskError } from "../errors.js";
import type { Logger } from "../log.js";
import type { Delivery, DeliveryQueue, DestinationName, Escalation, EscalationRecords } from "./store/types.js";

/** What the worker needs of the store: the outbox, and the escalation a delivery is for. */
export type OutboxStore = DeliveryQueue & Pick<EscalationRecords, "getById">;

/** Somewhere an escalation is handed to the helpdesk. `deliver` must be safe to repeat for the same escalation. */
export interface Destination {
  name: DestinationName;
  /** Resolves when the destination has accepted the escalation; throws (ideally a DeliveryError) when not. */
  deliver(escalation: Escalation): Promise<void>;
}

/** A destination did not accept an escalation; says whether trying again can help and when. */
export class DeliveryError extends PrivacyDeskError {
  readonly destination: DestinationName;
  readonly retryable: boolean;
  /** The destination asked us to wait at least this long (HTTP/Slack Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(
    destination: DestinationName,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | undefined; cause?: unknown },
  ) {
    super(options.retryable ? "delivery_failed" : "delivery_refused", message, { cause: options.cause });
    this.destination = destination;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The drain did not empty the outbox in time; the deliveries stay pending. */
export class OutboxDrainTimeoutError extends PrivacyDeskError {
  constructor(
    readonly pending: number,
    readonly timeoutMs: number,
  ) {
    super("outbox_drain_timeout", `${pending} deliveries were still pending after ${timeoutMs} ms; they stay queued and will be retried.`);
  }
}

/**
 * Parses an HTTP Retry-After value (delay in seconds, or an HTTP date) into milliseconds from `now`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** How the worker spaces retries. */
export interface RetryPolicy {
  /** Delay before the second attempt. */
  baseMs: number;
  /** No backoff delay grows beyond this (a Retry-After may ask for longer and is honoured). */
  capMs: number;
  /** After this many failed attempts the delivery is marked failed and kept for an operator. */
  maxAttempts: number;
  /** Turns a computed delay into the one used, e.g. `fullJitter()`; identity when absent. */
  jitter?: (delayMs: number) => number;
}

/** Backs off 2 s, 4 s, 8 s … up to 10 minutes; gives up after about 3 hours of a helpdesk outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, capMs: 600_000, maxAttempts: 25 };

/** Random delay between 0 and the computed one, so many retries do not arrive together. */
export function fullJitter(random: () => number = Math.random): (delayMs: number) => number {
  return (delayMs) => Math.floor(random() * delayMs);
}

/**
 * Delay before the next try after `failedAttempts` failures: base × 2^(failedAttempts − 1), capped, jittered,
 * and never shorter than a Retry-After the destination gave. Always at least 1 ms.
 */
export function computeRetryDelay(failedAttempts: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const backoff = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = policy.jitter ? policy.jitter(backoff) : backoff;
  return Math.max(1, Math.round(jittered), Math.round(retryAfterMs ?? 0));
}

/** What the worker writes to. Logs carry references and errors, never question text. */
export type OutboxLogger = Pick<Logger, "info" | "warn" | "error">;

const DRAIN_RECHECK_MS = 50;

/** A delivery's lease: work held by a process that died falls due again this soon (see OutboxWorkerOptions). */
export const DEFAULT_LEASE_MS = 10_000;

const silentLogger: OutboxLogger = { info() {}, warn() {}, error() {} };

/** What an OutboxWorker works on and how patiently. */
export interface OutboxWorkerOptions {
  store: OutboxStore;
  destinations: readonly Destination[];
  retry?: Partial<RetryPolicy>;
  /** How often the running worker looks for due deliveries when nothing wakes it. */
  pollIntervalMs?: number;
  /** An attempt that has not finished after this long counts as failed (and is retried), so one hung call cannot stall a destination or a shutdown. */
  attemptTimeoutMs?: number;
  /**
   * How long a taken delivery is reserved from other workers before it is renewed. Short (default 10 s), and
   * renewed every third of it while the attempt runs, so a delivery a dead process held falls due again within
   * one lease of its death, while a slow attempt in a live process keeps it.
   */
  leaseMs?: number;
  now?: () => Date;
  logger?: OutboxLogger;
}

/** What one pass over the outbox did. */
export interface OutboxRunSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends pending deliveries from the store. Each destination is worked through one delivery at a time, so a slow
 * mailbox never holds up the Slack post and no (escalation, destination) is ever sent twice at once. Pending rows
 * are the whole state: a worker started on an existing database picks up whatever was left.
 */
export class OutboxWorker {
  private readonly store: OutboxStore;
  private readonly destinations: ReadonlyMap<DestinationName, Destination>;
  private readonly policy: RetryPolicy;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly now: () => Date;
  private readonly logger: OutboxLogger;

  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private passes: Promise<unknown> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: OutboxWorkerOptions) {
    this.store = options.store;
    const byName = new Map<DestinationName, Destination>();
    for (const d of options.destinations) {
      if (byName.has(d.name)) throw new Error(`Two destinations are named "${d.name}"; configure each only once.`);
      byName.set(d.name, d);
    }
    this.destinations = byName;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!(this.policy.maxAttempts >= 1)) throw new RangeError("retry.maxAttempts must be at least 1");
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(this.leaseMs >= 30)) throw new RangeError("leaseMs must be at least 30 ms, so the heartbeat can renew it in time");
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
  }

  /** The destinations this worker sends to. */
  get destinationNames(): DestinationName[] {
    return [...this.destinations.keys()];
  }

  /** True between start() and stop(). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts sending in the background, beginning with whatever is pending in the store. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.reportPending().then(() => this.runLoop());
  }

  /** Lets the running worker look for due deliveries now (e.g. right after an escalation was created). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakeRequested = true; // the loop is mid-pass; it looks again as soon as the pass ends
  }

  /** Stops taking new deliveries and resolves once the ones in flight have finished; pending rows stay. */
  async stop(): Promise<void> {
    if (!this.running) {
      await this.passes;
      return;
    }
    this.stopping = true;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.passes;
    this.loop = undefined;
    this.stopping = false;
    this.logger.info({ event: "outbox_stopped" }, "outbox worker stopped");
  }

  /** Tries every delivery that is due now, once each; passes never overlap. */
  runOnce(): Promise<OutboxRunSummary> {
    const pass = this.passes.then(() => this.pass());
    this.passes = pass.catch(() => undefined);
    return pass;
  }

  /**
   * Runs passes, waiting for retries to fall due, until nothing is pending for this worker's destinations.
   * Throws OutboxDrainTimeoutError if that takes longer than `timeoutMs`.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<OutboxRunSummary> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    const total: OutboxRunSummary = { delivered: 0, retrying: 0, failed: 0 };
    for (;;) {
      const s = await this.runOnce();
      total.delivered += s.delivered;
      total.retrying += s.retrying;
      total.failed += s.failed;
      const pending = await this.store.countPendingDeliveries(this.destinationNames);
      if (pending === 0) return total;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new OutboxDrainTimeoutError(pending, timeoutMs);
      const due = await this.store.nextDeliveryDueAt(this.destinationNames);
      const wait = due ? due.getTime() - this.now().getTime() : 0;
      // Short naps: a delivery leased by another worker may finish long before its lease would expire.
      await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 1), DRAIN_RECHECK_MS, remaining)));
    }
  }

  /** Says at start what is waiting, and what waits for a destination that is not configured. */
  private async reportPending(): Promise<void> {
    try {
      const pending = await this.store.countPendingDeliveries(this.destinationNames);
      const elsewhere = (await this.store.countPendingDeliveries()) - pending;
      this.logger.info({ event: "outbox_started", pending, destinations: this.destinationNames }, "outbox worker started");
      if (elsewhere > 0)
        this.logger.warn(
          { event: "outbox_waiting_for_destination", pending: elsewhere },
          "deliveries are pending for destinations that are not configured; they wait until those are configured again",
        );
    } catch (err) {
      logError(this.logger, "outbox_pass_failed", err, "outbox pass failed; will try again");
    }
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (err) {
        // A store error (disk full, database locked) must not end the worker; the rows are still there.
        logError(this.logger, "outbox_pass_failed", err, "outbox pass failed; will try again");
      }
      if (!this.running) break;
      await this.sleepUntilDue();
    }
  }

  private async sleepUntilDue(): Promise<void> {
    if (this.wakeRequested || !this.running) {
      this.wakeRequested = false;
      return;
    }
    let wait = this.pollIntervalMs;
    try {
      const due = await this.store.nextDeliveryDueAt(this.destinationNames);
      if (due) wait = Math.min(wait, Math.max(0, due.getTime() - this.now().getTime()));
    } catch {
      // fall back to the poll interval
    }
    // Woken or stopped while the store answered: look again at once.
    if (this.wakeRequested || !this.running) {
      this.wakeRequested = false;
      return;
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      this.timer = setTimeout(done, wait);
    });
  }

  private async pass(): Promise<OutboxRunSummary> {
    // Deliveries rescheduled during this pass fall due after `dueBy`, so each is tried at most once per pass.
    const dueBy = this.now();
    const summaries = await Promise.all([...this.destinations.values()].map((d) => this.workLane(d, dueBy)));
    return summaries.reduce(
      (a, b) => ({ delivered: a.delivered + b.delivered, retrying: a.retrying + b.retrying, failed: a.failed + b.failed }),
      { delivered: 0, retrying: 0, failed: 0 },
    );
  }

  private async workLane(destination: Destination, dueBy: Date): Promise<OutboxRunSummary> {
    const summary: OutboxRunSummary = { delivered: 0, retrying: 0, failed: 0 };
    while (!this.stopping) {
      const delivery = await this.store.leaseDueDelivery(destination.name, dueBy, this.leaseMs);
      if (!delivery) break;
      summary[await this.attempt(destination, delivery)]++;
    }
    return summary;
  }

  private async attempt(destination: Destination, delivery: Delivery): Promise<keyof OutboxRunSummary> {
    const log = { reference: delivery.reference, destination: destination.name, attempt: delivery.attempts + 1 };
    const escalation = await this.store.getById(delivery.escalationId);
    if (!escalation) return "delivered"; // deleted (forgotten) meanwhile; its delivery row went with it
    // The heartbeat: the lease is renewed while the attempt runs, so it can be short.
    const heartbeat = setInterval(
      () => {
        Promise.resolve(this.store.renewLease(delivery.id, this.leaseMs)).catch((err: unknown) =>
          logError(this.logger, "outbox_pass_failed", err, "could not renew a delivery's lease; another worker may take it", log, "warn"),
        );
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    try {
      await this.withTimeout(destination.deliver(escalation), destination.name);
    } catch (err) {
      clearInterval(heartbeat);
      const retryable = err instanceof DeliveryError ? err.retryable : true;
      const retryAfterMs = err instanceof DeliveryError ? err.retryAfterMs : undefined;
      const failedAttempts = delivery.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      if (!retryable || failedAttempts >= this.policy.maxAttempts) {
        await this.store.recordDeliveryFailure(delivery.id, message, null);
        logError(
          this.logger,
          "delivery_failed",
          err,
          retryable
            ? `delivery failed ${failedAttempts} times; kept as failed for an operator to requeue`
            : "delivery refused by the destination; kept as failed for an operator to requeue",
          { ...log, retryable },
        );
        return "failed";
      }
      const delayMs = computeRetryDelay(failedAttempts, this.policy, retryAfterMs);
      await this.store.recordDeliveryFailure(delivery.id, message, new Date(this.now().getTime() + delayMs));
      logError(this.logger, "delivery_retry", err, "delivery failed; will retry", { ...log, delayMs, retryAfterMs }, "warn");
      return "retrying";
    }
    clearInterval(heartbeat);
    await this.store.markDelivered(delivery.id);
    this.logger.info({ event: "delivered", ...log }, "delivered");
    return "delivered";
  }

  private withTimeout(sending: Promise<void>, name: DestinationName): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(name, `${name} did not answer within ${this.attemptTimeoutMs} ms`, { retryable: true })),
        this.attemptTimeoutMs,
      );
    });
    // A late answer after the timeout is ignored; the retry carries the same idempotency key.
    sending.catch(() => undefined);
    return Promise.race([sending, timeout]).finally(() => clearTimeout(timer));
  }
}
