import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { freshPostgresDatabase, type TestDatabase } from "../support/postgres.js";
import { type ChildApp, startChildApp } from "./support/child.js";

// Two replicas on one host, sharing a PostgreSQL database and the data folder: each keeps its own pid file, and
// `privacy-desk reload` reaches both.
const SECRET = "reload-replicas-secret-0123";

let db: TestDatabase;
let fake: FakeSlack;
let dataDir: string;
let replicas: ChildApp[] = [];

beforeAll(async () => {
  db = await freshPostgresDatabase();
  fake = await startFakeSlack();
  dataDir = mkdtempSync(join(tmpdir(), "pd-host-"));
  const env = {
    SLACK_BOT_TOKEN: "xoxb-reload-replicas",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: db.url,
    DATABASE_PATH: join(dataDir, "privacy-desk.db"),
  };
  replicas = await Promise.all([startChildApp(env), startChildApp(env)]);
  await Promise.all(replicas.map((r) => r.waitForLog((l) => l.includes('"event":"corpus_reload_ready"'))));
}, 60_000);

afterAll(async () => {
  for (const r of replicas) if (r.proc.exitCode === null) r.proc.kill("SIGTERM");
  await Promise.all(replicas.map((r) => r.exited));
  for (const r of replicas) rmSync(r.dataDir, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await fake?.close();
  await db?.drop();
});

function reloadCommand(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["dist/cli.js", "reload"], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    p.on("exit", (code) => resolve({ code, out }));
  });
}

describe("several replicas on one host", () => {
  it("each writes its own pid file; none overwrites another's", () => {
    const pids = ["privacy-desk.pid", "privacy-desk.2.pid"].map((f) => Number(readFileSync(join(dataDir, f), "utf8").trim()));
    expect(pids.sort()).toEqual(replicas.map((r) => r.proc.pid).sort());
    expect(existsSync(join(dataDir, "privacy-desk.3.pid"))).toBe(false);
  });

  it("privacy-desk reload asks every one of them to reload", async () => {
    const { code, out } = await reloadCommand(replicas[0]!.env);
    expect(code).toBe(0);
    expect(out).toContain("the 2 Privacy Desk processes on this host");
    for (const r of replicas) await r.waitForLog((l) => l.includes('"event":"corpus_reloaded"') && l.includes('"trigger":"SIGHUP"'));
  });

  it("each removes its own pid file when it stops, leaving the other's", async () => {
    const [first, second] = replicas as [ChildApp, ChildApp];
    first.proc.kill("SIGTERM");
    await first.exited;
    const left = ["privacy-desk.pid", "privacy-desk.2.pid"].filter((f) => existsSync(join(dataDir, f)));
    expect(left).toHaveLength(1);
    expect(Number(readFileSync(join(dataDir, left[0]!), "utf8").trim())).toBe(second.proc.pid);
    const { out } = await reloadCommand(second.env);
    expect(out).toContain(`the running Privacy Desk (pid ${second.proc.pid})`);
  });
});
