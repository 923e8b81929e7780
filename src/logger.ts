import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import { type DestinationStream, pino } from "pino";
import { type Config, SECRET_VARIABLES } from "./config.js";
import type { Logger } from "./log.js";

/** The application logger: JSON lines. Log ids, decisions and timings — never question text, message text or names. */
export type { LogEvent, LogFields, Logger } from "./log.js";
export { SILENT_LOGGER } from "./log.js";

/** Keys whose values are replaced before a line is written, wherever a token or secret might be passed along. */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  ...SECRET_VARIABLES,
  ...["token", "botToken", "appToken", "userToken", "signingSecret", "clientSecret", "secret", "password", "authorization"],
  "x-slack-signature",
]);

/** What a redacted value is written as. */
export const REDACTED = "[redacted]";

/** How deep in a logged object keys are looked at: `{ token }`, `{ options: { token } }`, `{ req: { headers: { authorization } } }`. */
const REDACT_DEPTH = 2;

/**
 * The object with the value of every key in REDACTED_KEYS replaced, up to REDACT_DEPTH levels down; the object
 * itself when there is nothing to replace (the common case: one pass over its keys), else a copy — never
 * changed in place, as it belongs to the caller.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) {
    if (depth >= REDACT_DEPTH) return value;
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) {
        copy ??= [...value];
        copy[i] = redacted;
      }
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    const redacted = REDACTED_KEYS.has(key) ? REDACTED : depth < REDACT_DEPTH ? redactSecrets(item, depth + 1) : item;
    if (redacted !== item) {
      copy ??= { ...record };
      copy[key] = redacted;
    }
  }
  return (copy ?? value) as T;
}

/** Options for createLogger; `destination` lets tests read the lines written. */
export interface LoggerOptions {
  level: Config["LOG_LEVEL"];
  destination?: DestinationStream;
}

/**
 * Creates the logger. Lines go to stderr by default so that stdout stays free for command output
 * (the console mode and `ask` print answers there), through createLogDestination.
 */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { app: "privacy-desk" },
      // A look-up per key rather than pino's path-based redaction, which walks every configured path for every line.
      formatters: { log: redactSecrets, bindings: redactSecrets },
      serializers: {
        // Also the top-level fields of a child logger's bindings, which pino does not pass to `formatters`.
        ...Object.fromEntries([...REDACTED_KEYS].map((key) => [key, () => REDACTED])),
        err: pino.stdSerializers.err,
      },
    },
    destination ?? createLogDestination(),
  );
}

/**
 * The most a single write to the log takes at once. Under load an event-loop turn can log more than pino's
 * default of 16 KB (about 600 bytes a question, tens of questions a turn), and only one write is under way at a
 * time: capped at 16 KB, the lines not yet written would grow for as long as the load lasts.
 */
export const LOG_MAX_WRITE_BYTES = 1024 * 1024;

/**
 * Lines are gathered until this much is waiting (or LOG_FLUSH_MS has passed) before a write: each write wakes
 * another thread and, through stderr, the process reading the log, so a write per line costs a busy app more
 * than the line itself.
 */
export const LOG_MIN_WRITE_BYTES = 16 * 1024;

/** The longest a line waits to be written when few are logged. */
export const LOG_FLUSH_MS = 100;

/**
 * Where the log goes: stderr (fd 2) unless told otherwise. Lines are written asynchronously, gathered into writes
 * of LOG_MIN_WRITE_BYTES or what LOG_FLUSH_MS has gathered, whichever comes first; lines that come while a write
 * is under way go out together in the next, up to LOG_MAX_WRITE_BYTES, rather than each holding up the request
 * that logged it. pino writes out whatever is still buffered when the process exits.
 */
export function createLogDestination(dest: number | string = 2): DestinationStream {
  return pino.destination({
    dest,
    sync: false,
    minLength: LOG_MIN_WRITE_BYTES,
    maxWrite: LOG_MAX_WRITE_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
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
      if (child.isLevelEnabled("trace")) child.trace({ event: "slack_sdk" }, line(parts).msg);
    },
    info: (...parts: unknown[]) => child.info({ event: "slack_sdk" }, line(parts).msg),
    warn: (...parts: unknown[]) => {
      const { msg, err } = line(parts);
      child.warn({ event: "slack_sdk", ...(err ? { err } : {}) }, msg);
    },
    error: (...parts: unknown[]) => {
      const { msg, err } = line(parts);
      child.error({ event: "slack_sdk", ...(err ? { err } : {}) }, msg);
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
