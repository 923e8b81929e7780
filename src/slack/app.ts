import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { SlackConfig } from "../config.js";
import { createQuestionCarrier, type QuestionCarrier } from "../desk/carried-question.js";
import { createDesk } from "../desk/desk.js";
import { createLoggingFeedbackSink, type FeedbackSink } from "../desk/feedback.js";
import { createMailboxHandOff, type HandOff } from "../desk/handoff.js";
import { createRateLimiter, type RateLimiter } from "../desk/memory/rate-limit.js";
import { logError } from "../errors.js";
import type { QuestionCounts, SharedSlackState } from "../escalation/store/types.js";
import { type Logger, toSlackLogger } from "../logger.js";
import { buildReport, parseSince, type Report, type ReportSource } from "../report/report.js";
import type { AnswerEngine } from "../search/answer.js";
import type { CorpusStatus } from "../search/holder.js";
import { createEventDedupe, createSharedEventDedupe, type EventDedupe } from "./dedupe.js";
import type { SlackDeps } from "./deps.js";
import { buildHealthReport, type HealthExtra, type HealthReport, startHealthServer, writeHealth } from "./health.js";
import { createInFlight } from "./in-flight.js";
import { createKeepAliveFetch } from "./keep-alive-fetch.js";
import { type ListenerModule, registerListeners } from "./listeners/index.js";
import type { PostOwer } from "./owed-posts.js";
import { rejectUnreadableBodies } from "./request-guard.js";

/** Bolt's endpoint for events, slash commands and interactivity in HTTP mode. */
export const EVENTS_PATH = "/slack/events";
/** Health endpoint (HTTP mode on the same port; Socket Mode on PORT via a small server). */
export const HEALTH_PATH = "/healthz";

/** What createSlackApp needs; everything after `logger` has a sensible default. */
export interface SlackAppOptions {
  config: SlackConfig;
  /** The engine, or a function returning the engine serving now (so a reloaded corpus is picked up). */
  engine: AnswerEngine | (() => AnswerEngine);
  logger: Logger;
  /** The hand-off to ithelp (consent, escalation, relays); by default people are pointed at the ithelp mailbox. */
  handOff?: HandOff;
  /** Where Helpful / Not helpful go; by default the log. */
  feedback?: FeedbackSink;
  /** Where each answered or escalated question is counted (by day and section); by default nowhere. */
  questionCounts?: Pick<QuestionCounts, "recordQuestion">;
  /** What the privacy office's App Home summary is read from; without it, nobody sees one. */
  reportSource?: ReportSource;
  questions?: QuestionCarrier;
  dedupe?: EventDedupe;
  /**
   * What replicas agree on, when the store is shared (PostgreSQL): then Slack retries are recognised and the rate
   * limit counted across every replica, not in this process.
   */
  shared?: SharedSlackState;
  /** Where messages owed to people are kept until Slack takes them (the store's outbox of posts); absent in tests. */
  owed?: PostOwer;
  /** By default RATE_LIMIT_PER_MINUTE questions per person per minute. */
  rateLimit?: RateLimiter;
  /** Extra facts for /healthz. */
  health?: HealthExtra;
  /** Where the statements come from and how their last reload went, for /healthz. */
  corpus?: () => CorpusStatus;
  /** More listener modules, registered after the built-in ones. */
  extraListeners?: readonly ListenerModule[];
  /** How the Web API client and `respond` reach Slack; by default over kept-alive connections (see keep-alive-fetch.ts). */
  fetch?: typeof fetch;
  /** A receiver other than the one the mode implies (tests dispatch payloads straight to the app). */
  receiver?: Receiver;
  now?: () => number;
}

/** The assembled Slack app, not yet started. */
export interface SlackApp {
  app: App;
  deps: SlackDeps;
  receiver: Receiver;
  /** The health report as /healthz serves it. */
  health(): HealthReport;
  /** From now on /healthz answers 503 "stopping". */
  markStopping(): void;
}

/** The period App Home summarises for the privacy office. */
export const OFFICE_PERIOD = "30d";

/** The report App Home shows the privacy office: the last 30 days over the statements serving now. */
function officeReport(source: ReportSource, engine: () => AnswerEngine, now: () => number): () => Promise<Report> {
  return () => {
    const at = new Date(now());
    return buildReport({ source, statements: engine().statements, since: parseSince(OFFICE_PERIOD, at), now: at });
  };
}

/** Builds the Bolt app for the configured mode, with every listener registered. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const engineSource = options.engine;
  const engine = typeof engineSource === "function" ? engineSource : () => engineSource;
  const slackLogger = toSlackLogger(logger);
  const inFlight = createInFlight();
  let stopping = false;

  const now = options.now ?? Date.now;
  const desk = createDesk({
    engine,
    logger,
    now,
    questions: options.questions ?? createQuestionCarrier(),
    rateLimit: options.rateLimit ?? createRateLimiter({ limit: config.RATE_LIMIT_PER_MINUTE, now: options.now }),
    maxQuestionChars: config.MAX_QUESTION_CHARS,
    handOff: options.handOff ?? createMailboxHandOff({ ithelpEmail: config.ITHELP_EMAIL }),
    feedback: options.feedback ?? createLoggingFeedbackSink(logger),
    ...(options.questionCounts ? { counts: options.questionCounts } : {}),
  });
  const deps: SlackDeps = {
    config,
    desk,
    engine,
    logger,
    dedupe: options.dedupe ?? (options.shared ? createSharedEventDedupe(options.shared, logger) : createEventDedupe({ now: options.now })),
    ...(options.shared ? { shared: options.shared } : {}),
    ...(options.owed ? { owed: options.owed } : {}),
    inFlight,
    now,
    ...(options.reportSource ? { officeReport: officeReport(options.reportSource, engine, now) } : {}),
  };

  const health = (): HealthReport =>
    buildHealthReport({
      mode: config.mode,
      engine: engine(),
      stopping,
      inFlight: inFlight.size,
      extra: options.health,
      corpus: options.corpus?.(),
    });

  const clientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    // The client neither retries nor waits out a 429 itself: its queue would pause every method of the process.
    // Messages owed to a person are tried again per method (patient-calls.ts); anything else fails fast.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Web API calls and response URL posts over connections kept alive, without web streams per request.
    fetch: options.fetch ?? createKeepAliveFetch(),
  };

  const receiver =
    options.receiver ??
    (config.mode === "socket"
      ? new SocketModeReceiver({
          appToken: config.SLACK_APP_TOKEN,
          logger: slackLogger,
          installerOptions: { clientOptions },
        })
      : new HTTPReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET,
          endpoints: [EVENTS_PATH],
          logger: slackLogger,
          customRoutes: [{ path: HEALTH_PATH, method: ["GET"], handler: (_req, res) => writeHealth(res, health()) }],
        }));
  if (receiver instanceof HTTPReceiver) rejectUnreadableBodies(receiver, EVENTS_PATH, logger);

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver,
    logger: slackLogger,
    clientOptions,
    // auth.test runs in init(), awaited by startSlack, so a bad token is a startup error, not a stray rejection.
    deferInitialization: true,
    // Bolt's conversation store would keep state about conversations; Privacy Desk needs none.
    convoStore: false,
  });

  // The same event delivered again (HTTP retry after a slow ack, Socket Mode redelivery) is answered once.
  // Retries whose first delivery never reached us are still processed, so nothing is dropped.
  // With a shared store, a button press or modal submission is recorded by its trigger id as well, so one that
  // reaches a second replica (a retry, a load balancer trying again) is acknowledged there and does nothing twice.
  app.use(async (args) => {
    const { body, context, next } = args;
    const eventId = typeof (body as { event_id?: unknown }).event_id === "string" ? (body as { event_id: string }).event_id : undefined;
    const id = eventId ?? (deps.dedupe.shared ? interactionId(body) : undefined);
    if (id && (await deps.dedupe.seenBefore(id))) {
      logger.info(
        { event: "duplicate_event", eventId: id, retryNum: context.retryNum, retryReason: context.retryReason },
        "event already handled",
      );
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (!eventId && ack) await ack();
      return;
    }
    await next();
  });

  registerListeners(app, deps, options.extraListeners);

  app.error(async (error) => {
    logError(logger, "slack_error", error, "unhandled error in a listener", { code: error.code });
  });

  return {
    app,
    deps,
    receiver,
    health,
    markStopping: () => {
      stopping = true;
    },
  };
}

/** `interaction:<trigger id>` for a button press or a modal submission, else undefined. */
function interactionId(body: unknown): string | undefined {
  const b = body as { type?: unknown; trigger_id?: unknown };
  if ((b.type === "block_actions" || b.type === "view_submission") && typeof b.trigger_id === "string" && b.trigger_id !== "")
    return `interaction:${b.trigger_id}`;
  return undefined;
}

/** A running Slack app. */
export interface RunningSlack {
  mode: SlackConfig["mode"];
  app: App;
  deps: SlackDeps;
  /** The port of the HTTP receiver (HTTP mode) or of the health server (Socket Mode), when listening. */
  port: number | undefined;
  /** The health report /healthz serves. */
  health(): HealthReport;
  /** Stops taking new work, lets running work finish (up to `drainMs`), and closes the servers. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options for startSlack beyond what createSlackApp takes. */
export interface StartSlackOptions extends Omit<SlackAppOptions, "config" | "engine" | "logger" | "receiver"> {
  /** Interface to listen on (default: all). */
  host?: string;
  /** In Socket Mode, also serve /healthz on PORT (default true). */
  healthServer?: boolean;
  /** How long stop() waits for running work (default 10 s). */
  drainMs?: number;
}

/** Starts Privacy Desk in Socket Mode or HTTP mode, as the configuration says. Called by `privacy-desk start`. */
export async function startSlack(
  config: SlackConfig,
  engine: AnswerEngine | (() => AnswerEngine),
  logger: Logger,
  options: StartSlackOptions = {},
): Promise<RunningSlack> {
  const slack = createSlackApp({ ...options, config, engine, logger });
  const { app, deps } = slack;
  await app.init();

  let port: number | undefined;
  let closeHealth: (() => Promise<void>) | undefined;
  if (config.mode === "http") {
    const server = (await app.start({ port: config.PORT, ...(options.host ? { host: options.host } : {}) })) as Server;
    port = (server.address() as AddressInfo).port;
    logger.info({ event: "started", mode: "http", port, path: EVENTS_PATH }, "Privacy Desk is listening for Slack over HTTP");
  } else {
    await app.start();
    if (options.healthServer !== false) {
      const healthServer = await startHealthServer({ port: config.PORT, host: options.host }, slack.health);
      port = healthServer.port;
      closeHealth = healthServer.close;
    }
    logger.info({ event: "started", mode: "socket", healthPort: port }, "Privacy Desk is connected to Slack in Socket Mode");
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      slack.markStopping();
      logger.info({ event: "stopping", inFlight: deps.inFlight.size }, "stopping: no new requests");
      try {
        await app.stop();
      } catch (error) {
        logError(logger, "stop_failed", error, "receiver did not stop cleanly", {}, "warn");
      }
      const finished = await deps.inFlight.drain(options.drainMs ?? 10_000);
      if (!finished) logger.warn({ event: "stop_timeout", inFlight: deps.inFlight.size }, "some replies were still running at shutdown");
      await closeHealth?.();
      logger.info({ event: "stopped" }, "stopped");
    })();
    return stopped;
  };

  return { mode: config.mode, app, deps, port, health: slack.health, stop };
}
