import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { ACTION_IDS, type ActionId } from "../../views/action-ids.js";
import { askIthelpButton } from "./ask-ithelp.js";
import type { ButtonArgs } from "./button.js";
import { consentCancelButton } from "./consent-cancel.js";
import { consentNoteButton } from "./consent-note.js";
import { consentSendButton } from "./consent-send.js";
import { helpfulButton } from "./helpful.js";
import { notHelpfulButton } from "./not-helpful.js";
import { shareAnswerButton } from "./share-answer.js";
import { answeredByButton } from "./triage-answered-by.js";
import { claimButton } from "./triage-claim.js";
import { resolveButton } from "./triage-resolve.js";

/** One handler per button; every button the views emit is one of these. */
const HANDLERS: Readonly<Record<ActionId, (deps: SlackDeps) => (args: ButtonArgs) => Promise<void>>> = {
  [ACTION_IDS.helpful]: helpfulButton,
  [ACTION_IDS.notHelpful]: notHelpfulButton,
  [ACTION_IDS.askIthelp]: askIthelpButton,
  [ACTION_IDS.share]: shareAnswerButton,
  [ACTION_IDS.consentSend]: consentSendButton,
  [ACTION_IDS.consentNote]: consentNoteButton,
  [ACTION_IDS.consentCancel]: consentCancelButton,
  [ACTION_IDS.claim]: claimButton,
  [ACTION_IDS.resolve]: resolveButton,
  [ACTION_IDS.answeredBy]: answeredByButton,
};

/** Action ids Privacy Desk registers. */
export const ACTIONS = Object.keys(HANDLERS) as ActionId[];

/** Registers each button's handler under its own action id. */
export function register(app: App, deps: SlackDeps): void {
  for (const actionId of ACTIONS) {
    const handle = HANDLERS[actionId](deps);
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client }) => {
      await handle({ ack, body, action, respond, client });
    });
  }
}
