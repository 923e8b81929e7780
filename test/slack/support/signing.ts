import { createHmac } from "node:crypto";

/** Signs a request body exactly as Slack does: HMAC-SHA256 over `v0:{timestamp}:{raw body}`. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/** Options for a request to the app. */
export interface SlackRequestOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Override the signature (for wrong-signature tests); `null` sends no signature headers at all. */
  signature?: string | null;
  headers?: Record<string, string>;
  /** Aborts the request (a deadline). */
  signal?: AbortSignal;
}

/** POSTs a body to the app's endpoint, signed as Slack signs it. */
export async function postToApp(
  url: string,
  rawBody: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SlackRequestOptions,
): Promise<{ status: number; contentType: string; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": contentType, ...options.headers };
  if (options.signature !== null) {
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] = options.signature ?? slackSignature(options.secret ?? "", timestamp, rawBody);
  }
  const res = await fetch(url, { method: "POST", headers, body: rawBody, ...(options.signal ? { signal: options.signal } : {}) });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** Form-encodes a slash command body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Form-encodes an interactivity payload (`payload=<json>`). */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
