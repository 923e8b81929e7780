import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { type AppProcess, scratchDir, sleep, startApp } from "./support/app.js";
import { BUTTON, type Desk, json, openConsent, press, referencesIn } from "./support/conversation.js";
import { startSmtp, startWebhookReceiver } from "./support/helpdesk.js";

// Staging and production (or a database lost and started afresh) feed one helpdesk. Each starts at PD-1001; the
// ticketing system, which drops repeats by Message-ID and Idempotency-Key, must still see two escalations.
const SECRET = "fault-references-secret-0123";
const WEBHOOK_SECRET = "fault-references-webhook-secret";

let fake: FakeSlack;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const apps: AppProcess[] = [];
const scratch = [scratchDir(), scratchDir()];

beforeAll(async () => {
  fake = await startFakeSlack();
  smtp = await startSmtp();
  webhook = await startWebhookReceiver();
});

afterAll(async () => {
  for (const a of apps) await a.kill();
  await webhook?.close();
  await smtp?.close();
  await fake?.close();
  for (const s of scratch) s.cleanup();
});

describe("two installations, two databases, one helpdesk", () => {
  it("both say PD-1001 to people, but their Message-ID, Idempotency-Key and triage lookup differ", async () => {
    for (const [i, s] of scratch.entries()) {
      const app = await startApp({
        SLACK_BOT_TOKEN: "xoxb-references",
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        HELPDESK_CHANNEL: "C0HELPDESK",
        SMTP_URL: smtp.url,
        MAIL_FROM: "Privacy Desk <privacy-desk@example.edu>",
        HELPDESK_WEBHOOK_URL: webhook.url,
        HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
        DATABASE_PATH: s.dbPath,
      });
      apps.push(app);
      const desk: Desk = { port: app.port, secret: SECRET, fake };
      const person = `U0INSTALL${i}`;
      const consent = await openConsent(desk, person, `inst${i}`);
      const sent = await press(desk, consent, BUTTON.send, { user: person });
      const told = await fake.waitFor((c) => c.method === `response:${sent.responseId}`);
      expect(referencesIn(json(told))).toEqual(["PD-1001"]);
    }
    const deadline = Date.now() + 10_000;
    while ((smtp.received.length < 2 || webhook.received.length < 2) && Date.now() < deadline) await sleep(100);

    const messageIds = smtp.received.map((m) => m.headers.get("message-id"));
    expect(messageIds).toHaveLength(2);
    expect(new Set(messageIds).size, `Message-IDs ${messageIds.join(", ")}`).toBe(2);
    for (const id of messageIds) expect(id).toMatch(/^<PD-1001\.[0-9a-f]{12}@privacy-desk>$/);

    const keys = webhook.received.map((w) => w.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size, `Idempotency-Keys ${keys.join(", ")}`).toBe(2);
    for (const w of webhook.received) expect(w.body.reference).toBe("PD-1001");

    // The triage posts say which installation they came from, so a post can be looked up again by it.
    const posts = fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === "C0HELPDESK" && !c.body.thread_ts);
    expect(posts).toHaveLength(2);
    const lookups = posts.map((p) => JSON.stringify((p.body.metadata as { event_payload?: unknown } | undefined)?.event_payload ?? null));
    expect(new Set(lookups).size, `triage metadata ${lookups.join(", ")}`).toBe(2);
    for (const l of lookups) expect(l).toContain("PD-1001");
  }, 60_000);
});
