import { buildMrkdwnMessage, buildTextMessage, type SlackMessage } from "../../blockkit/blocks.js";
import { escapeWithin, truncate } from "../../blockkit/mrkdwn.js";
import type { AgentClickOutcome, ConsentOutcome, SendOutcome } from "../../desk/handoff.js";
import type { QuestionOutcome, ReplyKind } from "../../desk/question.js";
import { mention } from "../../escalation/destinations/slack.js";
import type { Escalation } from "../../escalation/store/types.js";
import {
  alreadyClaimedBy,
  alreadyResolved,
  alreadyYours,
  ESCALATION_NOT_FOUND,
  GREETING_REPLY,
  handoffAlreadySent,
  handoffByEmail,
  handoffSent,
  rateLimitedReply,
  resolveFirst,
  STATUS_CLAIMED,
  STATUS_HEADING,
  STATUS_NONE,
  STATUS_OPEN,
  THANKS_REPLY,
  tooLongReply,
} from "../texts.js";
import { buildAnswerBlocks, buildEscalateBlocks } from "./answer.js";
import { buildConsentMessage } from "./consent.js";
import { buildUsageBlocks } from "./usage.js";

/** The Slack message for a reply the desk decided (everything but the status list and the consent step). */
export function buildQuestionReply(outcome: QuestionOutcome & { kind: ReplyKind }, options: { shareable?: boolean } = {}): SlackMessage {
  switch (outcome.kind) {
    case "rate_limited":
      return buildTextMessage(rateLimitedReply(outcome.limit, outcome.retryAfterMs));
    case "usage":
      return buildUsageBlocks();
    case "too_long":
      return buildTextMessage(tooLongReply(outcome.max, outcome.length));
    case "greeting":
      return buildTextMessage(GREETING_REPLY);
    case "thanks":
      return buildTextMessage(THANKS_REPLY);
    case "answer":
      return buildAnswerBlocks(outcome.answer, outcome.question, { questionRef: outcome.questionRef, shareable: options.shareable });
    case "escalate":
      return buildEscalateBlocks(outcome.answer, outcome.question, { questionRef: outcome.questionRef });
  }
}

/** The person is pointed at the ithelp mailbox. */
export function buildMailboxMessage(email: string): SlackMessage {
  return buildMrkdwnMessage(escapeWithin(handoffByEmail(email), 3000));
}

/** The consent step, or what is shown instead (already sent, or the mailbox). `lead` is escaped mrkdwn. */
export function buildConsentReply(outcome: ConsentOutcome, lead?: string): SlackMessage {
  switch (outcome.kind) {
    case "mailbox":
      return buildMailboxMessage(outcome.email);
    case "already_sent":
      return buildMrkdwnMessage(handoffAlreadySent(outcome.reference));
    case "consent":
      return buildConsentMessage(
        outcome.preview,
        { q: outcome.questionRef, n: outcome.preview.requesterName, ...(outcome.standalone ? { a: 1 as const } : {}) },
        lead,
      );
  }
}

/** What replaces the consent step once Send was pressed. */
export function buildSendReply(outcome: SendOutcome): SlackMessage {
  if (outcome.kind === "mailbox") return buildMailboxMessage(outcome.email);
  return buildMrkdwnMessage(outcome.created ? handoffSent(outcome.reference) : handoffAlreadySent(outcome.reference));
}

/** `/privacy status`: the person's open requests. */
export function buildStatusMessage(open: readonly Escalation[]): SlackMessage {
  if (open.length === 0) return buildMrkdwnMessage(STATUS_NONE);
  const lines = open.map((e) => {
    const state = e.status === "claimed" ? STATUS_CLAIMED : STATUS_OPEN;
    const sent = `<!date^${Math.floor(e.createdAt.getTime() / 1000)}^{date_short_pretty}|${e.createdAt.toISOString().slice(0, 10)}>`;
    return `• *${e.reference}* — ${state} · sent ${sent} · “${escapeWithin(truncate(e.question, 120), 400)}”`;
  });
  return buildMrkdwnMessage(`${STATUS_HEADING}\n${lines.join("\n")}`);
}

/** What the agent who pressed Claim or Resolve is told (only they see it), if anything. */
export function agentClickNotice(outcome: AgentClickOutcome): string | undefined {
  switch (outcome.kind) {
    case "done":
      return undefined;
    case "not_found":
      return ESCALATION_NOT_FOUND;
    case "already_yours":
      return alreadyYours(outcome.reference);
    case "claimed_by_other":
      return alreadyClaimedBy(outcome.reference, mention(outcome.owner));
    case "already_resolved":
      return alreadyResolved(outcome.reference);
    case "not_resolved":
      return resolveFirst(outcome.reference);
  }
}
