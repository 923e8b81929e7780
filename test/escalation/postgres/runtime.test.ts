import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type SlackConfig } from "../../../src/config.js";
import { runForgetCommand, runPurgeCommand } from "../../../src/escalation/maintenance.js";
import { PostgresEscalationStore } from "../../../src/escalation/postgres/store.js";
import { type EscalationRuntime, startEscalations } from "../../../src/escalation/runtime.js";
import { captureLogger } from "../../slack/support/logs.js";
import { freshPostgresDatabase, type TestDatabase } from "../../support/postgres.js";
import { startTcpProxy } from "../../support/tcp-proxy.js";
import { until } from "../../support/until.js";
import { newEscalation, startSmtpReceiver, tempDir } from "../fixtures.js";

// DATABASE_URL selects PostgreSQL: the running side of the escalations, the maintenance commands, and /healthz.
let db: TestDatabase;
let tmp: ReturnType<typeof tempDir>;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
  db = await freshPostgresDatabase();
  tmp = tempDir();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await db.drop();
  tmp.cleanup();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  // DATABASE_PATH points at a file that must never be created: with DATABASE_URL nothing goes to SQLite.
  return {
    SLACK_BOT_TOKEN: "xoxb-runtime",
    SLACK_SIGNING_SECRET: "runtime-signing-secret",
    DATABASE_PATH: tmp.dbPath,
    DATABASE_URL: db.url,
    ...extra,
  };
}

async function start(extra: Record<string, string> = {}, logs = captureLogger()): Promise<EscalationRuntime> {
  const runtime = await startEscalations({
    config: loadConfig(env(extra)) as SlackConfig,
    logger: logs.logger,
    pollIntervalMs: 20,
    retry: { baseMs: 5, capMs: 20 },
    storeProbeIntervalMs: 100,
  });
  cleanups.push(() => runtime.stop());
  return runtime;
}

describe("DATABASE_URL", () => {
  it("must be a postgres:// URL with a database, and is never printed", () => {
    expect(loadConfig(env()).DATABASE_URL).toBe(db.url);
    expect(loadConfig({ DATABASE_URL: " " }).DATABASE_URL).toBeUndefined();
    for (const bad of ["mysql://u:secretpw@h/db", "postgres://u:secretpw@h", "not a url secretpw"]) {
      const error = (() => {
        try {
          loadConfig({ DATABASE_URL: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("DATABASE_URL must look like postgres://");
      expect((error as Error).message).not.toContain("secretpw");
    }
  });

  it("keeps escalations in PostgreSQL, delivers what an earlier replica left pending, and names the backend on /healthz", async () => {
    const earlier = await PostgresEscalationStore.open({ url: db.url });
    const { escalation } = await earlier.createEscalation(newEscalation(), ["email"]);
    const { installationId } = earlier;
    await earlier.close();
    const smtp = await startSmtpReceiver();
    cleanups.push(smtp.close);
    const logs = captureLogger();
    const runtime = await start({ SMTP_URL: smtp.url, MAIL_FROM: "privacy-desk@example.edu" }, logs);
    expect(runtime.backend).toBe("postgres");
    await until("the email", () => (smtp.received.length > 0 ? true : undefined));
    expect(smtp.messageIds()).toEqual([`<${escalation.reference}.${installationId}@privacy-desk>`]);
    await until(
      "the delivery recorded",
      () => (runtime.health().escalations as { pendingDeliveries: number }).pendingDeliveries === 0 || undefined,
    );
    expect(runtime.health()).toMatchObject({ store: { backend: "postgres", reachable: true } });
    expect(runtime.health().problem).toBeUndefined();
    expect(logs.text()).toContain('"event":"store_opened"');
    expect(logs.text()).not.toContain(new URL(db.url).password);
    const { existsSync } = await import("node:fs");
    expect(existsSync(tmp.dbPath)).toBe(false);
  });

  it("reports the database unreachable while it is gone, and healthy again when it returns, without a restart", async () => {
    const url = new URL(db.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    cleanups.push(proxy.close);
    url.port = String(proxy.port);
    const logs = captureLogger();
    const runtime = await start({ DATABASE_URL: url.toString() }, logs);
    await until("reachable", () => ((runtime.health().store as { reachable: boolean }).reachable ? true : undefined));

    proxy.cut();
    const down = await until(
      "unreachable",
      () => {
        const h = runtime.health();
        return (h.store as { reachable: boolean }).reachable ? undefined : h;
      },
      15_000,
    );
    expect(down).toMatchObject({ store: { backend: "postgres", reachable: false }, problem: "store_unreachable" });
    expect(logs.text()).toContain('"event":"store_unreachable"');

    proxy.restore();
    await until("reachable again", () => ((runtime.health().store as { reachable: boolean }).reachable ? true : undefined), 15_000);
    expect(runtime.health().problem).toBeUndefined();
    expect(logs.text()).toContain('"event":"store_reachable"');
    const { created } = await runtime.store.createEscalation(newEscalation(), []);
    expect(created).toBe(true);
  });

  it("purge and forget work on the PostgreSQL database", async () => {
    const store = await PostgresEscalationStore.open({ url: db.url, now: () => new Date(Date.now() - 100 * 86_400_000) });
    const old = (await store.createEscalation(newEscalation({ requesterId: "U0OLDPERSON" }), ["email"])).escalation;
    await store.resolve(old.reference, "U0AGENT01");
    await store.createEscalation(newEscalation({ requesterId: "U0FORGETME" }), ["email"]);
    await store.close();
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    expect(await runPurgeCommand(env({ RETENTION_DAYS: "90" }), io)).toBe(0);
    expect(await runForgetCommand(env(), "U0FORGETME", io)).toBe(0);
    expect(out).toEqual([
      "Deleted 1 escalation, 0 relayed messages, 1 delivery resolved more than 90 days ago.\n",
      "Deleted 1 escalation, 0 relayed messages, 1 delivery; replaced the id in 0 records of other people's escalations.\n",
    ]);
  });
});
