import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { verifyWebhookSignature } from "../../src/escalation/destinations/webhook.js";
import type { Destination } from "../../src/escalation/outbox.js";
import type { Escalation, NewEscalation } from "../../src/escalation/store/types.js";

/** A fresh directory for database files; `cleanup` removes it. */
export function tempDir(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "privacy-desk-escalation-"));
  return { dir, dbPath: join(dir, "data", "privacy-desk.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a person would send after pressing Send to ithelp. */
export function newEscalation(overrides: Partial<NewEscalation> = {}): NewEscalation {
  return {
    idempotencyKey: `view_submission:${randomUUID()}`,
    requesterId: "U0PERSON01",
    requesterName: "Jane Doe",
    question: "Can my department see the recordings of my Zoom meetings?",
    note: "I teach a seminar with health information discussed.",
    matches: [
      {
        statement: "Zoom Privacy Statement",
        section: "Access to content",
        text: "Some Zoom conferences may be recorded. See Harvard’s policy on recording of Zoom conferences.",
        url: "https://huit.harvard.edu/privacy/zoom#access-to-content",
        score: 4.25,
      },
      {
        statement: "Zoom Privacy Statement",
        section: "Use of information",
        text: "Harvard may use information about users to provide and improve Zoom.",
        url: "https://huit.harvard.edu/privacy/zoom#use-of-information",
        score: 2.5,
      },
    ],
    confidence: 0.31,
    ...overrides,
  };
}

export interface ReceivedEmail {
  headers: Map<string, string>;
  text: string;
  envelopeTo: string[];
}

/** A real SMTP server on 127.0.0.1 that can answer 451 to the first N messages before accepting. */
export async function startSmtpReceiver(options: { refuseFirst?: number; refuseCode?: number } = {}) {
  const received: ReceivedEmail[] = [];
  let toRefuse = options.refuseFirst ?? 0;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (toRefuse > 0) {
          toRefuse--;
          refused++;
          const code = options.refuseCode ?? 451;
          return callback(Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
        }
        received.push({
          ...parseEmail(Buffer.concat(chunks).toString("utf8")),
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused: () => refused,
    /** Distinct Message-IDs received. */
    messageIds: () => received.map((m) => m.headers.get("message-id") ?? ""),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Splits a raw message into unfolded headers (lower-case names) and a decoded plain-text body. */
export function parseEmail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, "latin1").toString("utf8");
  } else if (encoding === "base64") {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return { headers, text: body.replace(/\r\n/g, "\n") };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP intake on 127.0.0.1 that checks each request's signature (401 when wrong) and then answers with
 * the next scripted status (200 once the script is used up).
 */
export async function startWebhookReceiver(secret: string, script: { status: number; retryAfter?: string }[] = []) {
  const requests: ReceivedWebhook[] = [];
  const queue = [...script];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signatureValid = verifyWebhookSignature(
        secret,
        String(req.headers["x-privacydesk-timestamp"] ?? ""),
        body,
        String(req.headers["x-privacydesk-signature"] ?? ""),
      );
      if (!signatureValid) {
        requests.push({ headers: req.headers, body, signatureValid, status: 401 });
        return res.writeHead(401).end("bad signature");
      }
      const next = queue.shift() ?? { status: 200 };
      requests.push({ headers: req.headers, body, signatureValid, status: next.status });
      res.writeHead(next.status, next.retryAfter ? { "retry-after": next.retryAfter } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/intake`,
    requests,
    /** Requests that passed the signature check and were answered 2xx, by Idempotency-Key. */
    acceptedKeys: () => requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => String(r.headers["idempotency-key"])),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Stands in for the Slack triage destination: records what it was given, can fail first. */
export function recordingDestination(
  name: Destination["name"],
  failFirst: (e: Escalation, attempt: number) => Error | undefined = () => undefined,
) {
  const delivered: string[] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const destination: Destination = {
    name,
    async deliver(e) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const n = (attempts.get(e.reference) ?? 0) + 1;
        attempts.set(e.reference, n);
        await new Promise((r) => setImmediate(r));
        const err = failFirst(e, n);
        if (err) throw err;
        delivered.push(e.reference);
      } finally {
        inFlight--;
      }
    },
  };
  return { destination, delivered, attempts, maxInFlight: () => maxInFlight };
}

export const WEBHOOK_SECRET = "test-secret-0123456789abcdef";

/** Counts occurrences of each value. */
export function countBy(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
