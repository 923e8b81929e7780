import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import { isStatusRequest, replyToHumanRequest } from "../../ask-human.js";
import type { SlackDeps } from "../../deps.js";
import { wantsHuman } from "../../human.js";
import { COMMAND_NAME, SORRY_TEXT } from "../../texts.js";
import { buildTextMessage, type SlackMessage } from "../../../blockkit/blocks.js";
import { describeError, guarded, guardedNow } from "../guard.js";

/** Slash commands Privacy Desk registers; the manifest declares exactly these. */
export const COMMANDS = [COMMAND_NAME] as const;

/**
 * `/privacy <question>`: answered ephemerally with a button to share the answer. `/privacy status` lists the
 * person's open requests; `/privacy talk to a person` opens the consent step.
 *
 * A reply that is ready at once (an answer, usage, status, a refusal) goes in the acknowledgement itself, as
 * Slack recommends when the reply is ready within its three seconds: one request instead of two. Asking for a
 * person may wait on Slack (the person's name), so that is acknowledged first and answered through response_url.
 */
export function register(app: App, deps: SlackDeps): void {
  app.command(COMMAND_NAME, async ({ command, ack, respond, context, client }) => {
    const userId = command.user_id;
    const ids = { command: COMMAND_NAME, channel: command.channel_id };
    const ready = guardedNow<{ reply: SlackMessage } | { question: string } | { status: true }>(
      deps,
      "command",
      ids,
      () => {
        const question = questionFromSlackText(command.text, context.botUserId);
        if (isStatusRequest(question)) return { status: true };
        if (wantsHuman(question)) return { question };
        const answered = replyToQuestion(question, deps, { origin: "command", shareable: true, userId });
        if (answered.questionRef) deps.recentQuestions?.note(userId, answered.questionRef);
        return { reply: answered.message };
      },
      () => ({ reply: buildTextMessage(SORRY_TEXT) }),
    );
    if ("reply" in ready) {
      await ack({ response_type: "ephemeral", ...ready.reply });
      return;
    }
    if ("status" in ready) {
      // The store answers at once (SQLite), so the list still travels in the acknowledgement.
      const reply = await deps.handOff.status(userId).catch((error: unknown) => {
        deps.logger.error({ event: "listener_failed", where: "command", ...ids, err: describeError(error) }, "listener failed");
        return buildTextMessage(SORRY_TEXT);
      });
      await ack({ response_type: "ephemeral", ...reply });
      return;
    }

    // Slack gives three seconds; acknowledge before anything that may wait.
    await ack();
    const { question } = ready;
    await guarded(
      deps,
      "command",
      ids,
      async () => {
        let reply = await replyToHumanRequest(question, { userId, origin: "command", userName: command.user_name }, deps, { client, logger: deps.logger });
        if (!reply) {
          // Over the length or rate limit: the ordinary reply says which.
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
