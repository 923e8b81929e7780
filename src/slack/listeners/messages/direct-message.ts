import { buildTextMessage } from "../../../blockkit/blocks.js";
import { questionFromSlackText } from "../../../blockkit/mrkdwn.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { RELAY_FAILED, SORRY_TEXT } from "../../texts.js";
import { guarded } from "../guard.js";
import { postAnswer } from "../post-answer.js";
import { buildReply } from "../reply.js";
import { sharedRateDecision } from "../shared-rate.js";
import type { MessageArgs } from "./types.js";

/**
 * A direct message: a reply in an escalation's thread goes to the helpdesk; anything else is a question for the
 * desk (status, a request for a person, or a question), answered in the DM — in the thread when asked in one.
 */
export function directMessage(deps: SlackDeps): (args: MessageArgs) => Promise<void> {
  return async ({ message, client, botUserId, eventId }) => {
    const { user: userId, channel, thread_ts: threadTs } = message;
    const text = message.text ?? "";
    const chat = createSlackHelpdeskChat(client, deps.logger, deps.owed);
    const inThread = threadTs ? { thread_ts: threadTs } : {};
    let relaying = false;
    await guarded(
      deps,
      "message.im",
      { eventId, channel },
      async () => {
        if (threadTs) {
          relaying = true;
          if (await deps.desk.relayFromPerson({ channel, threadTs, ts: message.ts, userId, text }, chat)) return;
          relaying = false;
        }
        const question = questionFromSlackText(text, botUserId);
        const rate = await sharedRateDecision(deps, userId, question);
        const outcome = deps.desk.handleQuestion({ text: question, origin: "dm", userId, ...(rate ? { rate } : {}) });
        const reply = await buildReply(outcome, { userId, origin: "dm" }, deps, chat);
        await postAnswer(deps, client, { channel, threadTs, eventId }, reply);
      },
      () => client.chat.postMessage({ channel, ...inThread, ...buildTextMessage(relaying ? RELAY_FAILED : SORRY_TEXT) }),
    );
  };
}
