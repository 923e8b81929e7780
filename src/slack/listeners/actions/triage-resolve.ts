import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { agentClickNotice } from "../../views/replies.js";
import { type ButtonArgs, buttonHandler } from "./button.js";

/** Resolve on a triage message: closes it for everyone; a second Resolve is told, privately, that it already is. */
export function resolveButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.resolve, async ({ body, action, respond, client }) => {
    const outcome = await deps.desk.resolve(
      { reference: action.value ?? "", agentId: body.user.id },
      createSlackHelpdeskChat(client, deps.logger, deps.owed),
    );
    const notice = agentClickNotice(outcome);
    if (notice) await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(notice) });
  });
}
