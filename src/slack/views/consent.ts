import type { types } from "@slack/bolt";
import { z } from "zod";
import { type Block, context, fitBlocks, type SlackMessage, section } from "../../blockkit/blocks.js";
import { blockQuote, escapeText, escapeWithin, link, MAX_BUTTON_VALUE_CHARS, truncate } from "../../blockkit/mrkdwn.js";
import type { ConsentPreview } from "../../desk/handoff.js";
import {
  BUTTON_ADD_NOTE,
  BUTTON_CANCEL,
  BUTTON_SEND_TO_ITHELP,
  CONSENT_HEADING,
  CONSENT_MATCHES,
  CONSENT_NAME,
  CONSENT_NO_MATCHES,
  CONSENT_NOTE,
  CONSENT_QUESTION,
  consentFooter,
  NO_DISPLAY_NAME,
  NOTE_LABEL,
  NOTE_MODAL_CLOSE,
  NOTE_MODAL_SUBMIT,
  NOTE_MODAL_TITLE,
  NOTE_PLACEHOLDER,
} from "../texts.js";
import { ACTION_IDS, VIEW_IDS } from "./action-ids.js";

/** Every block of the consent step has a block id starting with this, so the step can be replaced as a whole. */
export const CONSENT_BLOCK_PREFIX = "pd_consent";
/** The note field of the note modal. */
export const NOTE_BLOCK_ID = "pd_note";
export const NOTE_ACTION_ID = "note";
/** Longest note accepted (Slack enforces it in the modal). */
export const MAX_NOTE_CHARS = 1500;
/** Longest display name carried in a button (Slack's own limit is 80). */
const MAX_NAME_CHARS = 80;

/**
 * What the consent buttons carry: the question with the paragraphs found (`src/desk/carried-question.ts`), the
 * name shown, and whether the step stands alone (an answer above it is kept when it is replaced). The note
 * modal's private_metadata carries the same value and a response URL, well within Slack's 3,000 characters.
 */
export const ConsentValueSchema = z.object({
  q: z.string().min(1).max(MAX_BUTTON_VALUE_CHARS),
  n: z.string().max(MAX_NAME_CHARS),
  a: z.literal(1).optional(),
});
export type ConsentValue = z.infer<typeof ConsentValueSchema>;

/** Encodes a consent button value (the name is cut to Slack's display-name limit). */
export function encodeConsentValue(value: ConsentValue): string {
  return JSON.stringify({ ...value, n: truncate(value.n, MAX_NAME_CHARS) });
}

/** Decodes a consent button value; undefined when malformed. */
export function decodeConsentValue(raw: string | undefined): ConsentValue | undefined {
  if (!raw) return undefined;
  try {
    const parsed = ConsentValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the note modal remembers between opening and submitting (Slack returns it untouched). */
export const NoteModalMetadataSchema = z.object({
  /** The consent value of the step the modal was opened from. */
  v: ConsentValueSchema,
  /** Where to replace the consent step once sent (the button press's response URL). */
  r: z.url().optional(),
});
export type NoteModalMetadata = z.infer<typeof NoteModalMetadataSchema>;

/** The preview of what will be shared: question, name, the paragraphs found, and the note if any. */
export function buildConsentPreview(p: ConsentPreview, lead?: string): Block[] {
  const id = (suffix: string) => `${CONSENT_BLOCK_PREFIX}_${suffix}`;
  const name = p.requesterName.trim() === "" ? NO_DISPLAY_NAME : escapeWithin(p.requesterName, 200);
  const blocks: Block[] = [];
  if (lead) blocks.push(section(lead, id("lead")));
  blocks.push(
    section(CONSENT_HEADING, id("heading")),
    section(`${CONSENT_QUESTION}\n${blockQuote(escapeWithin(p.question, 2500))}`, id("question")),
    section(`${CONSENT_NAME}\n${name} (<@${escapeText(p.userId)}>)`, id("name")),
  );
  if (p.matches.length === 0) {
    blocks.push(section(`${CONSENT_MATCHES}\n${CONSENT_NO_MATCHES}`, id("matches")));
  } else {
    blocks.push(section(CONSENT_MATCHES, id("matches")));
    for (const [i, m] of p.matches.entries())
      blocks.push(
        section(
          `${link(m.url, truncate(`${m.statement} › ${m.section}`, 300))}\n${blockQuote(escapeWithin(m.text, 2400))}`,
          id(`match_${i}`),
        ),
      );
  }
  if (p.note) blocks.push(section(`${CONSENT_NOTE}\n${blockQuote(escapeWithin(p.note, 2500))}`, id("note")));
  return blocks;
}

/** The consent step: the preview, what happens to it, and Send to ithelp / Add a note… / Cancel. */
export function buildConsentMessage(p: ConsentPreview, value: ConsentValue, lead?: string): SlackMessage {
  const encoded = encodeConsentValue(value);
  const blocks: Block[] = [
    ...buildConsentPreview(p, lead),
    { ...context(consentFooter(p.retentionDays)), block_id: `${CONSENT_BLOCK_PREFIX}_footer` },
    {
      type: "actions",
      block_id: `${CONSENT_BLOCK_PREFIX}_actions`,
      elements: [
        button(ACTION_IDS.consentSend, BUTTON_SEND_TO_ITHELP, encoded, "primary"),
        button(ACTION_IDS.consentNote, BUTTON_ADD_NOTE, encoded),
        button(ACTION_IDS.consentCancel, BUTTON_CANCEL, encoded),
      ],
    },
  ];
  return { text: CONSENT_HEADING, blocks: fitBlocks(blocks) };
}

/** The modal for adding a note: the same preview, a note field, and Send to ithelp as its submit button. */
export function buildNoteModal(p: ConsentPreview, metadata: NoteModalMetadata): types.ModalView {
  const preview = buildConsentPreview(p).map(({ block_id: _drop, ...b }) => b as Block);
  return {
    type: "modal",
    callback_id: VIEW_IDS.consentNote,
    title: { type: "plain_text", text: NOTE_MODAL_TITLE },
    submit: { type: "plain_text", text: NOTE_MODAL_SUBMIT },
    close: { type: "plain_text", text: NOTE_MODAL_CLOSE },
    private_metadata: JSON.stringify(metadata),
    blocks: fitBlocks([
      ...preview,
      {
        type: "input",
        block_id: NOTE_BLOCK_ID,
        optional: true,
        label: { type: "plain_text", text: NOTE_LABEL },
        element: {
          type: "plain_text_input",
          action_id: NOTE_ACTION_ID,
          multiline: true,
          max_length: MAX_NOTE_CHARS,
          placeholder: { type: "plain_text", text: NOTE_PLACEHOLDER },
        },
      },
      context(consentFooter(p.retentionDays)),
    ]),
  };
}

/** Reads the note modal's metadata; undefined when it is not ours. */
export function decodeNoteModalMetadata(raw: string | undefined): NoteModalMetadata | undefined {
  if (!raw) return undefined;
  try {
    const parsed = NoteModalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the consent step in a message with other blocks (what was sent, or that it was cancelled). */
export function replaceConsent(blocks: readonly Block[], replacement: readonly Block[]): Block[] {
  const kept = blocks.filter((b) => !(typeof b.block_id === "string" && b.block_id.startsWith(CONSENT_BLOCK_PREFIX)));
  return fitBlocks([...kept, ...replacement]);
}

function button(actionId: string, text: string, value: string, style?: "primary"): types.Button {
  return { type: "button", action_id: actionId, text: { type: "plain_text", text, emoji: true }, value, ...(style ? { style } : {}) };
}
