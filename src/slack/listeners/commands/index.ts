import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import type { SlackDeps } from "../../deps.js";
import { COMMAND_NAME, SORRY_TEXT } from "../../texts.js";
import { buildTextMessage } from "../../views/message.js";
import { guarded } from "../guard.js";

/** Slash commands Privacy Desk registers; the manifest declares exactly these. */
export const COMMANDS = [COMMAND_NAME] as const;

/** `/privacy <question>`: acknowledged at once, answered ephemerally with a button to share the answer. */
export function register(app: App, deps: SlackDeps): void {
  app.command(COMMAND_NAME, async ({ command, ack, respond, context }) => {
    // Slack gives three seconds; acknowledge before doing anything else.
    await ack();
    await guarded(
      deps,
      "command",
      { command: COMMAND_NAME, channel: command.channel_id },
      async () => {
        const question = questionFromSlackText(command.text, context.botUserId);
        const reply = replyToQuestion(question, deps, { origin: "command", shareable: true });
        await respond({ response_type: "ephemeral", ...reply.message });
      },
      () => respond({ response_type: "ephemeral", ...buildTextMessage(SORRY_TEXT) }),
    );
  });
}
