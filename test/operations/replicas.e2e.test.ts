import { rmSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresEscalationStore } from "../../src/escalation/postgres/store.js";
import { rateLimitedReply } from "../../src/slack/texts.js";
import { ACTION_IDS } from "../../src/slack/views/action-ids.js";
import { newEscalation, startSmtpReceiver } from "../escalation/fixtures.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "../slack/support/fake-slack.js";
import { buttonPress, dmEvent, eventCallback, slashCommand, TEAM_ID } from "../slack/support/payloads.js";
import { formBody, interactionBody } from "../slack/support/signing.js";
import { freshPostgresDatabase, type TestDatabase } from "../support/postgres.js";
import { type ChildApp, postSigned, startChildApp } from "./support/child.js";
import { type RoundRobin, startRoundRobin } from "./support/round-robin.js";

// Two real Privacy Desk processes on one PostgreSQL, behind a round-robin load balancer, as a university would
// run them: whichever replica a request reaches, the person gets one answer, one limit, one escalation.
const SECRET = "replicas-signing-secret-0123";
const HELPDESK = "C0HELPDESK";
const AGENT = "U0AGENTSAM";
const LIMIT = 4;

let db: TestDatabase;
let fake: FakeSlack;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let replicas: ChildApp[] = [];
let lb: RoundRobin;

beforeAll(async () => {
  db = await freshPostgresDatabase();
  fake = await startFakeSlack();
  smtp = await startSmtpReceiver();
  const env = {
    SLACK_BOT_TOKEN: "xoxb-replicas",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: db.url,
    HELPDESK_CHANNEL: HELPDESK,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Privacy Desk <privacy-desk@example.edu>",
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  };
  // Started together: the migrations run once, under the advisory lock.
  replicas = await Promise.all([startChildApp(env), startChildApp(env)]);
  lb = await startRoundRobin(() => replicas.map((r) => r.port));
}, 60_000);

afterAll(async () => {
  for (const r of replicas) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill("SIGKILL");
  await Promise.all(replicas.map((r) => r.exited));
  for (const r of replicas) rmSync(r.dataDir, { recursive: true, force: true });
  await lb?.close();
  await smtp?.close();
  await fake?.close();
  await db?.drop();
});

/** POSTs a body signed as Slack signs it, to a port (a replica, or the load balancer), with extra headers. */
async function post(port: number, body: string, contentType: string, headers: Record<string, string> = {}) {
  const outcome = await postSigned(port, SECRET, body, contentType, { headers });
  if ("error" in outcome) throw new Error(`POST to ${port} failed: ${outcome.error}`);
  return outcome;
}

function getHealth(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    })
      .on("error", reject)
      .end();
  });
}

const dm = (question: string, user: string, eventId: string) =>
  JSON.stringify(eventCallback(dmEvent(question, { user, channel: `D${user.slice(1)}` }), eventId));
const postsTo = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("two replicas on one PostgreSQL behind a round-robin load balancer", () => {
  it("both answer, and both report PostgreSQL reachable on /healthz", async () => {
    for (const r of replicas)
      expect(await getHealth(r.port)).toMatchObject({
        status: 200,
        body: { status: "ok", store: { backend: "postgres", reachable: true } },
      });
    const before = lb.hits.slice();
    for (let i = 0; i < 4; i++) {
      const res = await post(lb.port, dm(`Does Zoom use cookies? rr-${i}`, `U0RR${i}`, `EvRR${i}`), "application/json");
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 4; i++) await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === `D0RR${i}`, 10_000);
    expect(lb.hits.map((n, i) => n - (before[i] ?? 0))).toEqual([2, 2]);
    // Each logged a question (log lines are written in batches, so wait for them rather than look at once).
    await Promise.all(replicas.map((r) => r.waitForLog((l) => l.includes('"event":"question"'))));
  });

  it("answers a Slack retry that lands on the other replica once", async () => {
    const body = dm("Does Zoom see my IP address? retry-1", "U0RETRY", "EvRETRY1");
    expect((await post(replicas[0]!.port, body, "application/json")).status).toBe(200);
    await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0RETRY", 10_000);
    const retried = await post(replicas[1]!.port, body, "application/json", {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retried.status).toBe(200);
    await replicas[1]!.waitForLog((l) => l.includes('"event":"duplicate_event"') && l.includes("EvRETRY1"));
    await sleep(500);
    expect(postsTo("D0RETRY")).toHaveLength(1);
  });

  it("holds one person to the limit across both replicas", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await post(
        lb.port,
        formBody({ ...slashCommand(`Does Zoom use cookies? limit-${i}`, fake.responseUrl(`limit-${i}`)), user_id: "U0LIMITED" }),
        "application/x-www-form-urlencoded",
      );
      expect(res.status).toBe(200);
      outcomes.push(res.body.includes("as many as I take from one person") ? "limited" : "answered");
    }
    expect(outcomes.filter((o) => o === "answered")).toHaveLength(LIMIT);
    expect(outcomes.slice(LIMIT)).toEqual(Array(LIMIT).fill("limited"));
    expect(rateLimitedReply(LIMIT, 60_000)).toContain("as many as I take from one person");
  });

  it("relays an agent's replies to the person whichever replica receives them", async () => {
    const store = await PostgresEscalationStore.open({ url: db.url });
    const { escalation } = await store.createEscalation(newEscalation({ requesterId: "U0RELAYED" }), ["slack"]);
    const triage = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && JSON.stringify(c.body).includes(escalation.reference),
      10_000,
    );
    const triageTs = String(triage.reply?.ts);
    for (let i = 0; i < 40 && (await store.getByReference(escalation.reference))?.triageTs !== triageTs; i++) await sleep(50);
    await store.close();
    for (const [i, r] of replicas.entries()) {
      const reply = {
        type: "message",
        channel_type: "channel",
        channel: HELPDESK,
        user: AGENT,
        text: `reply ${i} from the helpdesk`,
        ts: `1700009${i}00.000100`,
        thread_ts: triageTs,
        event_ts: `1700009${i}00.000100`,
        team: TEAM_ID,
      };
      expect((await post(r.port, JSON.stringify(eventCallback(reply, `EvRELAY${i}`)), "application/json")).status).toBe(200);
    }
    for (const i of [0, 1])
      await fake.waitFor((c) => c.method === "chat.postMessage" && JSON.stringify(c.body).includes(`reply ${i} from the helpdesk`), 10_000);
    const relayed = fake.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.body).includes("from the helpdesk"));
    expect(relayed).toHaveLength(2);
  });

  // The buttons carry the question and the paragraphs found, so the replica that did not show the consent step
  // sends it: one escalation in the shared store, its reference told to the person.
  it("sends through replica B a consent step replica A showed: one escalation, its reference told to the person", async () => {
    const question = "What is the capital of France? consent-ab";
    await post(replicas[0]!.port, dm(question, "U0CONSENT", "EvCONSENT1"), "application/json");
    const answer = await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0CONSENT", 10_000);
    const askId = "consent-ask";
    await post(
      replicas[0]!.port,
      interactionBody(press(answer, ACTION_IDS.askIthelp, askId, "D0CONSENT", "U0CONSENT")),
      "application/x-www-form-urlencoded",
    );
    const consent = await fake.waitFor((c) => c.method === `response:${askId}`, 10_000);
    expect(JSON.stringify(consent.body)).toContain("consent-ab");
    const sendId = "consent-send";
    await post(
      replicas[1]!.port,
      interactionBody(press(consent, ACTION_IDS.consentSend, sendId, "D0CONSENT", "U0CONSENT")),
      "application/x-www-form-urlencoded",
    );
    const sent = await fake.waitFor((c) => c.method === `response:${sendId}`, 10_000);
    const reference = /PD-\d+/.exec(JSON.stringify(sent.body))?.[0];
    expect(reference, "the reply to Send names the reference").toBeDefined();
    const store = await PostgresEscalationStore.open({ url: db.url });
    const open = await store.listOpenFor("U0CONSENT");
    await store.close();
    expect(open.map((e) => [e.reference, e.question])).toEqual([[reference, question]]);
  });

  it("after replica A is SIGKILLed with deliveries pending, B delivers the waiting ones exactly once within 15 s, and loses none", async () => {
    // The helpdesk's Slack is slow, so A is in the middle of sending when it dies.
    fake.answer("chat.postMessage", (body) => ({ ok: true, channel: body.channel, ts: `${Date.now() / 1000}` }), 400);
    const store = await PostgresEscalationStore.open({ url: db.url });
    const refs: string[] = [];
    for (let i = 0; i < 10; i++)
      refs.push((await store.createEscalation(newEscalation({ requesterId: `U0KILL${i}` }), ["slack", "email"])).escalation.reference);
    // Past one poll of the workers (every second), so both replicas are sending when A dies.
    await sleep(1_300);
    replicas[0]!.proc.kill("SIGKILL");
    await replicas[0]!.exited;
    lb.drop(0);
    const killedAt = Date.now();
    // Leased at the kill: being sent by A (lost with it) or by B (about to finish); pending and not leased: waiting.
    const atKill = (await Promise.all(refs.map((r) => store.listDeliveries(r)))).flat();
    const leased = atKill.filter((d) => d.status === "pending" && d.nextAttemptAt.getTime() > killedAt + 15_000).map((d) => d.id);
    const waiting = atKill.filter((d) => d.status === "pending" && !leased.includes(d.id)).map((d) => d.id);
    expect(waiting.length).toBeGreaterThan(0);
    for (;;) {
      const now = (await Promise.all(refs.map((r) => store.listDeliveries(r)))).flat();
      if (now.filter((d) => waiting.includes(d.id)).every((d) => d.status === "delivered")) break;
      if (Date.now() - killedAt > 15_000) throw new Error("B did not deliver within 15 s what was waiting when A died");
      await sleep(100);
    }
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    await sleep(1_500);
    const after = (await Promise.all(refs.map((r) => store.listDeliveries(r)))).flat();
    // Nothing failed or vanished: each delivery is made, or still held under the lease of the worker that died.
    for (const d of after) {
      if (d.status === "delivered") continue;
      expect(d.status).toBe("pending");
      expect(leased).toContain(d.id);
    }
    // Never twice: at most one triage post and one email per escalation, and exactly one for each delivery made.
    for (const ref of refs) {
      const posts = postsTo(HELPDESK).filter((c) => JSON.stringify(c.body).includes(`${ref}`) && !c.body.thread_ts);
      // `<PD-1003.<installation id>@privacy-desk>`: the reference, then the installation.
      const emails = smtp.messageIds().filter((id) => id.startsWith(`<${ref}.`));
      const made = (destination: string) =>
        after.some((d) => d.reference === ref && d.destination === destination && d.status === "delivered");
      expect(posts.length, `${ref} triage posts`).toBeLessThanOrEqual(1);
      expect(emails.length, `${ref} emails`).toBeLessThanOrEqual(1);
      if (made("slack")) expect(posts.length, `${ref} triage posts`).toBe(1);
      if (made("email")) expect(emails.length, `${ref} emails`).toBe(1);
    }
    await store.close();
    expect(await getHealth(replicas[1]!.port)).toMatchObject({ status: 200, body: { store: { backend: "postgres", reachable: true } } });
  }, 40_000);
});

/** A press of `actionId` on a message the bot posted (or a consent step it responded with). */
function press(on: RecordedCall, actionId: string, responseId: string, channel: string, user: string): Record<string, unknown> {
  const blocks = (on.body.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
  const button = blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : [])).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(on.body).slice(0, 500)}`);
  const payload = buttonPress({
    actionId,
    value: button.value,
    responseUrl: fake.responseUrl(responseId),
    channelId: channel,
    message: { ts: String(on.reply?.ts ?? "1700000000.000100"), text: String(on.body.text ?? ""), blocks: blocks as unknown[] },
  });
  payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID };
  return payload;
}
