import { buildMrkdwnMessage, buildTextMessage } from "../../../blockkit/blocks.js";
import type { Consent, SendOutcome } from "../../../desk/handoff.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { QUESTION_FORGOTTEN, SORRY_TEXT } from "../../texts.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { decodeConsentValue, replaceConsent } from "../../views/consent.js";
import { buildSendReply } from "../../views/replies.js";
import { guarded } from "../guard.js";
import { blocksAround, type ButtonArgs } from "./button.js";

/**
 * Send to ithelp on the consent step. The escalation and its deliveries are committed before Slack is answered,
 * so an acknowledged Send is never lost to a crash; a repeated or retried Send (the consent's question id) gives
 * the same reference and says so again.
 */
export function consentSendButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return async ({ ack, body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const asked = value ? deps.desk.recall(value.q) : undefined;
    const channel = body.channel?.id ?? body.container.channel_id;
    const chat = createSlackHelpdeskChat(client, deps.logger);
    const consent: Consent | undefined =
      value && asked
        ? {
            userId: body.user.id,
            question: asked.question,
            questionId: asked.questionId,
            answer: asked.answer,
            requesterName: value.n,
            dmChannel: typeof channel === "string" && channel.startsWith("D") ? channel : undefined,
          }
        : undefined;
    let sent: SendOutcome | undefined;
    let failure: unknown;
    if (consent) {
      try {
        sent = await deps.desk.send(consent, chat);
      } catch (error) {
        failure = error;
      }
    }
    await ack();
    const ids = { actionTs: body.actions[0]?.action_ts, channel: body.channel?.id };
    await guarded(
      deps,
      ACTION_IDS.consentSend,
      ids,
      async () => {
        if (!value || !asked || !consent) {
          await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
          return;
        }
        if (!sent) throw failure;
        const message = buildSendReply(sent);
        await respond({ replace_original: true, text: message.text, blocks: replaceConsent(blocksAround(body, value, asked), message.blocks) });
      },
      () => respond({ response_type: "ephemeral", replace_original: false, ...buildTextMessage(SORRY_TEXT) }),
    );
  };
}
