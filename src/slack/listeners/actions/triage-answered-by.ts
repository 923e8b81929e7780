import { buildMrkdwnMessage } from "../../../blockkit/blocks.js";
import { parseAnsweredByValue } from "../../../escalation/destinations/slack.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { agentClickNotice } from "../../views/replies.js";
import { type ButtonArgs, buttonHandler } from "./button.js";

/** "Answered by this paragraph" on a resolved triage message: records the agent's choice, shown to everyone there. */
export function answeredByButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return buttonHandler(deps, ACTION_IDS.answeredBy, async ({ body, action, respond, client }) => {
    const value = parseAnsweredByValue(action.value);
    const chat = createSlackHelpdeskChat(client, deps.logger);
    const outcome = value ? await deps.desk.answeredBy({ ...value, agentId: body.user.id }, chat) : ({ kind: "not_found" } as const);
    const notice = agentClickNotice(outcome);
    if (notice) await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(notice) });
  });
}
