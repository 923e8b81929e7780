import type { webApi } from "@slack/bolt";
import type { Logger } from "../logger.js";
import type { Answer } from "../search/answer.js";
import { blockQuote, escapeText, escapeWithin, link } from "./format.js";
import { HANDOFF_SENT, HELPDESK_POST_HEADING, handoffByEmail } from "./texts.js";
import { buildTextMessage, context, section, type Block, type SlackMessage } from "./views/message.js";

/** Where the person asked. */
export type QuestionOrigin = "dm" | "command" | "mention";

/** A person pressed Ask ithelp: everything a hand-off needs to know. */
export interface HandOffRequest {
  userId: string;
  teamId: string | undefined;
  /** The question as the person wrote it (plain text). */
  question: string;
  /** The engine's result for the question at the time of the press (best matches, confidence). */
  answer: Answer;
  origin: QuestionOrigin;
  /** Conversation and message the button was pressed in, when known. */
  channelId: string | undefined;
  messageTs: string | undefined;
  threadTs: string | undefined;
}

/** Tools a hand-off may use. */
export interface HandOffContext {
  client: webApi.WebClient;
  logger: Logger;
}

/**
 * Starts a hand-off to the helpdesk. Returns what the person sees in place of the answer's buttons, so a
 * richer hand-off (a consent step with its own buttons) can replace this one without touching the listeners.
 */
export interface HandOff {
  start(request: HandOffRequest, ctx: HandOffContext): Promise<SlackMessage>;
}

/**
 * The direct hand-off: posts the question to the helpdesk channel (the person pressed Ask ithelp to send it),
 * or, without a channel, tells the person how to email ithelp.
 */
export function createChannelHandOff(options: { channel: string | undefined; ithelpEmail: string }): HandOff {
  return {
    async start(request, { client, logger }) {
      if (!options.channel) return buildTextMessage(handoffByEmail(options.ithelpEmail));
      const post = buildHelpdeskPost(request);
      const result = await client.chat.postMessage({ channel: options.channel, ...post, unfurl_links: false, unfurl_media: false });
      logger.info({ event: "handoff_posted", channel: options.channel, ts: result.ts, origin: request.origin }, "question passed to the helpdesk channel");
      return buildTextMessage(HANDOFF_SENT);
    },
  };
}

/** The helpdesk channel's message: requester, where they asked, their question, and the bot's best matches. */
export function buildHelpdeskPost(request: HandOffRequest): SlackMessage {
  const { answer } = request;
  const where = { dm: "a direct message", command: "/privacy", mention: "a channel mention" }[request.origin];
  const blocks: Block[] = [
    section(HELPDESK_POST_HEADING),
    section(`*From:* <@${escapeText(request.userId)}> via ${where}\n*Question:*\n${blockQuote(escapeWithin(request.question, 2500))}`),
  ];
  const matches = answer.matches.slice(0, 3);
  blocks.push(
    context(
      matches.length === 0
        ? `Privacy Desk found nothing close (confidence ${answer.confidence.toFixed(2)}).`
        : `Privacy Desk's best matches (confidence ${answer.confidence.toFixed(2)}, decision ${answer.decision}): ` +
            matches.map((m) => link(m.url, `${m.statement} › ${m.section}`)).join(" · "),
    ),
  );
  return { text: `Question for ithelp from <@${escapeText(request.userId)}>: ${escapeWithin(request.question, 2000)}`, blocks };
}
