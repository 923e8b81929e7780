import { webApi } from "@slack/bolt";
import type { SlackConfig } from "../config.js";
import { logError } from "../errors.js";
import { type Logger, toSlackLogger } from "../logger.js";
import { createEmailDestination, type EmailDestination } from "./destinations/email.js";
import { createSlackDestination } from "./destinations/slack.js";
import { createWebhookDestination } from "./destinations/webhook.js";
import { openStore, type StoreBackend } from "./open-store.js";
import { type Destination, OutboxWorker, type RetryPolicy } from "./outbox.js";
import type { PostgresEscalationStore } from "./postgres/store.js";
import { REQUEST_PATH_BUSY_TIMEOUT_MS } from "./sqlite/store.js";
import type { DeletionCounts, DestinationName, EscalationStore, SharedSlackState } from "./store/types.js";

/** Expired escalations are purged at start and then this often. */
export const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** What startEscalations needs; everything after `logger` has a default for production. */
export interface EscalationRuntimeOptions {
  config: SlackConfig;
  logger: Logger;
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  pollIntervalMs?: number;
  attemptTimeoutMs?: number;
  purgeIntervalMs?: number;
  /** How often a replica on PostgreSQL checks that the server answers (default STORE_PROBE_INTERVAL_MS). */
  storeProbeIntervalMs?: number;
  /** The Web API client of the triage destination; by default one built from the bot token and SLACK_API_URL. */
  slackClient?: webApi.WebClient;
  /** The person's own DM thread as a destination (built by the Slack side, which words it). */
  personDestination?: (client: webApi.WebClient, store: EscalationStore) => Destination;
}

/** The escalation side of a running Privacy Desk: the store and its outbox worker, delivering to the configured destinations. */
export interface EscalationRuntime {
  store: EscalationStore;
  /** Which database keeps the escalations. */
  backend: StoreBackend;
  /** What replicas agree on about Slack, when the store is shared (PostgreSQL); undefined on SQLite. */
  shared: SharedSlackState | undefined;
  worker: OutboxWorker;
  /** The configured destinations, in delivery order. */
  destinations: readonly DestinationName[];
  /**
   * Facts for /healthz: the backend and whether it is reachable; throws once the store is closed, and names a
   * `problem` while the database does not answer, either of which marks the report degraded.
   */
  health(): Record<string, unknown>;
  /** Deletes escalations resolved more than RETENTION_DAYS ago (also run at start and every six hours). */
  purgeExpired(): Promise<DeletionCounts>;
  /** Stops the worker (deliveries in flight finish; pending ones stay for the next start), then closes the store. */
  stop(): Promise<void>;
}

/**
 * The destinations the configuration asks for: the triage channel with HELPDESK_CHANNEL, email with SMTP_URL and
 * MAIL_FROM, the webhook with HELPDESK_WEBHOOK_URL and its secret. Any combination, including none.
 */
export function buildDestinations(
  config: SlackConfig,
  store: EscalationStore,
  logger: Logger,
  slackClient?: webApi.WebClient,
  personDestination?: EscalationRuntimeOptions["personDestination"],
): { destinations: Destination[]; close(): void } {
  const destinations: Destination[] = [];
  let email: EmailDestination | undefined;
  const client =
    slackClient ??
    new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      // The outbox retries, with backoff and Retry-After; a client that waits on its own would hold the worker.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
      logger: toSlackLogger(logger),
    });
  if (config.HELPDESK_CHANNEL) {
    destinations.push(
      createSlackDestination({ client, channel: config.HELPDESK_CHANNEL, store, logger: logger.child({ component: "slack-destination" }) }),
    );
  }
  if (config.SMTP_URL && config.MAIL_FROM) {
    email = createEmailDestination({
      smtpUrl: config.SMTP_URL,
      to: config.ITHELP_EMAIL,
      from: config.MAIL_FROM,
      installationId: store.installationId,
    });
    destinations.push(email);
  }
  if (config.HELPDESK_WEBHOOK_URL && config.HELPDESK_WEBHOOK_SECRET) {
    destinations.push(
      createWebhookDestination({
        url: config.HELPDESK_WEBHOOK_URL,
        secret: config.HELPDESK_WEBHOOK_SECRET,
        installationId: store.installationId,
      }),
    );
  }
  // The person is told only when there is a helpdesk to tell: without one, nothing is kept.
  if (personDestination && destinations.length > 0) destinations.push(personDestination(client, store));
  return { destinations, close: () => email?.close() };
}

/** How often a replica on PostgreSQL asks the server whether it is there, for /healthz. */
export const STORE_PROBE_INTERVAL_MS = 1_000;

/**
 * Opens the store the configuration names (PostgreSQL with DATABASE_URL, else the SQLite file at DATABASE_PATH),
 * purges what is past retention, and starts delivering: deliveries left pending by an earlier run go out first.
 */
export async function startEscalations(options: EscalationRuntimeOptions): Promise<EscalationRuntime> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const opened = await openStore(config, {
    now,
    busyTimeoutMs: REQUEST_PATH_BUSY_TIMEOUT_MS,
    onIdleError: (error) =>
      logError(logger, "store_connection_lost", error, "a database connection was lost; the pool opens another", {}, "warn"),
  });
  const { store } = opened;
  logger.info(
    { event: "store_opened", backend: opened.backend, where: opened.where, schemaVersion: store.schemaVersion },
    "escalation store open",
  );
  let built: ReturnType<typeof buildDestinations> | undefined;
  let probe: StoreProbe | undefined;
  try {
    const purgeExpired = async (): Promise<DeletionCounts> => {
      const counts = await store.purgeExpired(now(), config.RETENTION_DAYS);
      logger.info({ event: "purge", retentionDays: config.RETENTION_DAYS, ...counts }, "expired escalations purged");
      return counts;
    };
    await purgeExpired();
    built = buildDestinations(config, store, logger, options.slackClient, options.personDestination);
    const worker = new OutboxWorker({
      store,
      destinations: built.destinations,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
      now,
      logger: logger.child({ component: "outbox" }),
    });
    if (worker.destinationNames.filter((d) => d !== "person").length === 0)
      logger.warn({ event: "no_destinations" }, "no helpdesk destination is configured; people are pointed at the ithelp mailbox");
    worker.start();
    const timer = setInterval(() => {
      purgeExpired().catch((error: unknown) => logError(logger, "purge_failed", error, "purge failed; will try again"));
    }, options.purgeIntervalMs ?? PURGE_INTERVAL_MS);
    timer.unref();
    if (opened.backend === "postgres")
      probe = startStoreProbe(opened.store, logger, options.storeProbeIntervalMs ?? STORE_PROBE_INTERVAL_MS);

    let stopped: Promise<void> | undefined;
    const close = built.close;
    const destinations = worker.destinationNames;
    return {
      store,
      backend: opened.backend,
      shared: opened.shared,
      worker,
      destinations,
      health: () => {
        if (!store.isOpen) throw new Error("the escalation store is closed");
        const stuckAfterSeconds = config.STUCK_DELIVERY_MINUTES * 60;
        const ageOf = (oldest: Date | undefined | null) =>
          oldest ? Math.max(0, Math.floor((now().getTime() - oldest.getTime()) / 1000)) : null;
        // A failed delivery never goes out without an operator; a pending one this old means the helpdesk is unreachable.
        const stuck = (failed: number | null, oldestPendingSeconds: number | null) =>
          (failed ?? 0) > 0 || (oldestPendingSeconds ?? 0) > stuckAfterSeconds;
        if (opened.backend === "sqlite") {
          const byStatus = opened.store.countDeliveriesByStatus();
          const oldestPendingSeconds = ageOf(opened.store.oldestPendingDeliveryCreatedAt());
          return {
            store: { backend: "sqlite", reachable: true },
            escalations: {
              destinations,
              pendingDeliveries: byStatus.pending,
              failedDeliveries: byStatus.failed,
              oldestPendingSeconds,
              stuckAfterSeconds,
            },
            ...(stuck(byStatus.failed, oldestPendingSeconds) ? { problem: "deliveries_stuck" } : {}),
          };
        }
        // A network database is asked in the background (see startStoreProbe), never on the health request itself.
        const last = probe!.last;
        const oldestPendingSeconds = ageOf(last.oldestPending);
        return {
          store: { backend: "postgres", reachable: last.reachable, checkedAt: last.checkedAt.toISOString() },
          ...(!last.reachable
            ? { problem: "store_unreachable" }
            : stuck(last.failed, oldestPendingSeconds)
              ? { problem: "deliveries_stuck" }
              : {}),
          escalations: {
            destinations,
            pendingDeliveries: last.pending,
            failedDeliveries: last.failed,
            oldestPendingSeconds,
            stuckAfterSeconds,
          },
        };
      },
      purgeExpired,
      stop: () =>
        (stopped ??= (async () => {
          clearInterval(timer);
          probe?.stop();
          await worker.stop();
          close();
          await store.close();
        })()),
    };
  } catch (error) {
    built?.close();
    probe?.stop();
    await store.close();
    throw error;
  }
}

/** What the last look at the PostgreSQL server found. */
interface StoreProbeResult {
  reachable: boolean;
  checkedAt: Date;
  pending: number | null;
  failed: number | null;
  oldestPending: Date | null;
}

interface StoreProbe {
  readonly last: StoreProbeResult;
  stop(): void;
}

/**
 * Asks the PostgreSQL server every `intervalMs` for the delivery counts: a replica that cannot reach it reports
 * so on /healthz (503, so the load balancer sends its traffic elsewhere) and reports healthy again as soon as it
 * can, without a restart (the pool reconnects by itself). The log says when it was lost and when it came back.
 */
function startStoreProbe(store: PostgresEscalationStore, logger: Logger, intervalMs: number): StoreProbe {
  let last: StoreProbeResult = { reachable: true, checkedAt: new Date(), pending: null, failed: null, oldestPending: null };
  let running = false;
  const check = async () => {
    if (running || !store.isOpen) return;
    running = true;
    try {
      const byStatus = await store.countDeliveriesByStatus();
      const oldestPending = (await store.oldestPendingDeliveryCreatedAt()) ?? null;
      if (!last.reachable) logger.info({ event: "store_reachable", where: store.where }, "the database answers again");
      last = { reachable: true, checkedAt: new Date(), pending: byStatus.pending, failed: byStatus.failed, oldestPending };
    } catch (error) {
      if (last.reachable)
        logError(logger, "store_unreachable", error, "the database does not answer; /healthz reports 503 until it does", {
          where: store.where,
        });
      last = { reachable: false, checkedAt: new Date(), pending: null, failed: null, oldestPending: null };
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    get last() {
      return last;
    },
    stop: () => clearInterval(timer),
  };
}
