import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A message the SMTP server accepted: its headers (lower-case names) and the raw text. */
export interface Mail {
  headers: Map<string, string>;
  raw: string;
}

/** A real SMTP server on 127.0.0.1; `refuse` makes it answer the next N messages with a code (e.g. 550). */
export async function startSmtp() {
  const received: Mail[] = [];
  let refusing: { count: number; code: number } = { count: 0, code: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refusing.count > 0) {
          refusing.count--;
          return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: refusing.code }));
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const headers = new Map<string, string>();
        const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
        for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
          const at = line.indexOf(":");
          if (at > 0) headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
        }
        received.push({ headers, raw });
        callback();
      });
    },
  });
  // A client killed mid-message resets its connection; that is the fault under test, not a test failure.
  server.on("error", () => undefined);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(count: number, code: number) {
      refusing = { count, code };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A helpdesk's ticket intake: records every POST and answers 200. */
export async function startWebhookReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/intake`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
