import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { personRelayLead } from "../../src/escalation/destinations/slack.js";
import {
  agentRelayLead,
  CONSENT_HEADING,
  handoffClaimedNotice,
  handoffResolvedNotice,
  handoffSent,
  NO_ANSWER_TEXT,
  personThreadRoot,
} from "../../src/slack/texts.js";
import { ACTION_IDS } from "../../src/slack/views/action-ids.js";
import { type RunningService, startService } from "../../src/start.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "../slack/support/fake-slack.js";
import { captureLogger } from "../slack/support/logs.js";
import { buttonPress, dmEvent, eventCallback, TEAM_ID, USER_ID } from "../slack/support/payloads.js";
import { createRealEngine } from "../slack/support/real-engine.js";
import { interactionBody, postToApp } from "../slack/support/signing.js";
import { until } from "../support/until.js";
import { startSmtpReceiver, tempDir } from "./fixtures.js";

const SECRET = "handoff-e2e-signing-secret-42";
const HELPDESK = "C0HELPDESK";
const DM = "D0PERSON";
const AGENT = "U0AGENTSAM";
const PERSON_NAME = "Jane Doe";
const AGENT_NAME = "Sam Agent";
const QUESTION = "What is the capital of France? (e2e 7f3)";
const AGENT_REPLY = "Hi Jane, the statements don't cover geography, but I can help: it is Paris.";
const PERSON_REPLY = "Thank you! Is that written down anywhere official?";
// Slack allows three seconds for an acknowledgement; a request slower than that fails the test.
const SLACK_DEADLINE_MS = 3000;

let fake: FakeSlack;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let tmp: ReturnType<typeof tempDir>;
let service: RunningService;
let eventsUrl: string;
const logs = captureLogger();
let responses = 0;

const json = (c: RecordedCall): string => JSON.stringify(c.body);
const buttonValue = (c: RecordedCall, actionId: string): string => {
  const blocks = c.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
  const found = blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : [])).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button`);
  return found.value;
};

/** Posts a body to the app's HTTP endpoint, signed as Slack signs it, and expects Slack's deadline to be met. */
async function signed(body: string, contentType: "application/json" | "application/x-www-form-urlencoded"): Promise<void> {
  const res = await postToApp(eventsUrl, body, contentType, { secret: SECRET, signal: AbortSignal.timeout(SLACK_DEADLINE_MS) });
  expect(res.status).toBe(200);
}

/** A message event, as Slack delivers it over HTTP. */
const sendMessage = (event: Record<string, unknown>) => signed(JSON.stringify(eventCallback(event)), "application/json");

/** Clicks a button on a message the bot posted, as `user`, in `channel`; returns the response URL's id. */
async function click(on: RecordedCall, actionId: string, options: { user?: string; channel?: string } = {}): Promise<string> {
  const id = `e2e-${++responses}`;
  const payload = buttonPress({
    actionId,
    value: buttonValue(on, actionId),
    responseUrl: fake.responseUrl(id),
    channelId: options.channel ?? DM,
    message: { ts: String(on.reply?.ts ?? "1700000000.000100"), text: String(on.body.text), blocks: on.body.blocks as unknown[] },
  });
  if (options.user) payload.user = { id: options.user, username: "sam.agent", name: "sam.agent", team_id: TEAM_ID };
  await signed(interactionBody(payload), "application/x-www-form-urlencoded");
  return id;
}

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set(USER_ID, PERSON_NAME);
  fake.users.set(AGENT, AGENT_NAME);
  smtp = await startSmtpReceiver();
  tmp = tempDir();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-handoff-e2e",
    SLACK_SIGNING_SECRET: SECRET,
    PORT: "0",
    SLACK_API_URL: fake.apiUrl,
    HELPDESK_CHANNEL: HELPDESK,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Privacy Desk <privacy-desk@example.edu>",
    ITHELP_EMAIL: "ithelp@example.edu",
    DATABASE_PATH: tmp.dbPath,
  }) as SlackConfig;
  service = await startService(config, createRealEngine(), logs.logger, {
    slack: { host: "127.0.0.1" },
    escalations: { pollIntervalMs: 100 },
  });
  eventsUrl = `http://127.0.0.1:${service.slack.port}/slack/events`;
});

afterAll(async () => {
  await service?.stop();
  await smtp?.close();
  await fake?.close();
  tmp?.cleanup();
});

describe("the hand-off, end to end over HTTP with signed requests, a real SQLite file and a real SMTP server", () => {
  it("question → Ask ithelp → consent → Send → triage post and email → Claim → replies both ways → Resolve", async () => {
    // 1. The person asks something the statements do not answer.
    await sendMessage(dmEvent(QUESTION));
    const answer = await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === DM && json(c).includes("e2e 7f3"));
    expect(answer.body.text).toBe(NO_ANSWER_TEXT);

    // 2. Ask ithelp: the consent step, and nothing reaches the helpdesk.
    const consentId = await click(answer, ACTION_IDS.askIthelp);
    const consent = await fake.waitFor((c) => c.method === `response:${consentId}`);
    expect(json(consent)).toContain(CONSENT_HEADING);
    expect(json(consent)).toContain(PERSON_NAME);
    expect(json(consent)).toContain("e2e 7f3");
    expect(await service.escalations.store.getByReference("PD-1001")).toBeUndefined();
    expect(fake.calls.some((c) => c.body.channel === HELPDESK)).toBe(false);

    // 3. Send to ithelp: the reference in place, and a thread in the DM.
    const sentId = await click(consent, ACTION_IDS.consentSend);
    expect(json(await fake.waitFor((c) => c.method === `response:${sentId}`))).toContain(handoffSent("PD-1001"));
    const root = await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.text === personThreadRoot("PD-1001", true));
    expect(root.body.channel).toBe(DM);
    const rootTs = String(root.reply?.ts);

    // 4. The helpdesk receives it: the triage post in Slack and the email its ticketing system reads.
    const triage = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && json(c).includes("PD-1001"),
      10_000,
    );
    expect(json(triage)).toContain("e2e 7f3");
    expect(json(triage)).toContain(PERSON_NAME);
    const triageTs = String(triage.reply?.ts);
    const email = await until("the escalation email", () => smtp.received[0]);
    expect(email.headers.get("subject")).toBe(`[PD-1001] Privacy question from ${PERSON_NAME}`);
    // The Message-ID carries this installation's id, so another database's PD-1001 is not taken for a repeat.
    expect(email.headers.get("message-id")).toBe(`<PD-1001.${service.escalations.store.installationId}@privacy-desk>`);
    expect(email.envelopeTo).toEqual(["ithelp@example.edu"]);
    expect(email.text).toContain(QUESTION);

    // 5. An agent claims it: the triage message changes and the person hears who has it.
    await click(triage, ACTION_IDS.claim, { user: AGENT, channel: HELPDESK });
    const claimed = await fake.waitFor(
      (c) => c.method === "chat.update" && c.body.ts === triageTs && json(c).includes("*Claimed* by <@U0AGENTSAM>"),
    );
    expect(json(claimed)).not.toContain(ACTION_IDS.claim);
    await fake.waitFor((c) => c.body.thread_ts === rootTs && c.body.text === handoffClaimedNotice(AGENT_NAME, "PD-1001"));

    // 6. The agent replies in the triage thread; the person gets it in their DM thread, with the agent's name.
    await sendMessage(dmEvent(AGENT_REPLY, { channel: HELPDESK, channel_type: "channel", user: AGENT, thread_ts: triageTs }));
    const toPerson = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === DM && c.body.thread_ts === rootTs && json(c).includes("Paris"),
    );
    expect(toPerson.body.text).toBe(`${agentRelayLead(AGENT_NAME)}\n${AGENT_REPLY}`);

    // 7. The person answers in that thread; the agent sees it in the triage thread.
    await sendMessage(dmEvent(PERSON_REPLY, { thread_ts: rootTs }));
    const toAgent = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && c.body.thread_ts === triageTs,
    );
    expect(toAgent.body.text).toBe(`${personRelayLead(PERSON_NAME)}\n${PERSON_REPLY}`);

    // 8. Resolved: the triage message says so, and the person is told.
    await click(claimed, ACTION_IDS.resolve, { user: AGENT, channel: HELPDESK });
    await fake.waitFor((c) => c.method === "chat.update" && json(c).includes("*Resolved* by <@U0AGENTSAM>"));
    await fake.waitFor((c) => c.body.thread_ts === rootTs && c.body.text === handoffResolvedNotice("PD-1001"));

    // What the store kept: one escalation, resolved, both messages, every delivery made exactly once.
    const { store } = service.escalations;
    expect(await store.getByReference("PD-1001")).toMatchObject({
      status: "resolved",
      claimedBy: AGENT,
      resolvedBy: AGENT,
      requesterName: PERSON_NAME,
    });
    expect(await store.getByReference("PD-1002")).toBeUndefined();
    expect((await store.listMessages("PD-1001")).map((m) => [m.direction, m.text])).toEqual([
      ["to_person", AGENT_REPLY],
      ["to_helpdesk", PERSON_REPLY],
    ]);
    expect((await store.listDeliveries("PD-1001")).map((d) => [d.destination, d.status])).toEqual([
      ["slack", "delivered"],
      ["email", "delivered"],
      ["person", "delivered"],
    ]);
    expect(smtp.received).toHaveLength(1);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.body.channel === HELPDESK && !c.body.thread_ts)).toHaveLength(1);
    // The person's thread reply was relayed, not answered as a question.
    expect(fake.callsTo("chat.postMessage").filter((c) => c.body.channel === DM && json(c).includes("official"))).toEqual([]);
    // /healthz reports the outbox.
    const health = (await (await fetch(`http://127.0.0.1:${service.slack.port}/healthz`)).json()) as Record<string, unknown>;
    expect(health.escalations).toMatchObject({ destinations: ["slack", "email", "person"], pendingDeliveries: 0, failedDeliveries: 0 });
  });

  it("logs ids, references, decisions and timings, but no question, message text or name", () => {
    const out = logs.text();
    expect(out).toContain('"event":"handoff_sent"');
    expect(out).toContain('"reference":"PD-1001"');
    expect(out).toContain('"event":"escalation_claim"');
    expect(out).toContain('"event":"escalation_resolve"');
    expect(out).toContain('"destination":"email"');
    for (const text of ["capital of France", "e2e 7f3", "Paris", "official", PERSON_NAME, AGENT_NAME, "Jane"])
      expect(out).not.toContain(text);
    expect(out).not.toContain("xoxb-handoff-e2e");
    expect(out).not.toContain(SECRET);
  });

  it("stops Slack, then the outbox, then closes the store; the database keeps everything for the next start", async () => {
    await service.stop();
    expect(service.escalations.store.isOpen).toBe(false);
    expect(service.escalations.worker.isRunning).toBe(false);
    await expect(fetch(`http://127.0.0.1:${service.slack.port}/healthz`)).rejects.toThrow();
    const { SqliteEscalationStore } = await import("../../src/escalation/sqlite/store.js");
    const reopened = new SqliteEscalationStore({ path: tmp.dbPath });
    expect(reopened.getByReference("PD-1001")?.status).toBe("resolved");
    reopened.close();
  });
});
