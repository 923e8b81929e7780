import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import type { SlackDeps } from "../../deps.js";
import { SORRY_TEXT } from "../../texts.js";
import { buildTextMessage } from "../../views/message.js";
import { guarded } from "../guard.js";

/** Conversation types whose messages Privacy Desk answers (the manifest subscribes to `message.<type>`). */
export const MESSAGE_CHANNEL_TYPES = ["im"] as const;

/** Direct messages: the answer goes in the DM, in the thread when the question was in one. */
export function register(app: App, deps: SlackDeps): void {
  app.message(async ({ message, client, context, body }) => {
    // Edits, deletions, joins, file shares and bot posts all arrive as subtypes; only plain messages are questions.
    if (message.subtype !== undefined) return;
    if (!(MESSAGE_CHANNEL_TYPES as readonly string[]).includes(message.channel_type)) return;
    if (message.bot_id !== undefined || !message.user) return;
    if (context.botUserId && message.user === context.botUserId) return;

    const channel = message.channel;
    const threadTs = message.thread_ts;
    const eventId = "event_id" in body ? String(body.event_id) : undefined;
    await guarded(
      deps,
      "message.im",
      { eventId, channel },
      async () => {
        const question = questionFromSlackText(message.text, context.botUserId);
        const reply = replyToQuestion(question, deps, { origin: "dm" });
        await client.chat.postMessage({
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...reply.message,
          unfurl_links: false,
          unfurl_media: false,
        });
      },
      () => client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...buildTextMessage(SORRY_TEXT) }),
    );
  });
}
