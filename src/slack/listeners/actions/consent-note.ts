import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import { matchesOf } from "../../../desk/handoff.js";
import type { SlackDeps } from "../../deps.js";
import { QUESTION_FORGOTTEN } from "../../texts.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { buildNoteModal, decodeConsentValue } from "../../views/consent.js";
import { type ButtonArgs, buttonHandler } from "./button.js";

/** Add a note… on the consent step: a modal with the same preview and a note field. */
export function consentNoteButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.consentNote, async ({ body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const asked = value ? deps.desk.recall(value.q) : undefined;
    if (!value || !asked) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const preview = {
      question: asked.question,
      userId: body.user.id,
      requesterName: value.n,
      matches: matchesOf(asked.answer),
      retentionDays: deps.config.RETENTION_DAYS,
    };
    await client.views.open({ trigger_id: body.trigger_id, view: buildNoteModal(preview, { v: value, r: body.response_url }) });
  });
}
