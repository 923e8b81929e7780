import { webApi } from "@slack/bolt";
import type { SlackConfig } from "../config.js";
import { logError } from "../errors.js";
import { toSlackLogger, type Logger } from "../logger.js";
import { createEmailDestination, type EmailDestination } from "./destinations/email.js";
import { OutboxWorker, type Destination, type RetryPolicy } from "./outbox.js";
import { createSlackDestination } from "./destinations/slack.js";
import { openSqliteStore } from "./sqlite/open.js";
import { REQUEST_PATH_BUSY_TIMEOUT_MS, type SqliteEscalationStore } from "./sqlite/store.js";
import type { DeletionCounts, DestinationName } from "./store/types.js";
import { createWebhookDestination } from "./destinations/webhook.js";

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
  /** The Web API client of the triage destination; by default one built from the bot token and SLACK_API_URL. */
  slackClient?: webApi.WebClient;
  /** The person's own DM thread as a destination (built by the Slack side, which words it). */
  personDestination?: (client: webApi.WebClient, store: SqliteEscalationStore) => Destination;
}

/** The escalation side of a running Privacy Desk: the store and its outbox worker, delivering to the configured destinations. */
export interface EscalationRuntime {
  store: SqliteEscalationStore;
  worker: OutboxWorker;
  /** The configured destinations, in delivery order. */
  destinations: readonly DestinationName[];
  /** Facts for /healthz; throws once the store is closed, which marks the report degraded. */
  health(): Record<string, unknown>;
  /** Deletes escalations resolved more than RETENTION_DAYS ago (also run at start and every six hours). */
  purgeExpired(): DeletionCounts;
  /** Stops the worker (deliveries in flight finish; pending ones stay for the next start), then closes the store. */
  stop(): Promise<void>;
}

/**
 * The destinations the configuration asks for: the triage channel with HELPDESK_CHANNEL, email with SMTP_URL and
 * MAIL_FROM, the webhook with HELPDESK_WEBHOOK_URL and its secret. Any combination, including none.
 */
export function buildDestinations(
  config: SlackConfig,
  store: SqliteEscalationStore,
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
    destinations.push(createSlackDestination({ client, channel: config.HELPDESK_CHANNEL, store, logger: logger.child({ component: "slack-destination" }) }));
  }
  if (config.SMTP_URL && config.MAIL_FROM) {
    email = createEmailDestination({ smtpUrl: config.SMTP_URL, to: config.ITHELP_EMAIL, from: config.MAIL_FROM, installationId: store.installationId });
    destinations.push(email);
  }
  if (config.HELPDESK_WEBHOOK_URL && config.HELPDESK_WEBHOOK_SECRET) {
    destinations.push(
      createWebhookDestination({ url: config.HELPDESK_WEBHOOK_URL, secret: config.HELPDESK_WEBHOOK_SECRET, installationId: store.installationId }),
    );
  }
  // The person is told only when there is a helpdesk to tell: without one, nothing is kept.
  if (personDestination && destinations.length > 0) destinations.push(personDestination(client, store));
  return { destinations, close: () => email?.close() };
}

/**
 * Opens the store at DATABASE_PATH (creating its folder), purges what is past retention, and starts delivering:
 * deliveries left pending by an earlier run go out first.
 */
export function startEscalations(options: EscalationRuntimeOptions): EscalationRuntime {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const store = openSqliteStore({ path: config.DATABASE_PATH, now, busyTimeoutMs: REQUEST_PATH_BUSY_TIMEOUT_MS });
  let built: ReturnType<typeof buildDestinations> | undefined;
  try {
    const purgeExpired = (): DeletionCounts => {
      const counts = store.purgeExpired(now(), config.RETENTION_DAYS);
      logger.info({ event: "purge", retentionDays: config.RETENTION_DAYS, ...counts }, "expired escalations purged");
      return counts;
    };
    purgeExpired();
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
      try {
        purgeExpired();
      } catch (error) {
        logError(logger, "purge_failed", error, "purge failed; will try again");
      }
    }, options.purgeIntervalMs ?? PURGE_INTERVAL_MS);
    timer.unref();

    let stopped: Promise<void> | undefined;
    const close = built.close;
    return {
      store,
      worker,
      destinations: worker.destinationNames,
      health: () => {
        if (!store.isOpen) throw new Error("the escalation store is closed");
        const byStatus = store.countDeliveriesByStatus();
        const oldest = store.oldestPendingDeliveryCreatedAt();
        const oldestPendingSeconds = oldest ? Math.max(0, Math.floor((now().getTime() - oldest.getTime()) / 1000)) : null;
        // A failed delivery never goes out without an operator; a pending one this old means the helpdesk is unreachable.
        const stuck = byStatus.failed > 0 || (oldestPendingSeconds ?? 0) > config.STUCK_DELIVERY_MINUTES * 60;
        return {
          escalations: {
            destinations: worker.destinationNames,
            pendingDeliveries: byStatus.pending,
            failedDeliveries: byStatus.failed,
            oldestPendingSeconds,
            stuckAfterSeconds: config.STUCK_DELIVERY_MINUTES * 60,
          },
          ...(stuck ? { problem: "deliveries_stuck" } : {}),
        };
      },
      purgeExpired,
      stop: () =>
        (stopped ??= (async () => {
          clearInterval(timer);
          await worker.stop();
          close();
          store.close();
        })()),
    };
  } catch (error) {
    built?.close();
    store.close();
    throw error;
  }
}
