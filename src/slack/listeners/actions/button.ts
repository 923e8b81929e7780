import type { BlockAction, ButtonAction, RespondFn, webApi } from "@slack/bolt";
import { type Block, buildTextMessage } from "../../../blockkit/blocks.js";
import type { QuestionAtHand, QuestionOrigin } from "../../../desk/question.js";
import type { SlackDeps } from "../../deps.js";
import { SORRY_TEXT } from "../../texts.js";
import { buildAnswerBlocks, replaceActions } from "../../views/answer.js";
import type { ConsentValue } from "../../views/consent.js";
import { guarded } from "../guard.js";

/** A button press as Bolt delivers it. */
export type ButtonBody = BlockAction<ButtonAction>;

/** What a button handler is given (Bolt's action arguments, the parts the handlers read). */
export interface ButtonArgs {
  ack: () => Promise<void>;
  body: ButtonBody;
  action: ButtonAction;
  respond: RespondFn;
  client: webApi.WebClient;
}

/** A button's work once acknowledged. */
export type ButtonWork = (args: ButtonArgs) => Promise<void>;

/** Every button is acknowledged at once, its work guarded, and a failure answered with a polite apology. */
export function buttonHandler(deps: SlackDeps, actionId: string, work: ButtonWork): (args: ButtonArgs) => Promise<void> {
  return async (args) => {
    await args.ack();
    await guarded(
      deps,
      actionId,
      ids(args.body),
      () => work(args),
      () => apologise(args.respond),
    );
  };
}

/** The blocks of the message the button is in: from the payload, or rebuilt for ephemeral messages, which Slack does not send back. */
export function currentBlocks(body: ButtonBody, asked: QuestionAtHand | undefined): Block[] {
  const fromPayload = body.message?.blocks as Block[] | undefined;
  if (fromPayload && fromPayload.length > 0) return fromPayload;
  if (!asked) return [];
  return buildAnswerBlocks(asked.answer, asked.question, { questionRef: asked.questionRef, shareable: originOf(body) === "command" })
    .blocks;
}

/** What stays around a consent step once it is replaced: the message's other blocks (the answer above it). */
export function blocksAround(body: ButtonBody, value: ConsentValue, asked: QuestionAtHand | undefined): Block[] {
  const fromPayload = body.message?.blocks as Block[] | undefined;
  if (fromPayload && fromPayload.length > 0) return fromPayload;
  if (value.a) return [];
  return replaceActions(currentBlocks(body, asked), []);
}

/** True for a visible message in a channel, where everyone sees what replaces it. */
export function seenByOthers(body: ButtonBody): boolean {
  return originOf(body) === "mention";
}

/** Where the message with the button was: an ephemeral /privacy answer, the DM, or a channel. */
export function originOf(body: ButtonBody): QuestionOrigin {
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
