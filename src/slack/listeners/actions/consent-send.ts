import { buildMrkdwnMessage, buildTextMessage } from "../../../blockkit/blocks.js";
import type { Consent, SendOutcome } from "../../../desk/handoff.js";
import { isStoreBusy } from "../../../escalation/store/errors.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { QUESTION_FORGOTTEN, SEND_SAVING, SEND_STILL_BUSY, SORRY_TEXT } from "../../texts.js";
import { ACTION_IDS } from "../../views/action-ids.js";
import { decodeConsentValue, replaceConsent } from "../../views/consent.js";
import { buildSendReply } from "../../views/replies.js";
import { guarded } from "../guard.js";
import { type ButtonArgs, blocksAround } from "./button.js";

/** Longest the acknowledgement of Send waits for the commit (Slack allows 3 s). */
export const SEND_ACK_DEADLINE_MS = 2_500;
/** While the database is busy, Send is tried again this often, and for at most this long, after the acknowledgement. */
export const SEND_RETRY_EVERY_MS = 1_000;
export const SEND_RETRY_FOR_MS = 120_000;

/**
 * Send to ithelp on the consent step. The escalation and its deliveries are committed before Slack is answered,
 * so an acknowledged Send is never lost to a crash; a repeated or retried Send (the consent's question id) gives
 * the same reference and says so again. While the database is busy the press is acknowledged at once, the person
 * is told it is being saved, and it is tried again until it is.
 */
export function consentSendButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return async ({ ack, body, action, respond, client }) => {
    const value = decodeConsentValue(action.value);
    const asked = value ? deps.desk.recall(value.q) : undefined;
    const channel = body.channel?.id ?? body.container.channel_id;
    const chat = createSlackHelpdeskChat(client, deps.logger, deps.owed);
    const consent: Consent | undefined =
      value && asked
        ? {
            userId: body.user.id,
            question: asked.question,
            questionId: asked.questionId,
            answer: asked.answer,
            requesterName: value.n,
            dmChannel: typeof channel === "string" && channel.startsWith("D") ? channel : undefined,
          }
        : undefined;
    let sent: SendOutcome | undefined;
    let failure: unknown;
    // Slack must hear back within 3 s: a commit slower than that (a network database under strain) is waited
    // for after the acknowledgement instead.
    const sending = consent ? deps.desk.send(consent, chat) : undefined;
    let pending: Promise<SendOutcome> | undefined;
    if (sending) {
      const first = await Promise.race([
        sending.then(
          (r) => ({ done: true as const, r }),
          (e: unknown) => ({ done: true as const, e }),
        ),
        new Promise<{ done: false }>((r) => setTimeout(() => r({ done: false }), SEND_ACK_DEADLINE_MS).unref()),
      ]);
      if (!first.done) pending = sending;
      else if ("r" in first) sent = first.r;
      else failure = first.e;
    }
    await ack();
    const ids = { actionTs: body.actions[0]?.action_ts, channel: body.channel?.id };
    await guarded(
      deps,
      ACTION_IDS.consentSend,
      ids,
      async () => {
        if (!value || !asked || !consent) {
          await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(QUESTION_FORGOTTEN) });
          return;
        }
        let toldSaving = false;
        if (!sent && pending) {
          toldSaving = true;
          await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(SEND_SAVING) });
          try {
            sent = await pending;
          } catch (error) {
            failure = error;
          }
        }
        if (!sent) {
          if (!isStoreBusy(failure)) throw failure;
          if (!toldSaving) await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(SEND_SAVING) });
          sent = await sendWhenFree(() => deps.desk.send(consent, chat));
          if (!sent) {
            deps.logger.warn(
              { event: "listener_failed", where: ACTION_IDS.consentSend, ...ids, busyForMs: SEND_RETRY_FOR_MS },
              "the database stayed busy; nothing was sent",
            );
            await respond({ response_type: "ephemeral", replace_original: false, ...buildMrkdwnMessage(SEND_STILL_BUSY) });
            return;
          }
        }
        const message = buildSendReply(sent);
        await respond({
          replace_original: true,
          text: message.text,
          blocks: replaceConsent(blocksAround(body, value, asked), message.blocks),
        });
      },
      () => respond({ response_type: "ephemeral", replace_original: false, ...buildTextMessage(SORRY_TEXT) }),
    );
  };
}

/** Tries `send` again while the store is busy, for at most SEND_RETRY_FOR_MS; undefined if it stayed busy. */
async function sendWhenFree(send: () => Promise<SendOutcome>): Promise<SendOutcome | undefined> {
  const deadline = Date.now() + SEND_RETRY_FOR_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, SEND_RETRY_EVERY_MS));
    try {
      return await send();
    } catch (error) {
      if (!isStoreBusy(error)) throw error;
    }
  }
  return undefined;
}
