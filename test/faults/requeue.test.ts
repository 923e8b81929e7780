import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { type AppProcess, health, runCli, scratchDir, sleep, startApp } from "./support/app.js";
import { BUTTON, type Desk, json, openConsent, press, referencesIn } from "./support/conversation.js";
import { startSmtp } from "./support/helpdesk.js";

// The mailbox refuses an escalation for good (SMTP 550); the delivery is kept as failed. An operator sees it on
// /healthz, fixes the mailbox and runs `privacy-desk requeue PD-…`: the escalation is mailed, once.
const SECRET = "fault-requeue-secret-0123";

let fake: FakeSlack;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let app: AppProcess;
const scratch = scratchDir();
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeSlack();
  smtp = await startSmtp();
  env = {
    SLACK_BOT_TOKEN: "xoxb-requeue",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Privacy Desk <privacy-desk@example.edu>",
    ITHELP_EMAIL: "ithelp@example.edu",
    DATABASE_PATH: scratch.dbPath,
  };
  app = await startApp(env);
});

afterAll(async () => {
  await app?.kill();
  await smtp?.close();
  await fake?.close();
  scratch.cleanup();
});

describe("a delivery that failed for good", () => {
  it("shows on /healthz, and `privacy-desk requeue REF` delivers it once", async () => {
    const desk: Desk = { port: app.port, secret: SECRET, fake };
    smtp.refuse(1, 550);
    const consent = await openConsent(desk, "U0REQUEUE", "rq1");
    const sent = await press(desk, consent, BUTTON.send, { user: "U0REQUEUE" });
    const told = await fake.waitFor((c) => c.method === `response:${sent.responseId}`);
    const [reference] = referencesIn(json(told));
    expect(reference).toBeDefined();

    let report = await health(app.port);
    const deadline = Date.now() + 10_000;
    while ((report.body.escalations as { failedDeliveries?: number } | undefined)?.failedDeliveries !== 1 && Date.now() < deadline) {
      await sleep(100);
      report = await health(app.port);
    }
    expect(report.body.escalations).toMatchObject({ failedDeliveries: 1 });
    expect(report.status, "a failed delivery needs an operator: /healthz says so").toBe(503);
    expect(smtp.received).toHaveLength(0);

    const requeued = await runCli(["requeue", reference!], env);
    expect(requeued.stderr).toBe("");
    expect(requeued.code).toBe(0);
    expect(requeued.stdout).toContain(reference!);

    const mailed = Date.now() + 10_000;
    while (smtp.received.length === 0 && Date.now() < mailed) await sleep(100);
    await sleep(1500);
    expect(smtp.received.map((m) => m.headers.get("subject"))).toEqual([expect.stringContaining(reference!)]);
    report = await health(app.port);
    expect(report.status).toBe(200);
    expect(report.body.escalations).toMatchObject({ failedDeliveries: 0, pendingDeliveries: 0 });

    const again = await runCli(["requeue"], env);
    expect(again.code).toBe(0);
    await sleep(1500);
    expect(smtp.received).toHaveLength(1);
  }, 60_000);
});
