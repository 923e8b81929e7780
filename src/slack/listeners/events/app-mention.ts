import type { webApi } from "@slack/bolt";
import { buildTextMessage } from "../../../blockkit/blocks.js";
import { questionFromSlackText } from "../../../blockkit/mrkdwn.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { SORRY_TEXT } from "../../texts.js";
import { guarded } from "../guard.js";
import { postAnswer } from "../post-answer.js";
import { buildReply } from "../reply.js";
import { sharedRateDecision } from "../shared-rate.js";

/** What the mention handler is given. */
export interface MentionArgs {
  event: {
    user?: string | undefined;
    bot_id?: string | undefined;
    channel: string;
    ts: string;
    thread_ts?: string | undefined;
    text: string;
  };
  client: webApi.WebClient;
  botUserId?: string | undefined;
  eventId?: string | undefined;
}

/** A mention in a channel is answered in a thread under it; a request for a person gets the consent step privately. */
export function appMention(deps: SlackDeps): (args: MentionArgs) => Promise<void> {
  return async ({ event, client, botUserId, eventId }) => {
    const userId = event.user;
    if (event.bot_id !== undefined || !userId) return;
    // A mention inside the bot's own DM also arrives as a direct message, which is answered there.
    if (event.channel.startsWith("D")) return;
    const channel = event.channel;
    const threadTs = event.thread_ts ?? event.ts;
    // An agent mentioning the bot while answering in an escalation's thread is relayed, not answered.
    if (event.thread_ts && channel === deps.config.HELPDESK_CHANNEL && (await deps.desk.isTriageThread(channel, event.thread_ts))) return;
    await guarded(
      deps,
      "app_mention",
      { eventId, channel },
      async () => {
        const question = questionFromSlackText(event.text, botUserId);
        const rate = await sharedRateDecision(deps, userId, question);
        const outcome = deps.desk.handleQuestion({ text: question, origin: "mention", userId, ...(rate ? { rate } : {}) });
        const reply = await buildReply(
          outcome,
          { userId, origin: "mention" },
          deps,
          createSlackHelpdeskChat(client, deps.logger, deps.owed),
        );
        // What would be shared is for the person who asked, not for the channel.
        if (outcome.kind === "person") await client.chat.postEphemeral({ channel, user: userId, thread_ts: threadTs, ...reply });
        else await postAnswer(deps, client, { channel, threadTs, eventId }, reply);
      },
      () => client.chat.postMessage({ channel, thread_ts: threadTs, ...buildTextMessage(SORRY_TEXT) }),
    );
  };
}
