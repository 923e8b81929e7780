import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { runForgetCommand, runPurgeCommand } from "../../src/escalation/maintenance.js";
import { type EscalationRuntime, startEscalations } from "../../src/escalation/runtime.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { captureLogger } from "../slack/support/logs.js";
import { until } from "../support/until.js";
import { newEscalation, startSmtpReceiver, startWebhookReceiver, tempDir, WEBHOOK_SECRET } from "./fixtures.js";

const DAY = 86_400_000;
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

let tmp: ReturnType<typeof tempDir>;
const cleanups: Array<() => unknown> = [];

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  tmp.cleanup();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { SLACK_BOT_TOKEN: "xoxb-runtime", SLACK_SIGNING_SECRET: "runtime-signing-secret", DATABASE_PATH: tmp.dbPath, ...extra };
}

async function start(extra: Record<string, string> = {}, logs = captureLogger()): Promise<EscalationRuntime> {
  const runtime = await startEscalations({
    config: loadConfig(env(extra)) as SlackConfig,
    logger: logs.logger,
    pollIntervalMs: 20,
    retry: { baseMs: 5, capMs: 20 },
  });
  cleanups.push(() => runtime.stop());
  return runtime;
}

/** An escalation resolved `daysAgo` days ago, written by an earlier run. */
function resolvedEscalation(requesterId: string, daysAgo: number): string {
  const store = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(Date.now() - daysAgo * DAY) });
  const { escalation } = store.createEscalation(newEscalation({ requesterId }), ["email"]);
  store.resolve(escalation.reference, "U0AGENT01");
  store.close();
  return escalation.reference;
}

describe("the escalation runtime", () => {
  it("creates the database folder, and sends deliveries an earlier run left pending as soon as it starts", async () => {
    const earlier = new SqliteEscalationStore({ path: tmp.dbPath });
    const { escalation } = earlier.createEscalation(newEscalation(), ["email", "webhook"]);
    earlier.close();
    const smtp = await startSmtpReceiver();
    cleanups.push(smtp.close);
    const intake = await startWebhookReceiver(WEBHOOK_SECRET);
    cleanups.push(intake.close);

    const runtime = await start({
      SMTP_URL: smtp.url,
      MAIL_FROM: "privacy-desk@example.edu",
      HELPDESK_WEBHOOK_URL: intake.url,
      HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    expect(runtime.destinations).toEqual(["email", "webhook"]);
    await until("the email and the webhook", () => (smtp.received.length > 0 && intake.acceptedKeys().length > 0 ? true : undefined));
    const key = `${escalation.reference}.${earlier.installationId}`;
    expect(smtp.messageIds()).toEqual([`<${key}@privacy-desk>`]);
    expect(intake.acceptedKeys()).toEqual([key]);
    await until(
      "both deliveries recorded",
      () => (runtime.health().escalations as { pendingDeliveries: number }).pendingDeliveries === 0 || undefined,
    );
  });

  it("configures the triage channel with HELPDESK_CHANNEL, email only with MAIL_FROM, and the webhook only with its secret", async () => {
    expect((await start()).destinations).toEqual([]);
    expect((await start({ HELPDESK_CHANNEL: "C0HELPDESK" })).destinations).toEqual(["slack"]);
    expect(() => loadConfig(env({ SMTP_URL: "smtp://127.0.0.1:2525" }))).toThrow(/MAIL_FROM/);
    expect(() => loadConfig(env({ HELPDESK_WEBHOOK_URL: "http://127.0.0.1:9/hook" }))).toThrow(/HELPDESK_WEBHOOK_SECRET/);
  });

  it("purges escalations past RETENTION_DAYS at start and keeps the rest", async () => {
    const old = resolvedEscalation("U0OLDPERSON", 40);
    const recent = resolvedEscalation("U0NEWPERSON", 5);
    const logs = captureLogger();
    const runtime = await start({ RETENTION_DAYS: "30" }, logs);
    expect(await runtime.store.getByReference(old)).toBeUndefined();
    expect((await runtime.store.getByReference(recent))?.status).toBe("resolved");
    expect(logs.text()).toContain('"event":"purge"');
    expect(logs.text()).toContain('"escalations":1');
    expect((await runtime.purgeExpired()).escalations).toBe(0);
  });

  it("/healthz facts: a delivery pending longer than STUCK_DELIVERY_MINUTES is a problem, a younger one is not", async () => {
    const pendingSince = (minutesAgo: number) => {
      const earlier = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(Date.now() - minutesAgo * 60_000) });
      earlier.createEscalation(newEscalation(), ["webhook"]);
      earlier.close();
    };
    pendingSince(29);
    const young = (await start({ STUCK_DELIVERY_MINUTES: "30" })).health();
    expect(young.problem).toBeUndefined();
    expect(young.escalations).toMatchObject({ pendingDeliveries: 1, failedDeliveries: 0, stuckAfterSeconds: 1800 });
    expect((young.escalations as { oldestPendingSeconds: number }).oldestPendingSeconds).toBeGreaterThanOrEqual(29 * 60);
    pendingSince(31);
    const old = (await start({ STUCK_DELIVERY_MINUTES: "30" })).health();
    expect(old.problem).toBe("deliveries_stuck");
    expect((old.escalations as { oldestPendingSeconds: number }).oldestPendingSeconds).toBeGreaterThanOrEqual(31 * 60);
  });

  it("stop() stops the worker, then closes the store; /healthz facts then say it is closed", async () => {
    const runtime = await start();
    await runtime.stop();
    expect(runtime.worker.isRunning).toBe(false);
    expect(runtime.store.isOpen).toBe(false);
    expect(() => runtime.health()).toThrow(/closed/);
    await runtime.stop(); // harmless twice
  });
});

describe("privacy-desk purge and forget", () => {
  function output() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  }

  it("purge deletes what is past retention and prints counts only", async () => {
    resolvedEscalation("U0OLDPERSON", 100);
    resolvedEscalation("U0NEWPERSON", 1);
    const { io, out } = output();
    expect(await runPurgeCommand(env({ RETENTION_DAYS: "90" }), io)).toBe(0);
    expect(out.join("")).toBe("Deleted 1 escalation, 0 relayed messages, 1 delivery resolved more than 90 days ago.\n");
    expect(out.join("")).not.toMatch(/U0OLDPERSON|Jane|Zoom/);
  });

  it("forget deletes one person's escalations and messages, redacts them elsewhere, and prints counts only", async () => {
    const store = new SqliteEscalationStore({ path: tmp.dbPath });
    const mine = store.createEscalation(newEscalation({ requesterId: "U0FORGETME" }), ["email"]).escalation;
    store.addMessage({ reference: mine.reference, direction: "to_helpdesk", authorId: "U0FORGETME", text: "my reply" });
    const theirs = store.createEscalation(newEscalation({ requesterId: "U0SOMEONE" }), ["email"]).escalation;
    store.addMessage({
      reference: theirs.reference,
      direction: "to_person",
      authorId: "U0FORGETME",
      authorName: "Forget Me",
      text: "as an agent",
    });
    store.close();

    const { io, out } = output();
    expect(await runForgetCommand(env(), "U0FORGETME", io)).toBe(0);
    expect(out.join("")).toBe(
      "Deleted 1 escalation, 1 relayed message, 1 delivery; replaced the id in 1 record of other people's escalations.\n",
    );
    const after = new SqliteEscalationStore({ path: tmp.dbPath });
    expect(after.getByReference(mine.reference)).toBeUndefined();
    expect(after.listMessages(theirs.reference).map((m) => [m.authorId, m.authorName])).toEqual([["forgotten", null]]);
    after.close();
  });

  it("forget without a Slack user id says what it needs and changes nothing", async () => {
    const { io, out, err } = output();
    expect(await runForgetCommand(env(), "jane@example.edu", io)).toBe(2);
    expect(err.join("")).toContain("Slack user id");
    expect(out).toEqual([]);
  });

  it("both run from the command line", () => {
    resolvedEscalation("U0OLDPERSON", 100);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, ...env({ RETENTION_DAYS: "90", LOG_LEVEL: "silent" }) },
      });
    const purge = run("purge");
    expect(purge.status).toBe(0);
    expect(purge.stdout).toContain("Deleted 1 escalation");
    const forget = run("forget", "U0NOBODY");
    expect(forget.status).toBe(0);
    expect(forget.stdout).toContain("Deleted 0 escalations");
    expect(run("forget").status).toBe(2);
  });
});
