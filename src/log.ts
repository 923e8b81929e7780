/**
 * Every `event` a log line may carry: the one list, so operators can alert on names that exist and a typo is a
 * type error. Lines carry ids, decisions and timings — never question or message text.
 */
export const LOG_EVENTS = [
  // The question flow and the hand-off
  "question",
  "human_requested",
  "feedback",
  "answer_shared",
  "handoff_consent_shown",
  "handoff_cancelled",
  "handoff_sent",
  "person_thread_started",
  "person_thread_failed",
  "relay",
  "escalation_claim",
  "escalation_resolve",
  "follow_up_failed",
  "name_lookup_failed",
  "consent_update_failed",
  "question_count_failed",
  "answered_by",
  "office_report_failed",
  // Slack transport
  "listener_failed",
  "apology_failed",
  "duplicate_event",
  "dedupe_unavailable",
  "rate_limit_unavailable",
  "slack_error",
  "slack_sdk",
  "malformed_request",
  "unhandled_rejection",
  // The outbox and its destinations
  "outbox_started",
  "outbox_waiting_for_destination",
  "outbox_stopped",
  "outbox_pass_failed",
  "delivered",
  "delivery_retry",
  "delivery_failed",
  "triage_relay_failed",
  // Posts owed to people (src/slack/owed-posts.ts)
  "post_owed",
  "post_owed_failed",
  "owed_post_sent",
  "owed_post_found",
  "owed_post_retry",
  "owed_post_dropped",
  "owed_post_pass_failed",
  "no_destinations",
  "purge",
  "purge_failed",
  // The database
  "store_opened",
  "store_unreachable",
  "store_reachable",
  "store_connection_lost",
  // The running service
  "started",
  "signal",
  "stopping",
  "stop_failed",
  "stop_timeout",
  "stopped",
  "pid_file_failed",
  // Statements
  "corpus_reloaded",
  "corpus_reload_ready",
  "corpus_reload_failed",
  "corpus_watch_failed",
  "corpus_watch_stopped",
] as const;

/** One of the log event names. */
export type LogEvent = (typeof LOG_EVENTS)[number];

/** The fields of a log line: always an `event` from the one list, then ids and numbers. */
export type LogFields = { readonly event: LogEvent } & Record<string, unknown>;

/** A level's writer: the fields (with their event) and a short human message. */
export type LogMethod = (fields: LogFields, msg: string) => void;

/**
 * The one logger type every part of Privacy Desk writes to (pino's logger is one). Every line names its event.
 */
export interface Logger {
  readonly level: string;
  isLevelEnabled(level: string): boolean;
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger whose lines all carry `bindings` (e.g. the component). */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that writes nothing (the console and `privacy-desk ask` log nothing). */
export const SILENT_LOGGER: Logger = {
  level: "silent",
  isLevelEnabled: () => false,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => SILENT_LOGGER,
};
