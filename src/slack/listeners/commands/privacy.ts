import type { AckFn, RespondArguments, RespondFn, SlashCommand, webApi } from "@slack/bolt";
import { buildTextMessage, type SlackMessage } from "../../../blockkit/blocks.js";
import { questionFromSlackText } from "../../../blockkit/mrkdwn.js";
import type { QuestionOutcome } from "../../../desk/question.js";
import { logError } from "../../../errors.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { COMMAND_NAME, SORRY_TEXT } from "../../texts.js";
import { buildQuestionReply } from "../../views/replies.js";
import { guarded, guardedNow } from "../guard.js";
import { type Asker, buildReply } from "../reply.js";
import { sharedRateDecision } from "../shared-rate.js";

/** What the /privacy handler is given (Bolt's command arguments, the parts it reads). */
export interface CommandArgs {
  command: Pick<SlashCommand, "text" | "user_id" | "user_name" | "channel_id">;
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
  client: webApi.WebClient;
  botUserId?: string | undefined;
}

/**
 * `/privacy <question>`: answered ephemerally with a button to share the answer. `/privacy status` lists the
 * person's open requests; `/privacy talk to a person` opens the consent step.
 *
 * A reply that is ready at once (an answer, usage, status, a refusal) goes in the acknowledgement itself, as
 * Slack recommends when the reply is ready within its three seconds: one request instead of two. Asking for a
 * person may wait on Slack (the person's name), so that is acknowledged first and answered through response_url.
 */
export function privacyCommand(deps: SlackDeps): (args: CommandArgs) => Promise<void> {
  return async ({ command, ack, respond, client, botUserId }) => {
    const userId = command.user_id;
    const ids = { command: COMMAND_NAME, channel: command.channel_id };
    const asker: Asker = { userId, origin: "command", userName: command.user_name, shareable: true };
    const question = questionFromSlackText(command.text, botUserId);
    const rate = await sharedRateDecision(deps, userId, question);
    const ready = guardedNow<{ reply: SlackMessage } | { outcome: QuestionOutcome & { kind: "status" | "person" } }>(
      deps,
      "command",
      ids,
      () => {
        const outcome = deps.desk.handleQuestion({ text: question, origin: "command", userId, ...(rate ? { rate } : {}) });
        if (outcome.kind === "status" || outcome.kind === "person") return { outcome };
        return { reply: buildQuestionReply(outcome, { shareable: true }) };
      },
      () => ({ reply: buildTextMessage(SORRY_TEXT) }),
    );
    if ("reply" in ready) {
      await ack({ response_type: "ephemeral", ...ready.reply });
      return;
    }
    const chat = createSlackHelpdeskChat(client, deps.logger, deps.owed);
    if (ready.outcome.kind === "status") {
      // The store answers at once, so the list still travels in the acknowledgement.
      const reply = await buildReply(ready.outcome, asker, deps, chat).catch((error: unknown) => {
        logError(deps.logger, "listener_failed", error, "listener failed", { where: "command", ...ids });
        return buildTextMessage(SORRY_TEXT);
      });
      await ack({ response_type: "ephemeral", ...reply });
      return;
    }

    // Slack gives three seconds; acknowledge before anything that may wait.
    await ack();
    const { outcome } = ready;
    await guarded(
      deps,
      "command",
      ids,
      async () => {
        await respond({ response_type: "ephemeral", ...(await buildReply(outcome, asker, deps, chat)) });
      },
      () => respond({ response_type: "ephemeral", ...buildTextMessage(SORRY_TEXT) }),
    );
  };
}
