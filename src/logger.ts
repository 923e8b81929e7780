import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import { SECRET_VARIABLES, type Config } from "./config.js";

/** The application logger: JSON lines. Log ids, decisions and timings — never question text, message text or names. */
export type Logger = PinoLogger;

/** Paths whose values are replaced before a line is written, wherever a token or secret might be passed along. */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_VARIABLES.flatMap((name) => [name, `*.${name}`]),
  ...["token", "botToken", "appToken", "userToken", "signingSecret", "clientSecret", "secret", "password", "authorization"].flatMap(
    (key) => [key, `*.${key}`],
  ),
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
];

/** Options for createLogger; `destination` lets tests read the lines written. */
export interface LoggerOptions {
  level: Config["LOG_LEVEL"];
  destination?: DestinationStream;
}

/**
 * Creates the logger. Lines go to stderr by default so that stdout stays free for command output
 * (the console mode and `ask` print answers there).
 */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { app: "privacy-desk" },
      redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/**
 * Adapts the logger to the interface Bolt and the Slack SDK expect. Their debug output contains whole request
 * and response bodies (message text), so it is written only at `trace`, below the levels used in operation.
 */
export function toSlackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack-sdk" });
  const line = (parts: unknown[]): { msg: string; err?: Error } => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts
      .filter((p) => !(p instanceof Error))
      .map((p) => (typeof p === "string" ? p : safeJson(p)))
      .join(" ");
    return err ? { msg: msg || err.message, err } : { msg };
  };
  return {
    debug: (...parts: unknown[]) => {
      if (child.isLevelEnabled("trace")) child.trace(line(parts).msg);
    },
    info: (...parts: unknown[]) => child.info(line(parts).msg),
    warn: (...parts: unknown[]) => {
      const { msg, err } = line(parts);
      child.warn(err ? { err } : {}, msg);
    },
    error: (...parts: unknown[]) => {
      const { msg, err } = line(parts);
      child.error(err ? { err } : {}, msg);
    },
    // The level is owned by the application's configuration, not by the SDK.
    setLevel: () => undefined,
    getLevel: () => {
      switch (logger.level) {
        case "trace":
          return LogLevel.DEBUG;
        case "debug":
        case "info":
          return LogLevel.INFO;
        case "warn":
          return LogLevel.WARN;
        default:
          return LogLevel.ERROR;
      }
    },
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
