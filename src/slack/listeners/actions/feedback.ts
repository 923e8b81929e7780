import { context } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { FEEDBACK_HELPFUL_ACK, FEEDBACK_NOT_HELPFUL_ACK } from "../../texts.js";
import { ACTION_IDS, decodeActionValue } from "../../views/action-ids.js";
import { replaceActions } from "../../views/answer.js";
import { type ButtonArgs, buttonHandler, currentBlocks, seenByOthers } from "./button.js";
import { consentFor } from "./consent-step.js";

/**
 * Helpful / Not helpful under an answer: counted for the paragraph and acknowledged in place. After "Not helpful"
 * the way to a person opens: the consent step, which sends nothing by itself.
 */
export function feedbackButton(deps: SlackDeps, helpful: boolean): (args: ButtonArgs) => Promise<void> {
  const actionId = helpful ? ACTION_IDS.helpful : ACTION_IDS.notHelpful;
  return buttonHandler(deps, actionId, async (args) => {
    const { body, action, respond } = args;
    const value = decodeActionValue(action.value);
    await deps.desk.recordFeedback({ paragraphId: value.p, helpful });
    const note = helpful ? FEEDBACK_HELPFUL_ACK : FEEDBACK_NOT_HELPFUL_ACK;
    const asked = deps.desk.recall(value.q);
    const consent = helpful || !asked ? undefined : await consentFor(deps, args, asked);
    const inPlace = consent && !seenByOthers(body) ? consent.blocks : [];
    await respond({
      replace_original: true,
      text: body.message?.text ?? note,
      blocks: replaceActions(currentBlocks(body, asked), [context(note), ...inPlace]),
    });
    if (consent && seenByOthers(body)) await respond({ response_type: "ephemeral", replace_original: false, ...consent });
  });
}
