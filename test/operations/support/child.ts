import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

export { type Outcome, postSigned } from "../../support/signed-post.js";
