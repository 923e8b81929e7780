import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { QUESTION_FORGOTTEN } from "../../texts.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { decodeConsentValue, replaceConsent } from "../../views/consent.js";
import { buildSendReply } from "../../views/replies.js";
import { blocksAround, buttonHandler, type ButtonArgs } from "./button.js";

/** Send to ithelp on the consent step: the escalation is recorded and queued, and the step says so. */
export function consentSendButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.consentSend, async ({ body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const asked = value ? deps.desk.recall(value.q) : undefined;
    if (!value || !asked) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const channel = body.channel?.id ?? body.container.channel_id;
    const result = await deps.desk.send(
      {
        userId: body.user.id,
        question: asked.question,
        questionId: asked.questionId,
        answer: asked.answer,
        requesterName: value.n,
        dmChannel: typeof channel === "string" && channel.startsWith("D") ? channel : undefined,
      },
      createSlackHelpdeskChat(client, deps.logger),
    );
    const message = buildSendReply(result);
    await respond({ replace_original: true, text: message.text, blocks: replaceConsent(blocksAround(body, value, asked), message.blocks) });
  });
}
