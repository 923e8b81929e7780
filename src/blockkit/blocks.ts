import type { types } from "@slack/bolt";
import { escapeText, MAX_BLOCKS, MAX_SECTION_CHARS, sliceWhole, truncate } from "./mrkdwn.js";

/** A Block Kit block. */
export type Block = types.KnownBlock;

/** A message ready for chat.postMessage, a response_url or ack: blocks plus the plain-text fallback. */
export interface SlackMessage {
  /** Fallback for notifications and screen readers; mrkdwn, so escaped like everything else. */
  text: string;
  blocks: Block[];
}

/** A mrkdwn section; text longer than Slack's limit is cut (callers pass escaped text). */
export function section(text: string, blockId?: string): Block {
  return {
    type: "section",
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: "mrkdwn", text: clampMrkdwn(text, MAX_SECTION_CHARS) },
  };
}

/** A context block with one mrkdwn element. */
export function context(text: string): Block {
  return { type: "context", elements: [{ type: "mrkdwn", text: clampMrkdwn(text, MAX_SECTION_CHARS) }] };
}

/** A divider. */
export function divider(): Block {
  return { type: "divider" };
}

/** A plain-text header (Slack limits headers to 150 characters). */
export function header(text: string): Block {
  return { type: "header", text: { type: "plain_text", text: truncate(text, 150), emoji: true } };
}

/** A message of one section of plain words (escaped here). */
export function buildTextMessage(plain: string): SlackMessage {
  const escaped = escapeText(plain);
  return { text: clampMrkdwn(escaped, MAX_SECTION_CHARS), blocks: [section(escaped)] };
}

/** A message of one section of mrkdwn the caller has already escaped. */
export function buildMrkdwnMessage(mrkdwn: string): SlackMessage {
  return { text: clampMrkdwn(mrkdwn, MAX_SECTION_CHARS), blocks: [section(mrkdwn)] };
}

/** Keeps a message within Slack's block limit, keeping the last block (the buttons) when cutting. */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const last = blocks[blocks.length - 1];
  const head = blocks.slice(0, MAX_BLOCKS - 1);
  return last && last.type === "actions" ? [...head, last] : blocks.slice(0, MAX_BLOCKS);
}

/** Cuts escaped mrkdwn to a length without splitting an entity such as `&lt;`. */
export function clampMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = sliceWhole(text, max - 1);
  const amp = cut.lastIndexOf("&");
  if (amp !== -1 && amp > cut.length - 6 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  return `${cut}…`;
}
