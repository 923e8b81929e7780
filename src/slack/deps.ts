import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { AnswerEngine } from "../search/answer.js";
import type { EventDedupe } from "./dedupe.js";
import type { FeedbackSink } from "./feedback.js";
import type { HandOff } from "./handoff.js";
import type { InFlight } from "./in-flight.js";
import type { QuestionMemory } from "./question-memory.js";
import type { RateLimiter } from "./rate-limit.js";
import type { RecentQuestions } from "./recent-questions.js";

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
  /** Questions per person per minute. */
  rateLimit: RateLimiter;
  /** Each person's latest question, so "talk to a person" can offer to pass it on; without it they are asked which. */
  recentQuestions?: RecentQuestions;
  /** Clock in milliseconds. */
  now: () => number;
}
