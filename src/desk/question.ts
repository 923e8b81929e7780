import { logError } from "../errors.js";
import type { QuestionCounts } from "../escalation/store/types.js";
import type { Logger } from "../log.js";
import type { Answer, AnswerEngine } from "../search/answer.js";
import type { QuestionCarrier } from "./carried-question.js";
import type { RateDecision, RateLimiter } from "./memory/rate-limit.js";
import { isHelpRequest } from "./words/help.js";
import { carriesQuestion, wantsHuman } from "./words/human.js";
import { normalisePhrase } from "./words/phrases.js";
import { classifySmallTalk } from "./words/smalltalk.js";

/** Where a question was asked: a Slack DM, `/privacy`, a mention in a channel, the local console, `privacy-desk ask`. */
export type QuestionOrigin = "dm" | "command" | "mention" | "console" | "cli";

/** Origins that are a conversation with a known person: small talk, status and asking for a person apply there. */
const CONVERSATIONS: ReadonlySet<QuestionOrigin> = new Set(["dm", "command", "mention"]);
/** Origins where a greeting or thanks gets its reply rather than a search: every conversation, and the local console. */
const SMALL_TALK: ReadonlySet<QuestionOrigin> = new Set([...CONVERSATIONS, "console"]);
/** Origins where `status` lists the person's requests (never in a channel, where others would see it). */
const PRIVATE: ReadonlySet<QuestionOrigin> = new Set(["dm", "command"]);

const STATUS_WORDS = new Set(["status", "my status", "my requests", "requests", "tickets", "my tickets"]);

/** True for `/privacy status` (or "status" in a DM): the person wants their open requests listed. */
export function isStatusRequest(question: string): boolean {
  return STATUS_WORDS.has(normalisePhrase(question));
}

/** What the question flow needs; the parts that need a known person are absent for the console and the CLI. */
export interface QuestionPorts {
  /** The engine serving now (a reloaded corpus is picked up on the next question). */
  engine: () => AnswerEngine;
  logger: Logger;
  /** Clock in milliseconds, for timings in the log. */
  now: () => number;
  /** Questions per person per minute. */
  rateLimit?: RateLimiter;
  /** Puts each answered question (and the paragraphs found) in the reference its buttons carry. */
  questions?: QuestionCarrier;
  /** Longer questions are refused, never answered in part. */
  maxQuestionChars?: number;
  /** Counts each question the engine answered or escalated, by day and section: no person, no text. */
  counts?: Pick<QuestionCounts, "recordQuestion">;
}

/** A question as it arrived, already turned into plain text. */
export interface QuestionInput {
  text: string;
  origin: QuestionOrigin;
  /** Who asked (a Slack user id): counted against their rate limit, never logged. */
  userId?: string;
  /**
   * The rate-limit decision already taken for this message by a limiter every replica counts into (see
   * SharedSlackState); when given, `ports.rateLimit` is not asked.
   */
  rate?: RateDecision;
}

/** The question a request for a person passes on, with the answer the engine gave it. */
export interface QuestionAtHand {
  question: string;
  /** What the buttons carry: the question itself, the paragraphs found, and the question's id. */
  questionRef: string;
  /** The question's own id: one escalation per person and question. */
  questionId: string;
  answer: Answer;
}

/** What the desk decided for one message; each entry point renders it its own way. */
export type QuestionOutcome =
  | { kind: "rate_limited"; limit: number; retryAfterMs: number }
  | { kind: "usage" }
  | { kind: "too_long"; max: number; length: number }
  | { kind: "greeting" }
  | { kind: "thanks" }
  /** The person's open requests are to be listed. */
  | { kind: "status" }
  /** The person asked for a person: the consent step for the question their message carries, or (without one) ask them which question. */
  | { kind: "person"; request?: QuestionAtHand }
  | { kind: "answer" | "escalate"; question: string; answer: Answer; questionRef?: string };

/** The kinds of outcome that are a reply to the question itself, as logged. */
export type ReplyKind = Exclude<QuestionOutcome["kind"], "status" | "person">;

/**
 * The one question flow, for every entry point. In order: `status` (privately), a request for a person (the
 * consent step for the question it carries or the person's latest one), the rate limit (a refused question is
 * neither answered nor kept), usage (the word "help" or an everyday request for help), the length limit (never
 * an answer to a shortened question), small talk, then the engine. Logs the decision and timing only — never
 * the question, and not who asked.
 */
export function handleQuestion(input: QuestionInput, ports: QuestionPorts): QuestionOutcome {
  const { text: question, origin, userId } = input;
  const conversation = CONVERSATIONS.has(origin) && userId !== undefined;
  if (conversation && PRIVATE.has(origin) && isStatusRequest(question)) return { kind: "status" };
  if (conversation) {
    const person = askingForPerson(question, userId, origin, ports, input.rate);
    if (person) return person;
  }
  return answerQuestion(question, origin, userId, ports, input.rate);
}

/** The question a button carries, with the answer it got (rebuilt from the statements, not asked again). */
export function recallQuestion(ref: string | undefined, ports: Pick<QuestionPorts, "questions" | "engine">): QuestionAtHand | undefined {
  if (!ref || !ports.questions) return undefined;
  const carried = ports.questions.read(ref, ports.engine());
  if (!carried) return undefined;
  return { question: carried.question, questionRef: ref, questionId: carried.questionId, answer: carried.answer };
}

function askingForPerson(
  question: string,
  userId: string,
  origin: QuestionOrigin,
  ports: QuestionPorts,
  rate: RateDecision | undefined,
): QuestionOutcome | undefined {
  if (!wantsHuman(question)) return undefined;
  if (ports.maxQuestionChars !== undefined && question.length > ports.maxQuestionChars) return undefined;
  // Over the limit: the ordinary flow explains it.
  if (rate ? !rate.allowed : ports.rateLimit && !ports.rateLimit.take(userId).allowed) return undefined;
  const carried = carriesQuestion(question);
  let request: QuestionAtHand | undefined;
  if (carried) {
    const answer = ports.engine().ask(question);
    const questionRef = ports.questions?.carry(question, answer);
    if (questionRef) request = recallQuestion(questionRef, ports);
  }
  // Without a question in the message the person is asked which one: no earlier question is kept to offer.
  ports.logger.info({ event: "human_requested", origin, withQuestion: request !== undefined, carried }, "person asked for a person");
  return { kind: "person", ...(request ? { request } : {}) };
}

function answerQuestion(
  question: string,
  origin: QuestionOrigin,
  userId: string | undefined,
  ports: QuestionPorts,
  rate: RateDecision | undefined,
): QuestionOutcome {
  const started = ports.now();
  const done = (outcome: QuestionOutcome & { kind: ReplyKind }): QuestionOutcome => {
    const answer = "answer" in outcome ? outcome.answer : undefined;
    ports.logger.info(
      {
        event: "question",
        origin,
        reply: outcome.kind,
        chars: question.length,
        ...(answer
          ? {
              decision: answer.decision,
              confidence: Number(answer.confidence.toFixed(3)),
              // Numbers only: the engine's `rule` and `terms` may quote words of the question. Three decimals,
              // as for confidence, keep the line short.
              signals: rounded(answer.reasons.signals),
              paragraphIds: answer.matches.map((m) => m.paragraphId),
            }
          : {}),
        ms: ports.now() - started,
      },
      "question handled",
    );
    return outcome;
  };

  // Checked first, so a flood costs no work beyond this count.
  if (rate && !rate.allowed && ports.rateLimit)
    return done({ kind: "rate_limited", limit: ports.rateLimit.limit, retryAfterMs: rate.retryAfterMs });
  if (!rate && ports.rateLimit && userId !== undefined) {
    const allowed = ports.rateLimit.take(userId);
    if (!allowed.allowed) return done({ kind: "rate_limited", limit: ports.rateLimit.limit, retryAfterMs: allowed.retryAfterMs });
  }
  if (isHelpRequest(question)) return done({ kind: "usage" });
  const max = ports.maxQuestionChars;
  if (max !== undefined && question.length > max) return done({ kind: "too_long", max, length: question.length });
  if (SMALL_TALK.has(origin)) {
    const smallTalk = classifySmallTalk(question);
    if (smallTalk) return done({ kind: smallTalk });
  }

  const answer = ports.engine().ask(question);
  const questionRef = ports.questions?.carry(question, answer);
  const kind = answer.decision === "answer" && answer.matches.length > 0 ? "answer" : "escalate";
  if (ports.counts) countQuestion(ports.counts, answer, kind, ports.logger);
  return done({ kind, question, answer, ...(questionRef ? { questionRef } : {}) });
}

/** Counts the question under its best paragraph's section; a store that fails costs the count, never the answer. */
function countQuestion(counts: Pick<QuestionCounts, "recordQuestion">, answer: Answer, kind: "answer" | "escalate", logger: Logger): void {
  const best = answer.matches[0];
  const counted = {
    statementId: best?.statementId ?? null,
    sectionSlug: best?.sectionSlug ?? null,
    result: kind === "answer" ? ("answered" as const) : ("escalated" as const),
  };
  const failed = (error: unknown) => logError(logger, "question_count_failed", error, "could not count a question", {}, "warn");
  try {
    const pending = counts.recordQuestion(counted);
    if (pending instanceof Promise) pending.catch(failed);
  } catch (error) {
    failed(error);
  }
}

/** The signal values to three decimals. */
function rounded(signals: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key in signals) out[key] = Math.round(signals[key]! * 1000) / 1000;
  return out;
}
