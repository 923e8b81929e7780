import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { RELAY_FAILED } from "../../texts.js";
import { guarded } from "../guard.js";
import type { MessageArgs } from "./types.js";

/** A reply in a thread of the helpdesk channel: when the thread is an escalation's triage message, it goes to the person. */
export function helpdeskReply(deps: SlackDeps): (args: MessageArgs) => Promise<void> {
  return async ({ message, client, eventId }) => {
    const { user: userId, channel, thread_ts: threadTs } = message;
    // Only replies in a thread of the helpdesk channel can be an agent answering an escalation.
    if (!threadTs || threadTs === message.ts || channel !== deps.config.HELPDESK_CHANNEL) return;
    const text = message.text ?? "";
    await guarded(
      deps,
      "message.helpdesk",
      { eventId, channel },
      async () => {
        await deps.desk.relayFromAgent(
          { channel, threadTs, ts: message.ts, userId, text },
          createSlackHelpdeskChat(client, deps.logger, deps.owed),
        );
      },
      () => client.chat.postEphemeral({ channel, user: userId, thread_ts: threadTs, text: RELAY_FAILED }),
    );
  };
}
