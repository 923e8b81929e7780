import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { dmEvent, eventCallback } from "../slack/support/payloads.js";
import { CORPUS_DIR } from "../slack/support/real-engine.js";
import { type ChildApp, postSigned, startChildApp } from "./support/child.js";

const SECRET = "reload-signing-secret-0123";
const FILE = "zoom-privacy-statement.md";
const NEW_PARAGRAPH = "Zoom whiteboards are deleted thirty days after the meeting ends.";

let fake: FakeSlack;
let child: ChildApp;
let corpus: string;

beforeAll(async () => {
  corpus = mkdtempSync(join(tmpdir(), "pd-live-corpus-"));
  cpSync(CORPUS_DIR, corpus, { recursive: true });
  fake = await startFakeSlack();
  child = await startChildApp({
    SLACK_BOT_TOKEN: "xoxb-reload",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    CORPUS_DIR: corpus,
  });
});

afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill("SIGTERM");
    await child.exited;
  }
  await fake?.close();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
  if (child) rmSync(child.dataDir, { recursive: true, force: true });
});

/** Runs `privacy-desk reload` with the running bot's environment. */
function reloadCommand(): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["dist/cli.js", "reload"], { env: child.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    p.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    p.on("exit", (code) => resolve({ code, out, err }));
  });
}

async function health(): Promise<{
  status: string;
  statements: Array<{ title: string; updated: string }>;
  corpus: { reloads: number; lastRefused?: { file: string; field: string } };
}> {
  const res = await fetch(`http://127.0.0.1:${child.port}/healthz`);
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

let asked = 0;
async function askInDm(question: string): Promise<string> {
  const channel = `D0RELOAD${++asked}`;
  const outcome = await postSigned(
    child.port,
    SECRET,
    JSON.stringify(eventCallback(dmEvent(question, { channel, user: `U0RELOAD${asked}` }))),
    "application/json",
  );
  expect(outcome).toMatchObject({ status: 200 });
  return JSON.stringify((await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === channel)).body);
}

describe("a statement edited while the bot runs", () => {
  it("is served after `privacy-desk reload`, and /healthz shows its title and new date", async () => {
    expect((await health()).statements).toEqual([{ id: "zoom-privacy-statement", title: "Zoom Privacy Statement", updated: "2022-10-24" }]);
    const file = join(corpus, FILE);
    writeFileSync(
      file,
      `${readFileSync(file, "utf8").replace("updated: 2022-10-24", "updated: 2025-01-15")}\n## Whiteboards\n\n${NEW_PARAGRAPH}\n`,
    );

    const r = await reloadCommand();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Asked the running Privacy Desk (pid ${child.proc.pid}) to reload`);
    await child.waitForLog((l) => l.includes('"event":"corpus_reloaded","trigger":"SIGHUP"'));

    const report = await health();
    expect(report.statements).toEqual([{ id: "zoom-privacy-statement", title: "Zoom Privacy Statement", updated: "2025-01-15" }]);
    expect(report.corpus.reloads).toBeGreaterThanOrEqual(1);
    expect(await askInDm("When are Zoom whiteboards deleted?")).toContain(NEW_PARAGRAPH);
  });

  it("keeps serving the last good statements after a broken edit, and the log and /healthz name the file", async () => {
    const file = join(corpus, FILE);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^url: .*\n/m, ""));

    const r = await reloadCommand();
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${FILE}: url: required but missing`);
    // The running bot saw the save itself, refused it, and said why.
    const line = await child.waitForLog((l) => l.includes('"event":"corpus_reload_failed"'));
    expect(JSON.parse(line)).toMatchObject({ trigger: "watch", file, field: "url" });

    const report = await health();
    expect(report.status).toBe("ok");
    expect(report.statements[0]?.updated).toBe("2025-01-15");
    expect(report.corpus.lastRefused).toMatchObject({ file: FILE, field: "url" });
    expect(await askInDm("When are Zoom whiteboards deleted? (after the broken edit)")).toContain(NEW_PARAGRAPH);
  });
});
