import type { LogEvent, Logger } from "./log.js";

/**
 * The base of Privacy Desk's own errors: a stable `code` to alert and branch on, and a message that says what to
 * do about it. Subclasses add what identifies the case (the file, the destination, the variables).
 */
export class PrivacyDeskError extends Error {
  constructor(
    /** Stable, snake_case: `config_invalid`, `database_too_new`, `delivery_failed` … */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/**
 * The one way to log an error: the event, the ids the caller adds, and the error reduced to what is safe to log
 * (see describeError). `level` is `warn` for a failure that is retried or does not affect the person.
 */
export function logError(
  logger: Pick<Logger, "warn" | "error">,
  event: LogEvent,
  error: unknown,
  msg: string,
  fields: Record<string, unknown> = {},
  level: "warn" | "error" = "error",
): void {
  logger[level]({ event, ...fields, err: describeError(error) }, msg);
}

/** The parts of an error safe to log: its class, code and Slack's error code — not a message that may quote input. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const coded = error as Error & { code?: unknown; data?: { error?: unknown } };
  return {
    type: error.name,
    code: typeof coded.code === "string" ? coded.code : undefined,
    slackError: typeof coded.data?.error === "string" ? coded.data.error : undefined,
    stack: error.stack?.split("\n").slice(1, 4).join("\n"),
  };
}
