import type { App, BlockAction, ButtonAction, Middleware, RespondFn, SlackActionMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { matchesOf, type HandOffContext, type QuestionOrigin } from "../../handoff.js";
import {
  CONSENT_CANCELLED,
  FEEDBACK_HELPFUL_ACK,
  FEEDBACK_NOT_HELPFUL_ACK,
  QUESTION_FORGOTTEN,
  SHARED_NOTE,
  SORRY_TEXT,
  sharedBy,
} from "../../texts.js";
import { ACTION_IDS, VIEW_IDS, decodeActionValue, type ActionValue } from "../../views/action-ids.js";
import { buildAnswerBlocks, replaceActions } from "../../views/answer.js";
import {
  NOTE_ACTION_ID,
  NOTE_BLOCK_ID,
  buildNoteModal,
  decodeConsentValue,
  decodeNoteModalMetadata,
  replaceConsent,
  type ConsentValue,
} from "../../views/consent.js";
import { buildMrkdwnMessage, buildTextMessage, context, type Block, type SlackMessage } from "../../../blockkit/blocks.js";
import { describeError, guarded } from "../guard.js";

/** Action ids Privacy Desk registers; every button the views emit is one of these. */
export const ACTIONS = Object.values(ACTION_IDS);
/** Modal callback ids Privacy Desk registers. */
export const VIEWS = Object.values(VIEW_IDS);

type ButtonBody = BlockAction<ButtonAction>;
type ButtonListener = Middleware<SlackActionMiddlewareArgs<ButtonBody>>;
type ButtonHandler = (args: Parameters<ButtonListener>[0]) => Promise<void>;

/**
 * Buttons: feedback (acknowledged in place), Ask ithelp and Not helpful (the consent step), Share in channel,
 * the consent step's own buttons and note modal, and the triage message's Claim / Resolve.
 */
export function register(app: App, deps: SlackDeps): void {
  const ctxOf = (client: HandOffContext["client"]): HandOffContext => ({ client, logger: deps.logger });
  const buttons = new Map<string, ButtonListener>();
  // Every button is acknowledged at once, its work guarded, and a failure answered with a polite apology.
  const onButton = (actionId: string, handle: ButtonHandler): void =>
    void buttons.set(actionId, async (args) => {
      await args.ack();
      await guarded(deps, actionId, ids(args.body), () => handle(args), () => apologise(args.respond));
    });

  for (const helpful of [true, false]) {
    const actionId = helpful ? ACTION_IDS.helpful : ACTION_IDS.notHelpful;
    onButton(actionId, async ({ body, action, respond, client }) => {
      const value = decodeActionValue(action.value);
      await deps.feedback.record({ paragraphId: value.p, helpful });
      const note = helpful ? FEEDBACK_HELPFUL_ACK : FEEDBACK_NOT_HELPFUL_ACK;
      // After "Not helpful" the way to a person opens: the consent step, which sends nothing by itself.
      const consent = helpful ? undefined : await consentFor(body, value, ctxOf(client));
      const inPlace = consent && !seenByOthers(body) ? consent.blocks : [];
      await respond({
        replace_original: true,
        text: body.message?.text ?? note,
        blocks: replaceActions(currentBlocks(body, value, deps), [context(note), ...inPlace]),
      });
      if (consent && seenByOthers(body)) await respond({ response_type: "ephemeral", replace_original: false, ...consent });
    });
  }

  onButton(ACTION_IDS.askIthelp, async ({ body, action, respond, client }) => {
    const value = decodeActionValue(action.value);
    const consent = await consentFor(body, value, ctxOf(client));
    if (!consent) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    // In a channel the answer is everyone's; the consent step is only for the person who pressed.
    if (seenByOthers(body)) {
      await respond({ response_type: "ephemeral", replace_original: false, ...consent });
      return;
    }
    await respond({
      replace_original: true,
      text: consent.text,
      blocks: replaceActions(currentBlocks(body, value, deps), consent.blocks),
    });
  });

  onButton(ACTION_IDS.share, async ({ body, action, respond }) => {
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
  });

  onButton(ACTION_IDS.consentSend, async ({ body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const question = value ? deps.questions.recall(value.q) : undefined;
    if (!value || !question) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const channel = body.channel?.id ?? body.container.channel_id;
    const result = await deps.handOff.send(
      {
        userId: body.user.id,
        question,
        questionRef: value.q,
        answer: deps.engine().ask(question),
        requesterName: value.n,
        dmChannel: typeof channel === "string" && channel.startsWith("D") ? channel : undefined,
      },
      ctxOf(client),
    );
    await respond({ replace_original: true, text: result.message.text, blocks: replaceConsent(blocksAround(body, value, deps), result.message.blocks) });
  });

  onButton(ACTION_IDS.consentCancel, async ({ body, action, respond }) => {
    const value = decodeConsentValue(action.value);
    deps.logger.info({ event: "handoff_cancelled" }, "consent step cancelled; nothing sent");
    const cancelled = buildTextMessage(CONSENT_CANCELLED);
    await respond({
      replace_original: true,
      text: cancelled.text,
      blocks: replaceConsent(value ? blocksAround(body, value, deps) : [], [context(CONSENT_CANCELLED)]),
    });
  });

  onButton(ACTION_IDS.consentNote, async ({ body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const question = value ? deps.questions.recall(value.q) : undefined;
    if (!value || !question) {
      await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
      return;
    }
    const preview = {
      question,
      userId: body.user.id,
      requesterName: value.n,
      matches: matchesOf(deps.engine().ask(question)),
      retentionDays: deps.config.RETENTION_DAYS,
    };
    await client.views.open({ trigger_id: body.trigger_id, view: buildNoteModal(preview, { v: value, r: body.response_url }) });
  });

  app.view<ViewSubmitAction>(VIEW_IDS.consentNote, async ({ ack, body, view, client }) => {
    const metadata = decodeNoteModalMetadata(view.private_metadata);
    const question = metadata ? deps.questions.recall(metadata.v.q) : undefined;
    if (!metadata || !question) {
      // The modal stays open and says why; nothing was sent.
      await ack({ response_action: "errors", errors: { [NOTE_BLOCK_ID]: QUESTION_FORGOTTEN.replace(/\*/g, "") } });
      return;
    }
    await ack();
    await guarded(deps, VIEW_IDS.consentNote, { viewId: view.id }, async () => {
      const note = view.state.values[NOTE_BLOCK_ID]?.[NOTE_ACTION_ID]?.value ?? null;
      const answer = deps.engine().ask(question);
      const result = await deps.handOff.send(
        { userId: body.user.id, question, questionRef: metadata.v.q, answer, requesterName: metadata.v.n, note },
        ctxOf(client),
      );
      if (!metadata.r) return;
      const around = metadata.v.a ? [] : buildAnswerBlocks(answer, question, { withoutActions: true }).blocks;
      await postToResponseUrl(metadata.r, {
        replace_original: true,
        text: result.message.text,
        blocks: replaceConsent(around, result.message.blocks),
      }).catch((error: unknown) =>
        // The escalation is sent and the DM thread says so; only the old consent step stays on screen.
        deps.logger.warn({ event: "consent_update_failed", err: describeError(error) }, "could not replace the consent step"),
      );
    });
  });

  for (const [actionId, step] of [
    [ACTION_IDS.claim, "claim"],
    [ACTION_IDS.resolve, "resolve"],
  ] as const) {
    onButton(actionId, async ({ body, action, respond, client }) => {
      const result = await deps.handOff[step]({ reference: action.value ?? "", agentId: body.user.id }, ctxOf(client));
      if (result.ephemeral) await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(result.ephemeral) });
    });
  }

  // One Bolt listener for every button, each press passed on by its action id: Bolt offers every request it
  // receives (every question too) to each of its listeners in turn, so each one fewer is work saved on all of them.
  const pattern = new RegExp(`^(?:${[...buttons.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);
  app.action<ButtonBody>(pattern, async (args) => {
    await buttons.get(args.action.action_id)?.(args);
  });

  /** The consent step for the question behind a button, or undefined when the question is no longer remembered. */
  async function consentFor(body: ButtonBody, value: ActionValue, ctx: HandOffContext): Promise<SlackMessage | undefined> {
    const question = value.q ? deps.questions.recall(value.q) : undefined;
    if (!question || !value.q) return undefined;
    return deps.handOff.prepare(
      {
        userId: body.user.id,
        question,
        questionRef: value.q,
        answer: deps.engine().ask(question),
        origin: originOf(body),
        userName: body.user.username ?? body.user.name,
      },
      ctx,
    );
  }
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

/** What stays around a consent step once it is replaced: the message's other blocks (the answer above it). */
function blocksAround(body: ButtonBody, value: ConsentValue, deps: SlackDeps): Block[] {
  const fromPayload = body.message?.blocks as Block[] | undefined;
  if (fromPayload && fromPayload.length > 0) return fromPayload;
  if (value.a) return [];
  return replaceActions(currentBlocks(body, { q: value.q }, deps), []);
}

/** True for a visible message in a channel, where everyone sees what replaces it. */
function seenByOthers(body: ButtonBody): boolean {
  return originOf(body) === "mention";
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

/** Replaces a message through a response URL kept from a button press (the note modal has none of its own). */
async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`response URL answered HTTP ${res.status}`);
}
