import { type Block, context, fitBlocks, type SlackMessage, section } from "../../blockkit/blocks.js";
import { blockQuote, escapeWithin, link, truncate } from "../../blockkit/mrkdwn.js";
import type { Answer, Match } from "../../search/answer.js";
import {
  ANSWER_LEAD,
  BUTTON_ASK_ITHELP,
  BUTTON_HELPFUL,
  BUTTON_NOT_HELPFUL,
  BUTTON_SHARE,
  CLOSEST_HEADING,
  LAST_UPDATED,
  NO_ANSWER_TEXT,
  NO_CLOSE_MATCHES,
  YOU_ASKED,
} from "../texts.js";
import { ACTION_IDS, ANSWER_ACTIONS_BLOCK_ID, encodeActionValue } from "./action-ids.js";

/** How an answer is shown. */
export interface AnswerViewOptions {
  /** Reference to the question in the question memory; buttons carry it instead of the text. */
  questionRef?: string;
  /** Adds "Share in channel" (for ephemeral answers to /privacy). */
  shareable?: boolean;
  /** Leaves out the buttons (an answer shared in a channel). */
  withoutActions?: boolean;
  /** A note under the answer, already escaped mrkdwn (for example who shared it). */
  note?: string;
}

// Echoes are for recognition, not a record: long questions are shown shortened (the engine saw all of it).
const ECHO_CHARS = 500;
const QUOTE_CHARS = 2800;
const CLOSE_QUOTE_CHARS = 700;

/** The "You asked: …" line; the question is escaped so markup in it shows as text and pings no one. */
export function buildQuestionEcho(question: string): Block {
  return context(`${YOU_ASKED} “${escapeWithin(question, ECHO_CHARS)}”`);
}

/** Section heading and statement title, linked source and last-updated date for one match. */
function sourceLine(match: Match): string {
  // Bounded, so the line always fits one block and is never cut inside its link.
  return `Source: ${link(match.url, truncate(`${match.statement} › ${match.section}`, 300))} · ${LAST_UPDATED} ${escapeWithin(match.updated, 40)}`;
}

function headingLine(match: Match): string {
  return `*${escapeWithin(match.section, 200)}* · ${escapeWithin(match.statement, 200)}`;
}

/** The answer: the paragraph quoted, its section and statement, the source link and date, and feedback buttons. */
export function buildAnswerBlocks(answer: Answer, question: string, options: AnswerViewOptions = {}): SlackMessage {
  const best = answer.matches[0];
  if (answer.decision !== "answer" || !best) return buildEscalateBlocks(answer, question, options);
  const blocks: Block[] = [
    buildQuestionEcho(question),
    section(`${ANSWER_LEAD}\n${headingLine(best)}`),
    section(blockQuote(escapeWithin(best.text, QUOTE_CHARS))),
    context(sourceLine(best)),
  ];
  if (options.note) blocks.push(context(options.note));
  if (!options.withoutActions) {
    const value = encodeActionValue({ q: options.questionRef, p: best.paragraphId });
    const buttons: ButtonSpec[] = [
      { actionId: ACTION_IDS.helpful, text: BUTTON_HELPFUL, value },
      { actionId: ACTION_IDS.notHelpful, text: BUTTON_NOT_HELPFUL, value },
      { actionId: ACTION_IDS.askIthelp, text: BUTTON_ASK_ITHELP, value },
    ];
    if (options.shareable) buttons.push({ actionId: ACTION_IDS.share, text: BUTTON_SHARE, value, style: "primary" });
    blocks.push(actionsBlock(buttons));
  }
  const text = `${escapeWithin(best.section, 200)} (${escapeWithin(best.statement, 200)}): ${escapeWithin(best.text, 2500)}`;
  return { text, blocks: fitBlocks(blocks) };
}

/** The reply when the statements do not answer: says so plainly, shows the closest paragraphs, offers Ask ithelp. */
export function buildEscalateBlocks(answer: Answer, question: string, options: AnswerViewOptions = {}): SlackMessage {
  const blocks: Block[] = [buildQuestionEcho(question), section(NO_ANSWER_TEXT)];
  if (answer.matches.length > 0) {
    blocks.push(section(CLOSEST_HEADING));
    for (const match of answer.matches.slice(0, 3)) {
      blocks.push(section(`${headingLine(match)}\n${blockQuote(escapeWithin(match.text, CLOSE_QUOTE_CHARS))}`));
      blocks.push(context(sourceLine(match)));
    }
  } else {
    blocks.push(context(NO_CLOSE_MATCHES));
  }
  if (options.note) blocks.push(context(options.note));
  if (!options.withoutActions) {
    const value = encodeActionValue({ q: options.questionRef, p: answer.matches[0]?.paragraphId });
    blocks.push(actionsBlock([{ actionId: ACTION_IDS.askIthelp, text: BUTTON_ASK_ITHELP, value, style: "primary" }]));
  }
  return { text: NO_ANSWER_TEXT, blocks: fitBlocks(blocks) };
}

/** Replaces the buttons under an answer with other blocks (an acknowledgement, a hand-off's reply). */
export function replaceActions(blocks: readonly Block[], replacement: readonly Block[]): Block[] {
  const kept = blocks.filter((b) => !(b.type === "actions" && b.block_id === ANSWER_ACTIONS_BLOCK_ID));
  return fitBlocks([...kept, ...replacement]);
}

/** A row with only the Ask ithelp button (kept after "Not helpful"). */
export function buildAskIthelpRow(value: string): Block {
  return actionsBlock([{ actionId: ACTION_IDS.askIthelp, text: BUTTON_ASK_ITHELP, value, style: "primary" }]);
}

interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: "primary" | "danger";
}

function actionsBlock(buttons: ButtonSpec[]): Block {
  return {
    type: "actions",
    block_id: ANSWER_ACTIONS_BLOCK_ID,
    elements: buttons.map((b) => ({
      type: "button" as const,
      action_id: b.actionId,
      text: { type: "plain_text" as const, text: b.text, emoji: true },
      value: b.value,
      ...(b.style ? { style: b.style } : {}),
    })),
  };
}
