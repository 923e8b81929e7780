import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { watchProcessLog } from "../../support/process-logs.js";

/**
 * The fault tests drive Privacy Desk as a black box: its built CLI as a process, over signed HTTP, against a
 * database file, a stand-in for Slack and a real SMTP server. Nothing here imports from src/, so the tests keep
 * working whatever the code's layout becomes.
 */

/** The package's CLI (`npm run build` makes it). */
export const CLI = resolve("dist/cli.js");

/** A fresh folder for databases and `.env` files; removed by `cleanup`. */
export function scratchDir(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "pd-fault-"));
  return { dir, dbPath: join(dir, "privacy-desk.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Privacy Desk running as its own process. */
export interface AppProcess {
  proc: ChildProcess;
  /** The HTTP port, once it listens. */
  port: number;
  lines: string[];
  waitForLog(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True until the process has exited. */
  alive(): boolean;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** Settings every fault test starts from: none of the caller's own environment leaks into the app. */
const BLANK: Record<string, string> = {
  SLACK_APP_TOKEN: "",
  HELPDESK_CHANNEL: "",
  SMTP_URL: "",
  MAIL_FROM: "",
  HELPDESK_WEBHOOK_URL: "",
  HELPDESK_WEBHOOK_SECRET: "",
  LOG_LEVEL: "",
  CORPUS_DIR: "",
};

/** Spawns the CLI with `args`; `env` is the whole environment beyond PATH (undefined values are left out). */
export function spawnCli(args: string[], env: Record<string, string | undefined>, cwd?: string): ChildProcess {
  const full: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  return spawn(process.execPath, [CLI, ...args], { env: full, cwd: cwd ?? process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a CLI command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnCli(args, env, cwd);
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * Starts `privacy-desk start` in HTTP mode on a loopback port; resolves once it listens. `env` is added to
 * blank settings and a random port; pass `{ NAME: undefined }` to leave a variable out entirely.
 */
export async function startApp(
  env: Record<string, string | undefined>,
  options: { cwd?: string; startTimeoutMs?: number } = {},
): Promise<AppProcess> {
  const proc = spawnCli(["start"], { ...BLANK, PORT: "0", ...env }, options.cwd);
  const { lines, waitForLog, exited, alive } = watchProcessLog(proc);
  const app: AppProcess = {
    proc,
    port: 0,
    lines,
    waitForLog,
    exited,
    alive,
    kill: async () => {
      if (alive()) proc.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (alive()) proc.kill("SIGTERM");
      await exited;
    },
  };
  try {
    const started = await waitForLog((l) => l.includes('"event":"started"'), options.startTimeoutMs ?? 15_000);
    app.port = (JSON.parse(started) as { port: number }).port;
  } catch (error) {
    await app.kill();
    throw error;
  }
  return app;
}

export { type Outcome, postSigned } from "../../support/signed-post.js";

/** GET /healthz: the status code and the parsed report. */
export async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Sleeps. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
