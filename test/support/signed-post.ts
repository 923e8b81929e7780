import { request } from "node:http";
import { slackSignature } from "../slack/support/signing.js";

/** An HTTP answer with how long it took, or the connection error (refused, reset, timeout). */
export type Outcome = { status: number; body: string; ms: number } | { error: string; ms: number };

/**
 * POSTs a body to `/slack/events` on a loopback port, signed with `secret` as Slack signs it, on a fresh connection
 * (no keep-alive, so a closed listener shows as a refused connection). `headers` adds to Slack's (a retry's).
 */
export function postSigned(
  port: number,
  secret: string,
  rawBody: string,
  contentType: string,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  return new Promise((resolveOutcome) => {
    const failed = (e: Error) => resolveOutcome({ error: (e as NodeJS.ErrnoException).code ?? e.message, ms: Date.now() - started });
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/slack/events",
        method: "POST",
        agent: false,
        headers: {
          "content-type": contentType,
          "content-length": Buffer.byteLength(rawBody),
          connection: "close",
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(secret, timestamp, rawBody),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolveOutcome({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
        res.on("error", failed);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", failed);
    req.end(rawBody);
  });
}
