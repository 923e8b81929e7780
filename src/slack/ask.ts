import type { Answer } from "../search/answer.js";
import type { SlackDeps } from "./deps.js";
import type { QuestionOrigin } from "./handoff.js";
import { slackToPlainText, squash, stripMention } from "../blockkit/mrkdwn.js";
import { classifySmallTalk } from "./smalltalk.js";
import { GREETING_REPLY, THANKS_REPLY, rateLimitedReply, tooLongReply } from "./texts.js";
import { buildAnswerBlocks, buildEscalateBlocks } from "./views/answer.js";
import { buildTextMessage, type SlackMessage } from "../blockkit/blocks.js";
import { buildUsageBlocks } from "./views/usage.js";

/** What kind of reply a message got. */
export type ReplyKind = "rate_limited" | "usage" | "greeting" | "thanks" | "too_long" | "answer" | "escalate";

/** The reply to one message, with what the logs may say about it. */
export interface QuestionReply {
  kind: ReplyKind;
  message: SlackMessage;
  answer?: Answer;
  /** The question's reference in the question memory, when the engine was asked. */
  questionRef?: string;
}

/** Turns a message as Slack delivers it into the question the person typed: mention of the bot removed, markup undone. */
export function questionFromSlackText(text: string | undefined, botUserId?: string): string {
  return squash(slackToPlainText(stripMention(text ?? "", botUserId)));
}

const HELP_WORDS = new Set(["", "help", "?", "usage", "how", "examples"]);

/**
 * Decides the reply to a question from any entry point (DM, /privacy, mention): a refusal when the person is
 * over the rate limit (the question is neither answered nor kept), usage, small talk, a clear refusal when too
 * long (never an answer to a shortened question), or the engine's answer. Logs the decision and timing only —
 * never the question, and not who asked it.
 */
export function replyToQuestion(
  question: string,
  deps: SlackDeps,
  options: {
    origin: QuestionOrigin;
    shareable?: boolean;
    /** Who asked: counted against their rate limit, and not logged. */
    userId: string;
  },
): QuestionReply {
  const started = deps.now();
  const done = (reply: QuestionReply): QuestionReply => {
    deps.logger.info(
      {
        event: "question",
        origin: options.origin,
        reply: reply.kind,
        chars: question.length,
        ...(reply.answer
          ? {
              decision: reply.answer.decision,
              confidence: Number(reply.answer.confidence.toFixed(3)),
              // Numbers only: the engine's `rule` and `terms` may quote words of the question. Three decimals,
              // as for confidence, keep the line short.
              signals: rounded(reply.answer.reasons.signals),
              paragraphIds: reply.answer.matches.map((m) => m.paragraphId),
            }
          : {}),
        ms: deps.now() - started,
      },
      "question handled",
    );
    return reply;
  };

  // Checked first, so a flood costs no work beyond this count.
  const allowed = deps.rateLimit.take(options.userId);
  if (!allowed.allowed) {
    return done({ kind: "rate_limited", message: buildTextMessage(rateLimitedReply(deps.rateLimit.limit, allowed.retryAfterMs)) });
  }
  if (HELP_WORDS.has(question.toLowerCase())) return done({ kind: "usage", message: buildUsageBlocks() });
  const max = deps.config.MAX_QUESTION_CHARS;
  if (question.length > max) return done({ kind: "too_long", message: buildTextMessage(tooLongReply(max, question.length)) });
  const smallTalk = classifySmallTalk(question);
  if (smallTalk === "greeting") return done({ kind: "greeting", message: buildTextMessage(GREETING_REPLY) });
  if (smallTalk === "thanks") return done({ kind: "thanks", message: buildTextMessage(THANKS_REPLY) });

  const answer = deps.engine().ask(question);
  const questionRef = deps.questions.remember(question);
  if (answer.decision === "answer" && answer.matches.length > 0) {
    return done({ kind: "answer", answer, questionRef, message: buildAnswerBlocks(answer, question, { questionRef, shareable: options.shareable }) });
  }
  return done({ kind: "escalate", answer, questionRef, message: buildEscalateBlocks(answer, question, { questionRef }) });
}

/** The signal values to three decimals. */
function rounded(signals: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key in signals) out[key] = Math.round(signals[key]! * 1000) / 1000;
  return out;
}
