import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { QUESTION_FORGOTTEN, SHARED_NOTE, sharedBy } from "../../texts.js";
import { ACTION_IDS, decodeActionValue } from "../../views/action-ids.js";
import { buildAnswerBlocks } from "../../views/answer.js";
import { type ButtonArgs, buttonHandler } from "./button.js";

/** Share in channel under an ephemeral /privacy answer: the same answer, visible, without buttons. */
export function shareAnswerButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.share, async ({ body, action, respond }) => {
    const asked = deps.desk.recall(decodeActionValue(action.value).q);
    if (!asked) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const { answer, question, questionRef } = asked;
    // The response URL posts visibly even where the bot is not a member (a channel, or a DM between people).
    await respond({
      response_type: "in_channel",
      replace_original: false,
      ...buildAnswerBlocks(answer, question, { withoutActions: true, note: sharedBy(body.user.id) }),
    });
    await respond({ replace_original: true, ...buildAnswerBlocks(answer, question, { questionRef, note: SHARED_NOTE }) });
    deps.logger.info({ event: "answer_shared", paragraphId: answer.matches[0]?.paragraphId }, "answer shared");
  });
}
