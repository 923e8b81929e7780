import { ConfigError, isSlackConfig, loadConfig } from "./config.js";
import { runConsole } from "./console.js";
import { createLogger } from "./logger.js";
import type { AnswerEngine } from "./search/answer.js";
import { startSlack } from "./slack/app.js";

/**
 * `privacy-desk start`: the mode follows the environment — Socket Mode with an app token, HTTP with a signing
 * secret, else the local console. Invalid settings stop it with one message listing every problem.
 */
export async function start(engine: AnswerEngine, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
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
    await runConsole(engine, process.stdin, process.stdout);
    return 0;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const running = await startSlack(config, engine, logger);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ event: "signal", signal }, "shutting down");
      void running.stop().then(resolve);
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  return 0;
}
