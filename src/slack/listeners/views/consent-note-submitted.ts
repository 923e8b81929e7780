import type { ViewOutput, ViewResponseAction, webApi } from "@slack/bolt";
import type { SendOutcome } from "../../../desk/handoff.js";
import { logError } from "../../../errors.js";
import { isStoreBusy } from "../../../escalation/store/errors.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { NOTE_TRY_AGAIN, QUESTION_FORGOTTEN, SORRY_TEXT } from "../../texts.js";
import { VIEW_IDS } from "../../views/action-ids.js";
import { buildAnswerBlocks } from "../../views/answer.js";
import { decodeNoteModalMetadata, NOTE_ACTION_ID, NOTE_BLOCK_ID, replaceConsent } from "../../views/consent.js";
import { buildSendReply } from "../../views/replies.js";
import { guarded } from "../guard.js";

/** What the note modal's submission handler is given. */
export interface ViewSubmitArgs {
  ack: (response?: ViewResponseAction) => Promise<void>;
  body: { user: { id: string } };
  view: Pick<ViewOutput, "id" | "private_metadata" | "state">;
  client: webApi.WebClient;
}

/** Submitting the note modal sends the escalation with the note, then replaces the consent step it came from. */
export function consentNoteSubmitted(deps: SlackDeps): (args: ViewSubmitArgs) => Promise<void> {
  return async ({ ack, body, view, client }) => {
    const metadata = decodeNoteModalMetadata(view.private_metadata);
    const asked = metadata ? deps.desk.recall(metadata.v.q) : undefined;
    if (!metadata || !asked) {
      // The modal stays open and says why; nothing was sent.
      await ack({ response_action: "errors", errors: { [NOTE_BLOCK_ID]: QUESTION_FORGOTTEN.replace(/\*/g, "") } });
      return;
    }
    const note = view.state.values[NOTE_BLOCK_ID]?.[NOTE_ACTION_ID]?.value ?? null;
    // Committed before Slack is answered, so a submission Slack saw accepted is never lost to a crash.
    let result: SendOutcome;
    try {
      result = await deps.desk.send(
        {
          userId: body.user.id,
          question: asked.question,
          questionId: asked.questionId,
          answer: asked.answer,
          requesterName: metadata.v.n,
          note,
        },
        createSlackHelpdeskChat(client, deps.logger, deps.owed),
      );
    } catch (error) {
      logError(deps.logger, "listener_failed", error, "could not record the escalation; the modal stays open", {
        where: VIEW_IDS.consentNote,
        viewId: view.id,
      });
      // The modal stays open and says what to do; nothing was sent.
      await ack({ response_action: "errors", errors: { [NOTE_BLOCK_ID]: isStoreBusy(error) ? NOTE_TRY_AGAIN : SORRY_TEXT } });
      return;
    }
    await ack();
    await guarded(deps, VIEW_IDS.consentNote, { viewId: view.id }, async () => {
      if (!metadata.r) return;
      const message = buildSendReply(result);
      const around = metadata.v.a ? [] : buildAnswerBlocks(asked.answer, asked.question, { withoutActions: true }).blocks;
      await postToResponseUrl(metadata.r, {
        replace_original: true,
        text: message.text,
        blocks: replaceConsent(around, message.blocks),
      }).catch((error: unknown) =>
        // The escalation is sent and the DM thread says so; only the old consent step stays on screen.
        logError(deps.logger, "consent_update_failed", error, "could not replace the consent step", {}, "warn"),
      );
    });
  };
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
