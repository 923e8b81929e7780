import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { dmEvent, eventCallback, slashCommand } from "../slack/support/payloads.js";
import { formBody } from "../slack/support/signing.js";
import { freshPostgresDatabase, type TestDatabase } from "../support/postgres.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { type ChildApp, postSigned, startChildApp } from "./support/child.js";

// A replica whose PostgreSQL goes away: /healthz says so with 503 (the load balancer sends its traffic elsewhere),
// questions that reach it are still answered within Slack's deadline, and it is healthy again when the database
// returns — the same process, no restart.
const SECRET = "database-loss-secret-0123";

let db: TestDatabase;
let fake: FakeSlack;
let proxy: TcpProxy;
let child: ChildApp;

beforeAll(async () => {
  db = await freshPostgresDatabase();
  fake = await startFakeSlack();
  const url = new URL(db.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  child = await startChildApp({
    SLACK_BOT_TOKEN: "xoxb-db-loss",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: url.toString(),
  });
}, 60_000);

afterAll(async () => {
  if (child && child.proc.exitCode === null) child.proc.kill("SIGKILL");
  await child?.exited;
  if (child) rmSync(child.dataDir, { recursive: true, force: true });
  await proxy?.close();
  await fake?.close();
  await db?.drop();
});

async function health(): Promise<{
  status: number;
  body: { status: string; store: { backend: string; reachable: boolean }; problem?: string };
}> {
  const res = await fetch(`http://127.0.0.1:${child.port}/healthz`);
  return { status: res.status, body: (await res.json()) as never };
}

describe("a replica that loses its database", () => {
  it("answers 503 on /healthz while the database is gone, still answers people, and is 200 again when it returns", async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", store: { backend: "postgres", reachable: true } } });

    proxy.cut();
    let report = await health();
    for (let i = 0; i < 100 && report.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 100));
      report = await health();
    }
    expect(report).toMatchObject({
      status: 503,
      body: { status: "degraded", store: { backend: "postgres", reachable: false }, problem: "store_unreachable" },
    });

    // People still get answers: the engine is in the process; the shared limit and de-duplication step aside.
    const started = Date.now();
    const command = await postSigned(
      child.port,
      SECRET,
      formBody({ ...slashCommand("Does Zoom use cookies?", fake.responseUrl("db-loss-1")), user_id: "U0DBLOSS" }),
      "application/x-www-form-urlencoded",
    );
    expect(command).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect("body" in command && command.body).toContain("cookies");
    const dm = await postSigned(
      child.port,
      SECRET,
      JSON.stringify(eventCallback(dmEvent("Does Zoom see my IP address?", { user: "U0DBLOSS2", channel: "D0DBLOSS2" }))),
      "application/json",
    );
    expect(dm).toMatchObject({ status: 200 });
    await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0DBLOSS2", 10_000);

    proxy.restore();
    for (let i = 0; i < 100 && report.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      report = await health();
    }
    expect(report).toMatchObject({ status: 200, body: { status: "ok", store: { backend: "postgres", reachable: true } } });
    expect(report.body.problem).toBeUndefined();
    expect(child.proc.exitCode).toBeNull();
    await child.waitForLog((l) => l.includes('"event":"store_reachable"'));
  }, 40_000);
});
