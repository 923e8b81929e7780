import type { webApi } from "@slack/bolt";
import { buildRelayText, buildTriageMessage, displayName } from "../slack/views/triage.js";
import { relayText } from "../slack/relay.js";
import { personRelayLead } from "../slack/texts.js";
import { DeliveryError, type Destination, type OutboxLogger } from "./outbox.js";
import { escalationKey, type Escalation, type EscalationStore } from "./store.js";

/** The metadata event type of a triage post; its payload names the escalation across installations. */
export const TRIAGE_METADATA_EVENT = "privacy_desk_escalation";

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
  store: EscalationStore;
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
    const waiting = store.listMessages(e.reference).filter((m) => m.direction === "to_helpdesk");
    for (const m of waiting) {
      try {
        await client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: buildRelayText(personRelayLead(displayName(e.requesterName, e.requesterId)), relayText(m.text, { keepUserMentions: false })),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        // The message stays in the store; the triage post itself succeeded and must not be repeated.
        options.logger?.warn({ reference: e.reference, messageId: m.id, err: errorName(error) }, "could not put a waiting message in the triage thread");
      }
    }
  };

  return {
    name: "slack",
    async deliver(e) {
      const message = buildTriageMessage(e);
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
      store.setTriageMessage(e.reference, channel, posted.ts);
      await relayWaiting(e, channel, posted.ts);
    },
  };
}

/**
 * Slack's answer as a DeliveryError: 429 is retried after its Retry-After, 5xx and network failures are retried
 * with backoff; setup problems (a bad token, the bot not in the channel) are kept as failed for an operator, who
 * requeues them once fixed.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const coded = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; message?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  switch (coded.code) {
    case "slack_webapi_rate_limited_error": {
      const seconds = typeof coded.retryAfter === "number" ? coded.retryAfter : undefined;
      return new DeliveryError("slack", `Slack rate limited the triage post (retry after ${seconds ?? "?"} s)`, {
        retryable: true,
        retryAfterMs: seconds === undefined ? undefined : seconds * 1000,
        cause: error,
      });
    }
    case "slack_webapi_http_error": {
      const status = typeof coded.statusCode === "number" ? coded.statusCode : 0;
      return new DeliveryError("slack", `Slack answered HTTP ${status}`, { retryable: status >= 500 || status === 408 || status === 0, cause: error });
    }
    case "slack_webapi_request_error":
      return new DeliveryError("slack", `Slack could not be reached: ${message}`, { retryable: true, cause: error });
    case "slack_webapi_platform_error": {
      const slackError = platformError(error) ?? "unknown";
      return new DeliveryError("slack", `Slack refused the triage post: ${slackError}`, {
        retryable: TRANSIENT_SLACK_ERRORS.has(slackError),
        cause: error,
      });
    }
    default:
      // Includes a 429 without a usable Retry-After: back off and try again.
      return new DeliveryError("slack", `Slack call failed: ${message}`, { retryable: true, cause: error });
  }
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${(error as { code?: string }).code ?? ""}` : typeof error;
}
