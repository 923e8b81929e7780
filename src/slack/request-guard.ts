import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import type { HTTPReceiver } from "@slack/bolt";
import type { Logger } from "../logger.js";

/** Bolt's own limit on a request body; larger bodies are answered 413 as Bolt would. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * True when Bolt can read the body as a Slack payload: a JSON object, or a form whose `payload` (if any) is one.
 * Bolt 5.1's receiver throws outside its own error handling on anything else (a signed `payload=null`), which
 * ends the process; Slack itself never sends such a body.
 */
export function isReadableSlackBody(raw: Buffer, contentType: string | undefined): boolean {
  const text = raw.toString("utf8");
  if (contentType === "application/x-www-form-urlencoded") {
    if (!text.includes("payload=")) return true;
    const { payload } = parse(text);
    return typeof payload !== "string" || payload.trimStart().startsWith("{");
  }
  return text.trimStart().startsWith("{");
}

/**
 * Puts a check in front of the HTTP receiver: a POST to `path` whose body Bolt cannot read is answered 400 and
 * logged (without the body), and never reaches Bolt. The body is read once; Bolt reuses it.
 */
export function rejectUnreadableBodies(receiver: HTTPReceiver, path: string, logger: Logger): void {
  const next: RequestListener = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || pathOf(req.url, path) !== path) return next(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on("error", () => {
      if (!res.headersSent) res.writeHead(400).end();
    });
    req.on("end", () => {
      const contentType = req.headers["content-type"];
      if (size > BODY_LIMIT_BYTES) {
        logger.warn({ event: "malformed_request", reason: "too_large", bytes: size }, "request body too large");
        res.writeHead(413).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      if (!isReadableSlackBody(raw, contentType)) {
        logger.warn(
          { event: "malformed_request", reason: "not_a_payload", contentType, bytes: size },
          "request body is not a Slack payload; answered 400",
        );
        res.writeHead(400).end();
        return;
      }
      // Bolt reads a body already buffered here instead of reading the stream again.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      try {
        next(req, res);
      } catch (error) {
        logger.error(
          { event: "malformed_request", reason: "receiver_threw", err: error instanceof Error ? { type: error.name } : {} },
          "the receiver could not take the request",
        );
        if (!res.headersSent) res.writeHead(400).end();
      }
    });
  };
}

/**
 * The path of a request's target as the URL parser reads it; the target Slack sends (the path itself, perhaps with
 * a query) is recognised without building a URL for every request.
 */
export function pathOf(target: string | undefined, expected: string): string {
  const url = target ?? "/";
  if (url === expected || url.startsWith(`${expected}?`)) return expected;
  return new URL(url, "http://localhost").pathname;
}
