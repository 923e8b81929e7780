import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DeliveryError, type Destination, parseRetryAfter } from "../outbox.js";
import { escalationKey } from "../store/reference.js";
import { type Escalation, EscalationStatusSchema } from "../store/types.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` keyed with HELPDESK_WEBHOOK_SECRET. */
export const SIGNATURE_HEADER = "X-PrivacyDesk-Signature";
/** Header carrying the Unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = "X-PrivacyDesk-Timestamp";
/**
 * Header carrying the escalation's key (`PD-1042.<installation id>`); the same on every retry, so a receiver can
 * drop repeats, and different for another installation's PD-1042.
 */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * The JSON body POSTed to HELPDESK_WEBHOOK_URL for each escalation (ServiceNow/Zendesk-style intake).
 * A receiver should verify the signature over the raw body, then treat `reference` as the ticket's external id.
 */
export const HelpdeskWebhookPayloadSchema = z
  .object({
    reference: z
      .string()
      .regex(/^PD-\d+$/)
      .describe("Privacy Desk reference, e.g. PD-1042, as people see it; unique and never reused within one installation"),
    installation_id: z
      .string()
      .optional()
      .describe(
        "the installation (database) the escalation comes from; with the reference, unique everywhere; the Idempotency-Key header is `<reference>.<installation_id>`",
      ),
    status: EscalationStatusSchema.describe("open, claimed or resolved at the time of sending"),
    created_at: z.iso.datetime().describe("when the person sent the escalation (ISO 8601, UTC)"),
    requester: z
      .object({
        slack_user_id: z.string().describe("the person's Slack user id, e.g. U012AB3CD"),
        name: z.string().describe("the person's Slack display name"),
      })
      .describe("who asked; the person consented to share this"),
    question: z.string().describe("the person's question, as they wrote it"),
    note: z.string().nullable().describe("an optional note the person added for the helpdesk"),
    matches: z
      .array(
        z.object({
          statement: z.string().describe("title of the privacy statement"),
          section: z.string().describe("section heading the paragraph is under"),
          text: z.string().describe("the paragraph the bot found"),
          url: z.string().nullable().describe("link to the section in the published statement"),
          score: z.number().describe("retrieval score; only comparable within one escalation"),
        }),
      )
      .describe("paragraphs the bot found, best first"),
    confidence: z.number().min(0).max(1).describe("the bot's confidence in its best match, 0 to 1"),
  })
  .describe("Privacy Desk escalation handed to the helpdesk");
export type HelpdeskWebhookPayload = z.infer<typeof HelpdeskWebhookPayloadSchema>;

/** The payload schema as JSON Schema, for receivers that do not use zod. */
export function helpdeskWebhookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(HelpdeskWebhookPayloadSchema) as Record<string, unknown>;
}

/** The webhook body for an escalation. */
export function buildWebhookPayload(e: Escalation, installationId?: string): HelpdeskWebhookPayload {
  return HelpdeskWebhookPayloadSchema.parse({
    reference: e.reference,
    ...(installationId ? { installation_id: installationId } : {}),
    status: e.status,
    created_at: e.createdAt.toISOString(),
    requester: { slack_user_id: e.requesterId, name: e.requesterName },
    question: e.question,
    note: e.note,
    matches: e.matches.map(({ statement, section, text, url, score }) => ({ statement, section, text, url, score })),
    confidence: e.confidence,
  });
}

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * For receivers: true when `signature` is the sender's signature of `body` at `timestamp` and the timestamp is
 * within `toleranceSeconds` (default 300) of `now`, which stops a captured request being replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Settings of the webhook destination (from HELPDESK_WEBHOOK_URL and HELPDESK_WEBHOOK_SECRET). */
export const WebhookDestinationOptionsSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "HELPDESK_WEBHOOK_URL must be an http(s) URL" }),
  secret: z.string().min(16, "HELPDESK_WEBHOOK_SECRET must be at least 16 characters"),
  /** A request that takes longer is abandoned and retried. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** The store's installation id, carried in the payload and the Idempotency-Key. */
  installationId: z.string().min(1).optional(),
});
export type WebhookDestinationOptions = z.input<typeof WebhookDestinationOptionsSchema>;

/** What the destination needs from its surroundings; `fetch` and the clock are swappable. */
export interface WebhookDestinationDeps {
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * POSTs each escalation, signed, to the helpdesk's intake URL. 5xx, 408, 429 and network failures are retried
 * (honouring Retry-After); any other 4xx means the receiver rejects the request and retrying will not help.
 */
export function createWebhookDestination(options: WebhookDestinationOptions, deps: WebhookDestinationDeps = {}): Destination {
  const o = WebhookDestinationOptionsSchema.parse(options);
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  return {
    name: "webhook",
    async deliver(e) {
      const body = JSON.stringify(buildWebhookPayload(e, o.installationId));
      const sentAt = now();
      const timestamp = String(Math.floor(sentAt.getTime() / 1000));
      let response: Response;
      try {
        response = await doFetch(o.url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "user-agent": "PrivacyDesk",
            [SIGNATURE_HEADER]: signWebhookBody(o.secret, timestamp, body),
            [TIMESTAMP_HEADER]: timestamp,
            [IDEMPOTENCY_HEADER]: escalationKey(e.reference, o.installationId),
          },
          body,
          // A redirect would turn the POST into a GET elsewhere; report it as the misconfiguration it is.
          redirect: "manual",
          signal: AbortSignal.timeout(o.timeoutMs),
        });
      } catch (err) {
        const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        throw new DeliveryError("webhook", `webhook request failed: ${reason}`, { retryable: true, cause: err });
      }
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const status = response.status;
      const retryable = status >= 500 || status === 429 || status === 408;
      throw new DeliveryError("webhook", `webhook answered HTTP ${status}`, {
        retryable,
        retryAfterMs: retryable ? parseRetryAfter(response.headers.get("retry-after"), sentAt) : undefined,
      });
    },
  };
}
