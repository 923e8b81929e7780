import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import type { QuestionOrigin } from "../../handoff.js";
import {
  FEEDBACK_HELPFUL_ACK,
  FEEDBACK_NOT_HELPFUL_ACK,
  HANDOFF_ALREADY_SENT,
  QUESTION_FORGOTTEN,
  SHARED_NOTE,
  SORRY_TEXT,
  sharedBy,
} from "../../texts.js";
import { ACTION_IDS, decodeActionValue, type ActionValue } from "../../views/action-ids.js";
import { buildAnswerBlocks, buildAskIthelpRow, replaceActions } from "../../views/answer.js";
import { buildMrkdwnMessage, buildTextMessage, context, type Block } from "../../views/message.js";
import { guarded } from "../guard.js";

/** Action ids Privacy Desk registers; every button the views emit is one of these. */
export const ACTIONS = Object.values(ACTION_IDS);

type ButtonBody = BlockAction<ButtonAction>;

/** Buttons under answers: feedback (acknowledged in place), Ask ithelp (the hand-off), Share in channel. */
export function register(app: App, deps: SlackDeps): void {
  for (const helpful of [true, false]) {
    const actionId = helpful ? ACTION_IDS.helpful : ACTION_IDS.notHelpful;
    app.action<ButtonBody>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await guarded(
        deps,
        actionId,
        ids(body),
        async () => {
          const value = decodeActionValue(action.value);
          await deps.feedback.record({ paragraphId: value.p, helpful });
          const note = helpful ? FEEDBACK_HELPFUL_ACK : FEEDBACK_NOT_HELPFUL_ACK;
          const replacement: Block[] = [context(note)];
          // After "Not helpful" the way to a person stays open.
          if (!helpful) replacement.push(buildAskIthelpRow(action.value ?? ""));
          await respond({
            replace_original: true,
            text: body.message?.text ?? note,
            blocks: replaceActions(currentBlocks(body, value, deps), replacement),
          });
        },
        () => apologise(respond),
      );
    });
  }

  app.action<ButtonBody>(ACTION_IDS.askIthelp, async ({ ack, body, action, respond, client }) => {
    await ack();
    await guarded(
      deps,
      ACTION_IDS.askIthelp,
      ids(body),
      async () => {
        const value = decodeActionValue(action.value);
        const question = value.q ? deps.questions.recall(value.q) : undefined;
        if (!question || !value.q) {
          await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
          return;
        }
        // Pressing twice, or Slack delivering the press twice, passes the question on once.
        if (deps.dedupe.seenBefore(`handoff:${body.user.id}:${value.q}`)) {
          await respond({ response_type: "ephemeral", replace_original: false, ...buildTextMessage(HANDOFF_ALREADY_SENT) });
          return;
        }
        const answer = deps.engine().ask(question);
        const outcome = await deps.handOff.start(
          {
            userId: body.user.id,
            teamId: body.team?.id,
            question,
            answer,
            origin: originOf(body),
            channelId: body.channel?.id ?? body.container.channel_id,
            messageTs: body.container.message_ts ?? body.message?.ts,
            threadTs: body.message?.thread_ts,
          },
          { client, logger: deps.logger },
        );
        await respond({
          replace_original: true,
          text: outcome.text,
          blocks: replaceActions(currentBlocks(body, value, deps), outcome.blocks),
        });
      },
      () => apologise(respond),
    );
  });

  app.action<ButtonBody>(ACTION_IDS.share, async ({ ack, body, action, respond }) => {
    await ack();
    await guarded(
      deps,
      ACTION_IDS.share,
      ids(body),
      async () => {
        const value = decodeActionValue(action.value);
        const question = value.q ? deps.questions.recall(value.q) : undefined;
        if (!question) {
          await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
          return;
        }
        const answer = deps.engine().ask(question);
        // The response URL posts visibly even where the bot is not a member (a channel, or a DM between people).
        await respond({
          response_type: "in_channel",
          replace_original: false,
          ...buildAnswerBlocks(answer, question, { withoutActions: true, note: sharedBy(body.user.id) }),
        });
        await respond({ replace_original: true, ...buildAnswerBlocks(answer, question, { questionRef: value.q, note: SHARED_NOTE }) });
        deps.logger.info({ event: "answer_shared", paragraphId: answer.matches[0]?.paragraphId }, "answer shared");
      },
      () => apologise(respond),
    );
  });
}

/** The blocks of the message the button is in: from the payload, or rebuilt for ephemeral messages, which Slack does not send back. */
function currentBlocks(body: ButtonBody, value: ActionValue, deps: SlackDeps): Block[] {
  const fromPayload = body.message?.blocks as Block[] | undefined;
  if (fromPayload && fromPayload.length > 0) return fromPayload;
  const question = value.q ? deps.questions.recall(value.q) : undefined;
  if (!question) return [];
  const answer = deps.engine().ask(question);
  return buildAnswerBlocks(answer, question, { questionRef: value.q, shareable: originOf(body) === "command" }).blocks;
}

function originOf(body: ButtonBody): QuestionOrigin {
  if (body.container.is_ephemeral) return "command";
  const channel: string = body.channel?.id ?? body.container.channel_id ?? "";
  return channel.startsWith("D") ? "dm" : "mention";
}

function ids(body: ButtonBody): Record<string, string | undefined> {
  return { actionTs: body.actions[0]?.action_ts, channel: body.channel?.id };
}

function apologise(respond: RespondFn): Promise<unknown> {
  return respond({ response_type: "ephemeral", replace_original: false, ...buildTextMessage(SORRY_TEXT) });
}
