import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { slackSignature } from "../../slack/support/signing.js";
import { watchProcessLog } from "../../support/process-logs.js";

/** Privacy Desk running as its own process (`node dist/cli.js start`), as in production. */
export interface ChildApp {
  proc: ChildProcess;
  port: number;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Every log line the process wrote (stderr), as text. */
  lines: string[];
  /** Resolves with the first log line (from now or already written) matching. */
  waitForLog(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `privacy-desk start` in HTTP mode on a random loopback port and waits until it listens. */
export async function startChildApp(env: Record<string, string>): Promise<ChildApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "pd-data-"));
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    DATABASE_PATH: join(dataDir, "privacy-desk.db"),
    SLACK_APP_TOKEN: "",
    HELPDESK_CHANNEL: "",
    SMTP_URL: "",
    HELPDESK_WEBHOOK_URL: "",
    LOG_LEVEL: "",
    CORPUS_DIR: "",
    ...env,
  };
  const proc = spawn(process.execPath, ["dist/cli.js", "start"], { env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  const { lines, waitForLog, exited } = watchProcessLog(proc);
  const started = await waitForLog((l) => l.includes('"event":"started"'));
  const port = (JSON.parse(started) as { port: number }).port;
  return { proc, port, dataDir, env: fullEnv, lines, waitForLog, exited };
}

/** Outcome of one request: the HTTP status and response body, or the connection error (refused, reset). */
export type Outcome = { status: number; body: string } | { error: string };

/** POSTs a signed body on a fresh connection (no keep-alive), so a closed listener shows as a refused connection. */
export function postSigned(port: number, secret: string, rawBody: string, contentType: string): Promise<Outcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
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
        },
        timeout: 10_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(rawBody);
  });
}
