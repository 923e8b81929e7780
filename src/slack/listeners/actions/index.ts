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

/** Matches exactly the action ids above (plain words and underscores: nothing in them needs escaping). */
const ACTION_PATTERN = new RegExp(`^(?:${ACTIONS.join("|")})$`);

/**
 * Registers one listener for every button, which hands each press to its action id's handler. Bolt runs every
 * listener's middleware for every request (a command, a message, an event), so one listener rather than one per
 * action id keeps that cost off every other request.
 */
export function register(app: App, deps: SlackDeps): void {
  const handlers = new Map(ACTIONS.map((actionId) => [actionId, HANDLERS[actionId](deps)] as const));
  app.action<BlockAction<ButtonAction>>(ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
    await handlers.get(action.action_id as ActionId)?.({ ack, body, action, respond, client });
  });
}
