import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import { isStatusRequest, replyToHumanRequest } from "../../ask-human.js";
import type { SlackDeps } from "../../deps.js";
import type { HandOffContext } from "../../handoff.js";
import { RELAY_FAILED, SORRY_TEXT } from "../../texts.js";
import { buildTextMessage } from "../../../blockkit/blocks.js";
import { guarded } from "../guard.js";

/**
 * Conversation types whose messages Privacy Desk reads: direct messages (questions, and the person's side of an
 * escalation's thread), and public or private channels, of which only the helpdesk channel's escalation threads
 * are read (the agents' side).
 */
export const MESSAGE_CHANNEL_TYPES = ["im", "channel", "group"] as const;

/** The event each conversation type's messages arrive as; the manifest subscribes to exactly these. */
export const MESSAGE_EVENTS: Readonly<Record<(typeof MESSAGE_CHANNEL_TYPES)[number], string>> = {
  im: "message.im",
  channel: "message.channels",
  group: "message.groups",
};

/**
 * Direct messages: a reply in an escalation's thread goes to the helpdesk; "status" lists open requests; a
 * request for a person opens the consent step; anything else is a question, answered in the DM (in the thread
 * when asked in one). Helpdesk channel: replies in an escalation's triage thread go to the person.
 */
export function register(app: App, deps: SlackDeps): void {
  app.message(async ({ message, client, context, body }) => {
    // Edits, deletions, joins, file shares and bot posts all arrive as subtypes; only plain messages are read.
    if (message.subtype !== undefined) return;
    if (message.bot_id !== undefined || !message.user) return;
    if (context.botUserId && message.user === context.botUserId) return;
    const userId = message.user;
    const channel = message.channel;
    const threadTs = message.thread_ts;
    const text = message.text ?? "";
    const eventId = "event_id" in body ? String(body.event_id) : undefined;
    const ctx: HandOffContext = { client, logger: deps.logger };

    if (message.channel_type === "channel" || message.channel_type === "group") {
      // Only replies in a thread of the helpdesk channel can be an agent answering an escalation.
      if (!threadTs || threadTs === message.ts || channel !== deps.config.HELPDESK_CHANNEL) return;
      await guarded(
        deps,
        "message.helpdesk",
        { eventId, channel },
        async () => {
          await deps.handOff.fromAgent({ channel, threadTs, ts: message.ts, userId, text }, ctx);
        },
        () => client.chat.postEphemeral({ channel, user: userId, thread_ts: threadTs, text: RELAY_FAILED }),
      );
      return;
    }
    if (message.channel_type !== "im") return;

    let relaying = false;
    await guarded(
      deps,
      "message.im",
      { eventId, channel },
      async () => {
        if (threadTs) {
          relaying = true;
          if (await deps.handOff.fromPerson({ channel, threadTs, ts: message.ts, userId, text }, ctx)) return;
          relaying = false;
        }
        const question = questionFromSlackText(text, context.botUserId);
        let reply = isStatusRequest(question) ? await deps.handOff.status(userId) : await replyToHumanRequest(question, { userId, origin: "dm" }, deps, ctx);
        if (!reply) {
          const answered = replyToQuestion(question, deps, { origin: "dm", userId });
          if (answered.questionRef) deps.recentQuestions?.note(userId, answered.questionRef);
          reply = answered.message;
        }
        await client.chat.postMessage({
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...reply,
          unfurl_links: false,
          unfurl_media: false,
        });
      },
      () =>
        client.chat.postMessage({
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...buildTextMessage(relaying ? RELAY_FAILED : SORRY_TEXT),
        }),
    );
  });
}
