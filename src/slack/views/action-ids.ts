import { z } from "zod";
import { MAX_BUTTON_VALUE_CHARS } from "../../blockkit/mrkdwn.js";
import { TRIAGE_ACTION_IDS } from "../../escalation/destinations/slack.js";

/** The action ids of every button Privacy Desk puts in a message; listeners register exactly these. */
export const ACTION_IDS = {
  helpful: "feedback_helpful",
  notHelpful: "feedback_not_helpful",
  askIthelp: "ask_ithelp",
  share: "share_answer",
  /** The consent step: the person agrees to send, adds a note (a modal), or cancels. */
  consentSend: "consent_send",
  consentNote: "consent_add_note",
  consentCancel: "consent_cancel",
  /** The triage channel message (rendered by the Slack destination): an agent takes the escalation or closes it. */
  ...TRIAGE_ACTION_IDS,
} as const;

/** Callback ids of the modals Privacy Desk opens; listeners register exactly these. */
export const VIEW_IDS = {
  /** The consent step with a note field; submitting it sends. */
  consentNote: "consent_note_modal",
} as const;

/** One of Privacy Desk's action ids. */
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** The block id of the buttons row under an answer, so feedback can replace just that row. */
export const ANSWER_ACTIONS_BLOCK_ID = "pd_answer_actions";

/**
 * What a button carries: the question with the paragraphs found (`src/desk/carried-question.ts`, at most 1,700
 * characters), and the paragraph the answer showed. Slack sends the value back with the press, so no process
 * needs to remember the question.
 */
export const ActionValueSchema = z.object({
  /** The carried question. */
  q: z.string().max(MAX_BUTTON_VALUE_CHARS).optional(),
  /** Paragraph id of the answer shown. */
  p: z.string().max(1000).optional(),
});
/** Decoded button value. */
export type ActionValue = z.infer<typeof ActionValueSchema>;

/** Encodes a button value, dropping the paragraph id if it would push the value past Slack's limit. */
export function encodeActionValue(value: ActionValue): string {
  const full = JSON.stringify(value);
  if (full.length <= MAX_BUTTON_VALUE_CHARS && (value.p?.length ?? 0) <= 1000) return full;
  return JSON.stringify({ q: value.q });
}

/** Decodes a button value; anything malformed decodes to an empty value rather than throwing. */
export function decodeActionValue(raw: string | undefined): ActionValue {
  if (!raw) return {};
  try {
    const parsed = ActionValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
