import { logError } from "../errors.js";
import type { Logger } from "../logger.js";

/**
 * How long a message the bot owes a person (a DM answer, a status notice, a relay) keeps being tried through a
 * Slack outage or rate limit before it is given up, and how the tries are spaced.
 */
export interface Patience {
  /** Give up after this long (default 3 minutes: an outage of that length is an incident, not a blip). */
  forMs: number;
  /** First wait after a failure; doubled each time, up to `capMs`. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_PATIENCE: Patience = { forMs: 180_000, baseMs: 500, capMs: 8_000 };

/**
 * When each Web API method may be called again after Slack said "too many" (429 with Retry-After). Kept per
 * method, so a limit on `users.info` never delays a `chat.postMessage`; one gate per process.
 */
export class MethodGates {
  private readonly notBefore = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  /** Milliseconds until `method` may be called (0 when it may now). */
  waitFor(method: string): number {
    const at = this.notBefore.get(method);
    return at === undefined ? 0 : Math.max(0, at - this.now());
  }
  /** Slack asked for `method` not to be called for `ms`. */
  hold(method: string, ms: number): void {
    this.notBefore.set(method, Math.max(this.notBefore.get(method) ?? 0, this.now() + ms));
  }
}

/** The process's gates (the Web API client's own queue is told not to pause: see app.ts). */
export const SLACK_METHOD_GATES = new MethodGates();

/** Slack platform errors worth trying again; anything else (not_in_channel, invalid_auth) will not change. */
const TRANSIENT = new Set(["ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** How a failed call may be tried again: after Slack's Retry-After, after a backoff, or not at all (undefined). */
export function retryOf(error: unknown): { retryAfterMs?: number } | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; data?: { error?: unknown } };
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return { retryAfterMs: typeof e.retryAfter === "number" ? e.retryAfter * 1000 : 1000 };
    case "slack_webapi_request_error":
      return {};
    case "slack_webapi_http_error": {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      return status >= 500 || status === 408 || status === 0 ? {} : undefined;
    }
    case "slack_webapi_platform_error":
      return typeof e.data?.error === "string" && TRANSIENT.has(e.data.error) ? {} : undefined;
    default:
      return undefined;
  }
}

/**
 * Calls a Web API method for a message owed to a person, trying again through outages (backoff) and rate limits
 * (the method's own Retry-After, not the whole client's) until it is accepted or `patience.forMs` has passed.
 * Errors that trying again cannot fix are thrown at once. Never holds other methods back.
 */
export async function callPatiently<T>(
  method: string,
  call: () => Promise<T>,
  options: { logger: Pick<Logger, "warn" | "error">; gates?: MethodGates; patience?: Patience; ids?: Record<string, unknown> },
): Promise<T> {
  const gates = options.gates ?? SLACK_METHOD_GATES;
  const patience = options.patience ?? DEFAULT_PATIENCE;
  const deadline = Date.now() + patience.forMs;
  for (let attempt = 1; ; attempt++) {
    const gated = gates.waitFor(method);
    if (gated > 0) await sleep(Math.min(gated, Math.max(0, deadline - Date.now())));
    try {
      return await call();
    } catch (error) {
      const retry = retryOf(error);
      if (!retry) throw error;
      if (retry.retryAfterMs !== undefined) gates.hold(method, retry.retryAfterMs);
      const backoff = Math.min(patience.capMs, patience.baseMs * 2 ** (attempt - 1));
      const wait = Math.max(backoff, retry.retryAfterMs ?? 0);
      if (Date.now() + wait > deadline) throw error;
      logError(
        options.logger,
        "slack_error",
        error,
        "Slack did not take a message owed to a person; trying again",
        { method, attempt, waitMs: wait, ...options.ids },
        "warn",
      );
      await sleep(wait);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
