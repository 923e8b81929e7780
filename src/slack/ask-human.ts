import type { SlackDeps } from "./deps.js";
import type { HandOffContext, QuestionOrigin } from "./handoff.js";
import { carriesQuestion, wantsHuman } from "./human.js";
import { HUMAN_REQUEST_LEAD, WHICH_QUESTION } from "./texts.js";
import { buildTextMessage, type SlackMessage } from "../blockkit/blocks.js";

const STATUS_WORDS = new Set(["status", "my status", "my requests", "requests", "tickets", "my tickets"]);

/** True for `/privacy status` (or "status" in a DM): the person wants their open requests listed. */
export function isStatusRequest(question: string): boolean {
  return STATUS_WORDS.has(question.trim().toLowerCase().replace(/[?.!]+$/, ""));
}

/**
 * The reply when a message asks for a person ("talk to a person", "can I speak to someone about my
 * recordings?"): the consent step for the question the message carries, or else for the person's latest
 * question, or else a request to say what to ask. Undefined when the message is not such a request (or the
 * person is over the rate limit, which the ordinary reply then explains). Nothing is stored or sent.
 */
export async function replyToHumanRequest(
  text: string,
  request: { userId: string; origin: QuestionOrigin; userName?: string },
  deps: SlackDeps,
  ctx: HandOffContext,
): Promise<SlackMessage | undefined> {
  if (!wantsHuman(text)) return undefined;
  if (text.length > deps.config.MAX_QUESTION_CHARS) return undefined;
  if (!deps.rateLimit.take(request.userId).allowed) return undefined;
  let question: string | undefined;
  let questionRef: string | undefined;
  if (carriesQuestion(text)) {
    question = text;
    questionRef = deps.questions.remember(text);
    deps.recentQuestions?.note(request.userId, questionRef);
  } else {
    questionRef = deps.recentQuestions?.latest(request.userId);
    question = questionRef ? deps.questions.recall(questionRef) : undefined;
  }
  deps.logger.info(
    { event: "human_requested", origin: request.origin, withQuestion: question !== undefined, carried: carriesQuestion(text) },
    "person asked for a person",
  );
  if (!question || !questionRef) return buildTextMessage(WHICH_QUESTION);
  return deps.handOff.prepare(
    {
      userId: request.userId,
      question,
      questionRef,
      answer: deps.engine().ask(question),
      origin: request.origin,
      userName: request.userName,
      standalone: true,
      lead: HUMAN_REQUEST_LEAD,
    },
    ctx,
  );
}
