import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { QUESTION_FORGOTTEN } from "../../texts.js";
import { ACTION_IDS, decodeActionValue } from "../../views/action-ids.js";
import { replaceActions } from "../../views/answer.js";
import { type ButtonArgs, buttonHandler, currentBlocks, seenByOthers } from "./button.js";
import { consentFor } from "./consent-step.js";

/** Ask ithelp under an answer (or under "the statements don't answer this"): the consent step, sending nothing yet. */
export function askIthelpButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.askIthelp, async (args) => {
    const { body, action, respond } = args;
    const asked = deps.desk.recall(decodeActionValue(action.value).q);
    if (!asked) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const consent = await consentFor(deps, args, asked);
    // In a channel the answer is everyone's; the consent step is only for the person who pressed.
    if (seenByOthers(body)) {
      await respond({ response_type: "ephemeral", replace_original: false, ...consent });
      return;
    }
    await respond({ replace_original: true, text: consent.text, blocks: replaceActions(currentBlocks(body, asked), consent.blocks) });
  });
}
