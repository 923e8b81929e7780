import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { directMessage } from "./direct-message.js";
import { helpdeskReply } from "./helpdesk-reply.js";

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

/** One message listener: plain messages from people, handed to the DM or the helpdesk-thread handler. */
export function register(app: App, deps: SlackDeps): void {
  const onDirectMessage = directMessage(deps);
  const onHelpdeskReply = helpdeskReply(deps);
  app.message(async ({ message, client, context, body }) => {
    // Edits, deletions, joins, file shares and bot posts all arrive as subtypes; only plain messages are read.
    if (message.subtype !== undefined) return;
    if (message.bot_id !== undefined || !message.user) return;
    if (context.botUserId && message.user === context.botUserId) return;
    const args = {
      message: { ...message, user: message.user },
      client,
      botUserId: context.botUserId,
      eventId: "event_id" in body ? String(body.event_id) : undefined,
    };
    if (message.channel_type === "channel" || message.channel_type === "group") await onHelpdeskReply(args);
    else if (message.channel_type === "im") await onDirectMessage(args);
  });
}
