import type { types, webApi } from "@slack/bolt";
import { type Block, context, fitBlocks, type SlackMessage, section } from "../../blockkit/blocks.js";
import { findKeyedPost } from "../../blockkit/metadata.js";
import { blockQuote, escapeText, escapeWithin, link, truncate } from "../../blockkit/mrkdwn.js";
import { relayText } from "../../blockkit/relay.js";
import { logError } from "../../errors.js";
import { DeliveryError, type Destination, type OutboxLogger } from "../outbox.js";
import { escalationKey } from "../store/reference.js";
import type { DestinationName, Escalation, EscalationRecords, Installation, MessageLog } from "../store/types.js";

/** The metadata event type of a triage post; its payload names the escalation across installations. */
export const TRIAGE_METADATA_EVENT = "privacy_desk_escalation";

// ---- What the triage channel shows: the escalation's message, and the relays in its thread ----

/** The buttons of the triage message; the Slack app registers a listener for each. */
export const TRIAGE_ACTION_IDS = {
  /** An agent takes the escalation. */
  claim: "triage_claim",
  /** An agent closes it. */
  resolve: "triage_resolve",
  /** Once resolved: the agent says which paragraph found answered it (the report proposes it as a phrasing). */
  answeredBy: "triage_answered_by",
} as const;

export const BUTTON_CLAIM = "Claim";
export const BUTTON_RESOLVE = "Resolve";
export const BUTTON_ANSWERED_BY = "Answered by this paragraph";
/** On the paragraph the agent chose; pressing it again takes the choice back. */
export const BUTTON_ANSWERED_BY_CHOSEN = "✓ Answered by this paragraph";
export const ANSWERED_BY_HINT =
  "Did one of these paragraphs answer it? Say which, and the privacy office's report offers the question as a way of asking that paragraph.";
export const triageHeading = (reference: string): string => `:raising_hand: *${reference}* · Privacy question from Privacy Desk`;
export const TRIAGE_THREAD_HINT =
  "Reply in this thread to answer: replies go to the person's direct messages, and theirs come back here, until it is resolved.";
/** Leads what the person wrote, relayed into the triage thread. */
export const personRelayLead = (person: string): string => `*${person}* replied:`;

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
  const requester =
    e.requesterName.trim() === "" ? mention(e.requesterId) : `${escapeWithin(e.requesterName, 200)} (${mention(e.requesterId)})`;
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
    e.matches.slice(0, 3).forEach((m, i) => {
      const block = section(
        `${link(m.url, truncate(`${m.statement} › ${m.section}`, 300))} · score ${m.score.toFixed(2)}\n${blockQuote(escapeWithin(m.text, 700))}`,
      );
      // Once resolved, each paragraph offers to be the one that answered (an accessory keeps it beside its text).
      if (e.status === "resolved") {
        const chosen = e.answeredBy === i;
        const accessory = button(
          TRIAGE_ACTION_IDS.answeredBy,
          chosen ? BUTTON_ANSWERED_BY_CHOSEN : BUTTON_ANSWERED_BY,
          answeredByValue(e.reference, chosen ? null : i),
          chosen ? "primary" : undefined,
        );
        blocks.push({ ...(block as types.SectionBlock), accessory });
      } else blocks.push(block);
    });
    if (e.status === "resolved") blocks.push(context(ANSWERED_BY_HINT));
  }
  blocks.push(context(statusLine(e)));
  const buttons: types.Button[] = [];
  if (e.status === "open") buttons.push(button(TRIAGE_ACTION_IDS.claim, BUTTON_CLAIM, e.reference, "primary"));
  if (e.status !== "resolved") buttons.push(button(TRIAGE_ACTION_IDS.resolve, BUTTON_RESOLVE, e.reference));
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

/** The value of an "Answered by this paragraph" button: the reference and the match's index (`-` takes it back). */
export function answeredByValue(reference: string, matchIndex: number | null): string {
  return `${reference}#${matchIndex ?? "-"}`;
}

/** Reads an "Answered by this paragraph" value; undefined when it is not one. */
export function parseAnsweredByValue(value: string | undefined): { reference: string; matchIndex: number | null } | undefined {
  const m = /^(PD-\d+)#(\d|-)$/i.exec(value ?? "");
  if (!m) return undefined;
  return { reference: m[1]!, matchIndex: m[2] === "-" ? null : Number(m[2]) };
}

function button(actionId: string, text: string, value: string, style?: "primary"): types.Button {
  return { type: "button", action_id: actionId, text: { type: "plain_text", text, emoji: true }, value, ...(style ? { style } : {}) };
}

/** What the person wrote, as it is posted in the escalation's triage thread. */
export function buildPersonRelay(e: Pick<Escalation, "requesterName" | "requesterId">, slackText: string): string {
  return buildRelayText(personRelayLead(displayName(e.requesterName, e.requesterId)), relayText(slackText, { keepUserMentions: false }));
}

// ---- The destination ----

/** Slack platform errors that mean "try again later" rather than "fix the setup". */
const TRANSIENT_SLACK_ERRORS = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
]);

/** What the Slack destination needs: a Web API client that reports rate limits instead of waiting, the channel, the store. */
export interface SlackDestinationOptions {
  /**
   * Created with `rejectRateLimitedCalls: true` and no retries of its own, so a 429 or an outage comes back to the
   * outbox, which waits (honouring Retry-After) without holding a worker.
   */
  client: webApi.WebClient;
  /** HELPDESK_CHANNEL. */
  channel: string;
  store: Pick<MessageLog, "listMessages"> & Pick<EscalationRecords, "setTriageMessage"> & Installation;
  logger?: OutboxLogger;
}

/**
 * The helpdesk's triage channel as an outbox destination: posts the escalation's triage message once and
 * remembers its ts; a repeated delivery (the process stopped before recording success, or a late answer) updates
 * that message instead of posting another. Messages the person wrote before the post are put in its thread.
 */
export function createSlackDestination(options: SlackDestinationOptions): Destination {
  const { client, store } = options;
  const relayWaiting = async (e: Escalation, channel: string, ts: string): Promise<void> => {
    const waiting = (await store.listMessages(e.reference)).filter((m) => m.direction === "to_helpdesk");
    for (const m of waiting) {
      try {
        await client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: buildPersonRelay(e, m.text),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        // The message stays in the store; the triage post itself succeeded and must not be repeated.
        if (options.logger)
          logError(
            options.logger,
            "triage_relay_failed",
            error,
            "could not put a waiting message in the triage thread",
            { reference: e.reference, messageId: m.id },
            "warn",
          );
      }
    }
  };

  /**
   * The triage post of an escalation already in the channel: an earlier attempt that Slack took but whose answer
   * never came back (the process died while the post was on its way). Found by its metadata; undefined when none
   * is, or when the channel's history cannot be read (the post then goes out, as before).
   */
  const findEarlierPost = async (e: Escalation): Promise<{ channel: string; ts: string } | undefined> => {
    const key = escalationKey(e.reference, store.installationId);
    try {
      const ts = await findKeyedPost(client, { channel: options.channel, since: e.createdAt }, TRIAGE_METADATA_EVENT, key);
      return ts ? { channel: options.channel, ts } : undefined;
    } catch (error) {
      if (options.logger)
        logError(
          options.logger,
          "triage_relay_failed",
          error,
          "could not look for an earlier triage post; posting",
          { reference: e.reference },
          "warn",
        );
      return undefined;
    }
  };

  return {
    name: "slack",
    async deliver(e) {
      const message = buildTriageMessage(e);
      if (!(e.triageChannel && e.triageTs)) {
        const earlier = await findEarlierPost(e);
        if (earlier) {
          // Recorded before anything else can fail, then brought up to date like any repeat.
          await store.setTriageMessage(e.reference, earlier.channel, earlier.ts);
          try {
            await client.chat.update({ channel: earlier.channel, ts: earlier.ts, ...message });
          } catch (error) {
            throw toDeliveryError(error);
          }
          await relayWaiting(e, earlier.channel, earlier.ts);
          return;
        }
      }
      if (e.triageChannel && e.triageTs) {
        try {
          await client.chat.update({ channel: e.triageChannel, ts: e.triageTs, ...message });
          return;
        } catch (error) {
          // Someone deleted the triage message: post it again rather than lose the escalation.
          if (platformError(error) !== "message_not_found") throw toDeliveryError(error);
        }
      }
      let posted: { channel?: string; ts?: string };
      try {
        posted = await client.chat.postMessage({
          channel: options.channel,
          ...message,
          unfurl_links: false,
          unfurl_media: false,
          // Lets a post be found again by its escalation (conversations.history with include_all_metadata).
          metadata: {
            event_type: TRIAGE_METADATA_EVENT,
            event_payload: { reference: e.reference, key: escalationKey(e.reference, store.installationId) },
          },
        });
      } catch (error) {
        throw toDeliveryError(error);
      }
      if (!posted.ts) throw new DeliveryError("slack", "Slack accepted the triage message but returned no ts", { retryable: false });
      const channel = posted.channel ?? options.channel;
      await store.setTriageMessage(e.reference, channel, posted.ts);
      await relayWaiting(e, channel, posted.ts);
    },
  };
}

/**
 * Slack's answer as a DeliveryError: 429 is retried after its Retry-After, 5xx and network failures are retried
 * with backoff; setup problems (a bad token, the bot not in the channel) are kept as failed for an operator, who
 * requeues them once fixed.
 */
export function toDeliveryError(error: unknown, destination: DestinationName = "slack"): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const what = destination === "person" ? "message to the person" : "triage post";
  const coded = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; message?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  switch (coded.code) {
    case "slack_webapi_rate_limited_error": {
      const seconds = typeof coded.retryAfter === "number" ? coded.retryAfter : undefined;
      return new DeliveryError(destination, `Slack rate limited the ${what} (retry after ${seconds ?? "?"} s)`, {
        retryable: true,
        retryAfterMs: seconds === undefined ? undefined : seconds * 1000,
        cause: error,
      });
    }
    case "slack_webapi_http_error": {
      const status = typeof coded.statusCode === "number" ? coded.statusCode : 0;
      return new DeliveryError(destination, `Slack answered HTTP ${status}`, {
        retryable: status >= 500 || status === 408 || status === 0,
        cause: error,
      });
    }
    case "slack_webapi_request_error":
      return new DeliveryError(destination, `Slack could not be reached: ${message}`, { retryable: true, cause: error });
    case "slack_webapi_platform_error": {
      const slackError = platformError(error) ?? "unknown";
      return new DeliveryError(destination, `Slack refused the ${what}: ${slackError}`, {
        retryable: TRANSIENT_SLACK_ERRORS.has(slackError),
        cause: error,
      });
    }
    default:
      // Includes a 429 without a usable Retry-After: back off and try again.
      return new DeliveryError(destination, `Slack call failed: ${message}`, { retryable: true, cause: error });
  }
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}
