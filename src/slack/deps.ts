import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { AnswerEngine } from "../search/answer.js";
import type { EventDedupe } from "./dedupe.js";
import type { FeedbackSink } from "./feedback.js";
import type { HandOff } from "./handoff.js";
import type { InFlight } from "./in-flight.js";
import type { QuestionMemory } from "./question-memory.js";

/** What every listener is given. Everything that varies is injected, so tests need no global patching. */
export interface SlackDeps {
  config: Config;
  /** The engine currently serving; a function so a reloaded corpus can be swapped in without re-registering. */
  engine: () => AnswerEngine;
  logger: Logger;
  questions: QuestionMemory;
  handOff: HandOff;
  feedback: FeedbackSink;
  dedupe: EventDedupe;
  inFlight: InFlight;
  /** Clock in milliseconds. */
  now: () => number;
}
