import type { App, ViewSubmitAction } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { VIEW_IDS } from "../../views/action-ids.js";
import { consentNoteSubmitted } from "./consent-note-submitted.js";

/** Modal callback ids Privacy Desk registers. */
export const VIEWS = Object.values(VIEW_IDS);

/** Registers the note modal's submission. */
export function register(app: App, deps: SlackDeps): void {
  const onNote = consentNoteSubmitted(deps);
  app.view<ViewSubmitAction>(VIEW_IDS.consentNote, async ({ ack, body, view, client }) => {
    await onNote({ ack, body, view, client });
  });
}
