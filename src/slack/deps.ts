import type { Config } from "../config.js";
import type { Desk } from "../desk/desk.js";
import type { SharedSlackState } from "../escalation/store/types.js";
import type { Logger } from "../logger.js";
import type { Report } from "../report/report.js";
import type { AnswerEngine } from "../search/answer.js";
import type { EventDedupe } from "./dedupe.js";
import type { InFlight } from "./in-flight.js";
import type { PostOwer } from "./owed-posts.js";

/** What every listener is given. Everything that varies is injected, so tests need no global patching. */
export interface SlackDeps {
  config: Config;
  /** The product's use cases; listeners validate, call the desk, render and send. */
  desk: Desk;
  /** The engine currently serving, for what App Home lists; a function so a reloaded corpus is picked up. */
  engine: () => AnswerEngine;
  logger: Logger;
  dedupe: EventDedupe;
  /** What replicas agree on (the PostgreSQL store): the rate limit every replica counts into. Absent on SQLite. */
  shared?: SharedSlackState;
  /** Keeps a message owed to a person (a refused answer, a notice, a relay) until Slack takes it. */
  owed?: PostOwer;
  inFlight: InFlight;
  /** Clock in milliseconds. */
  now: () => number;
  /** The report of the last 30 days, for the privacy office's App Home; absent without a store. */
  officeReport?: () => Promise<Report>;
}
