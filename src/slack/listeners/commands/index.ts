import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import { isStatusRequest, replyToHumanRequest } from "../../ask-human.js";
import type { SlackDeps } from "../../deps.js";
import { COMMAND_NAME, SORRY_TEXT } from "../../texts.js";
import { buildTextMessage } from "../../views/message.js";
import { guarded } from "../guard.js";

/** Slash commands Privacy Desk registers; the manifest declares exactly these. */
export const COMMANDS = [COMMAND_NAME] as const;

/**
 * `/privacy <question>`: acknowledged at once, answered ephemerally with a button to share the answer.
 * `/privacy status` lists the person's open requests; `/privacy talk to a person` opens the consent step.
 */
export function register(app: App, deps: SlackDeps): void {
  app.command(COMMAND_NAME, async ({ command, ack, respond, context, client }) => {
    // Slack gives three seconds; acknowledge before doing anything else.
    await ack();
    await guarded(
      deps,
      "command",
      { command: COMMAND_NAME, channel: command.channel_id },
      async () => {
        const question = questionFromSlackText(command.text, context.botUserId);
        const userId = command.user_id;
        const ctx = { client, logger: deps.logger };
        let reply = isStatusRequest(question)
          ? deps.handOff.status(userId)
          : await replyToHumanRequest(question, { userId, origin: "command", userName: command.user_name }, deps, ctx);
        if (!reply) {
          const answered = replyToQuestion(question, deps, { origin: "command", shareable: true, userId });
          if (answered.questionRef) deps.recentQuestions?.note(userId, answered.questionRef);
          reply = answered.message;
        }
        await respond({ response_type: "ephemeral", ...reply });
      },
      () => respond({ response_type: "ephemeral", ...buildTextMessage(SORRY_TEXT) }),
    );
  });
}
