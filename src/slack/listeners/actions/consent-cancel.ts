import { buildTextMessage, context } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { CONSENT_CANCELLED } from "../../texts.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { decodeConsentValue, replaceConsent } from "../../views/consent.js";
import { type ButtonArgs, blocksAround, buttonHandler } from "./button.js";

/** Cancel on the consent step: nothing is sent, and the step says so. */
export function consentCancelButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.consentCancel, async ({ body, action, respond }) => {
    const value = decodeConsentValue(action.value);
    deps.logger.info({ event: "handoff_cancelled" }, "consent step cancelled; nothing sent");
    const cancelled = buildTextMessage(CONSENT_CANCELLED);
    const around = value ? blocksAround(body, value, deps.desk.recall(value.q)) : [];
    await respond({ replace_original: true, text: cancelled.text, blocks: replaceConsent(around, [context(CONSENT_CANCELLED)]) });
  });
}
