import type { types } from "@slack/bolt";
import type { Escalation } from "../../escalation/store/types.js";
import { blockQuote, escapeText, escapeWithin, link, truncate } from "../format.js";
import { BUTTON_CLAIM, BUTTON_RESOLVE, TRIAGE_THREAD_HINT, triageHeading } from "../texts.js";
import { ACTION_IDS } from "./action-ids.js";
import { context, fitBlocks, section, type Block, type SlackMessage } from "./message.js";

/** The block id of the Claim / Resolve row. */
export const TRIAGE_ACTIONS_BLOCK_ID = "pd_triage_actions";

/** `<@U123>` for a Slack user id; plain words for anything else (an id replaced after the person was forgotten). */
export function mention(userId: string | null | undefined): string {
  return userId && /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : "someone";
}

/** A Slack date token that each reader sees in their own time zone, with the UTC time as fallback. */
function slackDate(at: Date): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;
}

/** The status line of the triage message. */
function statusLine(e: Escalation): string {
  switch (e.status) {
    case "open":
      return `*Open* · sent ${slackDate(e.createdAt)} · nobody has claimed it yet`;
    case "claimed":
      return `*Claimed* by ${mention(e.claimedBy)}${e.claimedAt ? ` ${slackDate(e.claimedAt)}` : ""} · sent ${slackDate(e.createdAt)}`;
    case "resolved":
      return `:white_check_mark: *Resolved* by ${mention(e.resolvedBy)}${e.resolvedAt ? ` ${slackDate(e.resolvedAt)}` : ""} · sent ${slackDate(e.createdAt)}`;
  }
}

/**
 * The helpdesk channel's message for an escalation: reference, requester, question, note, the bot's best
 * matches and confidence, status, and Claim / Resolve while they apply. Rebuilt from the escalation on every
 * status change, so posting and updating always show the same thing.
 */
export function buildTriageMessage(e: Escalation): SlackMessage {
  const requester = e.requesterName.trim() === "" ? mention(e.requesterId) : `${escapeWithin(e.requesterName, 200)} (${mention(e.requesterId)})`;
  const blocks: Block[] = [
    section(triageHeading(e.reference)),
    section(`*From:* ${requester}\n*Question:*\n${blockQuote(escapeWithin(e.question, 2500))}`),
  ];
  if (e.note) blocks.push(section(`*Note from the person:*\n${blockQuote(escapeWithin(e.note, 2500))}`));
  const confidence = `${Math.round(e.confidence * 100)}%`;
  if (e.matches.length === 0) {
    blocks.push(context(`Privacy Desk found nothing close (confidence ${confidence}).`));
  } else {
    blocks.push(section(`*Privacy Desk's best matches* (confidence ${confidence}; it was not sure enough to answer alone):`));
    for (const m of e.matches.slice(0, 3)) {
      blocks.push(
        section(
          `${link(m.url, truncate(`${m.statement} › ${m.section}`, 300))} · score ${m.score.toFixed(2)}\n${blockQuote(escapeWithin(m.text, 700))}`,
        ),
      );
    }
  }
  blocks.push(context(statusLine(e)));
  const buttons: types.Button[] = [];
  if (e.status === "open") buttons.push(button(ACTION_IDS.claim, BUTTON_CLAIM, e.reference, "primary"));
  if (e.status !== "resolved") buttons.push(button(ACTION_IDS.resolve, BUTTON_RESOLVE, e.reference));
  if (buttons.length > 0) {
    blocks.push({ type: "actions", block_id: TRIAGE_ACTIONS_BLOCK_ID, elements: buttons });
    blocks.push(context(TRIAGE_THREAD_HINT));
  }
  const who = e.requesterName.trim() === "" ? "a Slack user" : escapeWithin(e.requesterName, 200);
  return { text: `[${e.reference}] Privacy question from ${who} (${e.status})`, blocks: fitBlocks(blocks) };
}

/** A relayed message as posted in the other conversation: who wrote it, then what they wrote. */
export function buildRelayText(lead: string, relayed: string): string {
  return `${lead}\n${relayed}`;
}

/** Plain words for a person's or agent's name in a relay (escaped; a fallback when Slack gave none). */
export function displayName(name: string | null | undefined, userId: string): string {
  const trimmed = name?.trim();
  return trimmed ? escapeText(truncate(trimmed, 80)) : mention(userId);
}

function button(actionId: string, text: string, value: string, style?: "primary"): types.Button {
  return { type: "button", action_id: actionId, text: { type: "plain_text", text, emoji: true }, value, ...(style ? { style } : {}) };
}
