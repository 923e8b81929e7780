import { webApi } from "@slack/bolt";
import { type Config, ConfigError, isSlackConfig, loadConfig, type SlackConfig } from "./config.js";
import { runConsole } from "./console.js";
import { createStoreFeedbackSink } from "./desk/feedback.js";
import { createStoreHandOff } from "./desk/handoff.js";
import { createQuestionCounter } from "./desk/question-counter.js";
import { type EscalationRuntime, type EscalationRuntimeOptions, startEscalations } from "./escalation/runtime.js";
import { createLogger, type Logger, toSlackLogger } from "./logger.js";
import { pidFilePath } from "./pid-file.js";
import { startReloading } from "./reload.js";
import type { AnswerEngine } from "./search/answer.js";
import type { EngineHolder } from "./search/holder.js";
import { type RunningSlack, type StartSlackOptions, startSlack } from "./slack/app.js";
import { OwedPostWorker } from "./slack/owed-posts.js";
import { createPersonDestination } from "./slack/person-destination.js";

/** Privacy Desk running against Slack: the Slack app and the escalations behind its hand-off. */
export interface RunningService {
  slack: RunningSlack;
  escalations: EscalationRuntime;
  /** Stops Slack first (no new work; running replies finish), then the outbox worker, then closes the store. */
  stop(): Promise<void>;
}

/** Options for startService: anything the two halves take beyond the configuration. */
export interface ServiceOptions {
  escalations?: Omit<EscalationRuntimeOptions, "config" | "logger">;
  slack?: Omit<StartSlackOptions, "handOff" | "health" | "feedback" | "questionCounts" | "reportSource">;
}

/**
 * Opens the escalation store and starts its outbox worker, then starts the Slack app with the store-backed
 * hand-off. If Slack cannot start (a bad token), the store is closed again and the error is thrown.
 */
export async function startService(
  config: SlackConfig,
  engine: AnswerEngine | (() => AnswerEngine),
  logger: Logger,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const escalations = await startEscalations({
    personDestination: (client, store) =>
      createPersonDestination({
        client,
        store,
        repliesInChat: Boolean(config.HELPDESK_CHANNEL),
        logger: logger.child({ component: "person-destination" }),
      }),
    ...options.escalations,
    config,
    logger,
  });
  // Messages owed to people (a refused DM answer, notices, relays) wait in the store and go out from here.
  const owed = new OwedPostWorker({
    store: escalations.store,
    client: new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      // Fails fast: the worker retries with backoff and honours Retry-After per method; the lease outlasts two calls.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 8_000,
      logger: toSlackLogger(logger),
    }),
    logger: logger.child({ component: "owed-posts" }),
  });
  owed.start();
  let slack: RunningSlack;
  // Counted on the question path, written off it.
  const questionCounts = createQuestionCounter(escalations.store, { logger });
  try {
    // The one place the two halves meet: the hand-off records in the store and wakes the outbox worker.
    const handOff = createStoreHandOff({
      store: escalations.store,
      destinations: escalations.destinations,
      wake: () => escalations.worker.wake(),
      ithelpEmail: config.ITHELP_EMAIL,
      retentionDays: config.RETENTION_DAYS,
    });
    slack = await startSlack(config, engine, logger, {
      ...options.slack,
      handOff,
      health: escalations.health,
      ...(escalations.shared ? { shared: escalations.shared } : {}),
      owed,
      feedback: createStoreFeedbackSink(escalations.store, logger),
      questionCounts,
      reportSource: escalations.store,
    });
  } catch (error) {
    await questionCounts.stop();
    await owed.stop();
    await escalations.stop();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    slack,
    escalations,
    stop: () =>
      (stopped ??= (async () => {
        await slack.stop();
        await questionCounts.stop();
        await owed.stop();
        await escalations.stop();
      })()),
  };
}

/**
 * `privacy-desk start`: the mode follows the environment — Socket Mode with an app token, HTTP with a signing
 * secret, else the local console. Invalid settings stop it with one message listing every problem. Given an
 * engine holder, the bot reloads the statements after edits and on `privacy-desk reload`.
 */
export async function start(engine: AnswerEngine | EngineHolder, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const holder = "reload" in engine ? engine : undefined;
  const serving = holder ? holder.current : (engine as AnswerEngine);
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`privacy-desk: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!isSlackConfig(config)) {
    await runConsole(holder ? holder.current() : (engine as AnswerEngine), process.stdin, process.stdout, config.ITHELP_EMAIL);
    return 0;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  guardProcess(logger);
  const running = await startService(config, serving, logger, { slack: holder ? { corpus: holder.status } : {} });
  const reloading = holder ? startReloading(holder, { logger, pidFile: pidFilePath(config.DATABASE_PATH) }) : undefined;
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ event: "signal", signal }, "shutting down");
      reloading?.close();
      void running.stop().then(resolve);
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  return 0;
}

/**
 * A promise nobody awaited that rejects (inside a library's request handling, say) is logged and the bot keeps
 * serving: one broken request must not end every person's conversation.
 */
function guardProcess(logger: Logger): void {
  process.on("unhandledRejection", (reason) => {
    logger.error(
      // The name and code only: a message could quote what a person wrote.
      {
        event: "unhandled_rejection",
        err: reason instanceof Error ? { type: reason.name, code: (reason as { code?: unknown }).code } : { type: typeof reason },
      },
      "a failure nobody handled; the bot keeps running",
    );
  });
}
