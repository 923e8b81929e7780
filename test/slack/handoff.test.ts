import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { createStoreHandOff } from "../../src/desk/handoff.js";
import {
  ANSWERED_BY_HINT,
  BUTTON_ANSWERED_BY,
  BUTTON_ANSWERED_BY_CHOSEN,
  createSlackDestination,
  personRelayLead,
} from "../../src/escalation/destinations/slack.js";
import { OutboxWorker } from "../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import {
  agentRelayClosed,
  agentRelayLead,
  alreadyClaimedBy,
  alreadyYours,
  CONSENT_CANCELLED,
  CONSENT_HEADING,
  consentFooter,
  ESCALATION_NOT_FOUND,
  FEEDBACK_NOT_HELPFUL_ACK,
  handoffAlreadySent,
  handoffClaimedNotice,
  handoffResolvedNotice,
  handoffSent,
  personRelayClosed,
  personThreadRoot,
  QUESTION_FORGOTTEN,
  resolveFirst,
  STATUS_HEADING,
  STATUS_NONE,
  WHICH_QUESTION,
} from "../../src/slack/texts.js";
import { ACTION_IDS, VIEW_IDS } from "../../src/slack/views/action-ids.js";
import { NOTE_ACTION_ID, NOTE_BLOCK_ID } from "../../src/slack/views/consent.js";
import { tempDir } from "../escalation/fixtures.js";
import { DirectReceiver } from "./support/direct-receiver.js";
import { createFakeEngine } from "./support/fake-engine.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { APP_ID, buttonPress, dmEvent, eventCallback, mentionEvent, slashCommand, TEAM_ID, USER_ID } from "./support/payloads.js";

const HELPDESK = "C0HELPDESK";
const DM = "D0PERSON";
const PERSON_NAME = "Jane Doe";
const AGENT = "U0AGENTSAM";
const AGENT_NAME = "Sam Agent";
const OTHER_AGENT = "U0AGENTKIM";

type Button = { action_id: string; value: string };
const json = (c: RecordedCall | Record<string, unknown>): string => JSON.stringify("body" in c ? c.body : c);
const buttonsOf = (c: RecordedCall): Button[] =>
  ((c.body.blocks as Array<{ type: string; elements?: Button[] }>) ?? []).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
const button = (c: RecordedCall, actionId: string): Button => {
  const found = buttonsOf(c).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${c.method}`);
  return found;
};

interface Harness {
  fake: FakeSlack;
  store: SqliteEscalationStore;
  slack: SlackApp;
  receiver: DirectReceiver;
  engine: ReturnType<typeof createFakeEngine>;
  logs: ReturnType<typeof captureLogger>;
  wakes: () => number;
  /** Delivers pending escalations to the triage channel, as the outbox worker does. */
  deliverToTriage(): Promise<void>;
  responses: number;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<Harness> {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  fake.users.set(USER_ID, PERSON_NAME);
  fake.users.set(AGENT, AGENT_NAME);
  fake.users.set(OTHER_AGENT, "Kim Agent");
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const store = new SqliteEscalationStore({ path: tmp.dbPath });
  cleanups.push(() => store.close());
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-handoff-test",
    SLACK_SIGNING_SECRET: "handoff-signing-secret",
    SLACK_API_URL: fake.apiUrl,
    HELPDESK_CHANNEL: HELPDESK,
    RETENTION_DAYS: "30",
  }) as SlackConfig;
  let wakes = 0;
  const handOff = createStoreHandOff({
    store,
    destinations: ["slack", "email"],
    wake: () => wakes++,
    ithelpEmail: config.ITHELP_EMAIL,
    retentionDays: 30,
  });
  const logs = captureLogger();
  const engine = createFakeEngine();
  const receiver = new DirectReceiver();
  const slack = createSlackApp({ config, engine, logger: logs.logger, receiver, handOff });
  await slack.app.init();
  const client = new webApi.WebClient("xoxb-handoff-test", {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const worker = new OutboxWorker({ store, destinations: [createSlackDestination({ client, channel: HELPDESK, store })] });
  return {
    fake,
    store,
    slack,
    receiver,
    engine,
    logs,
    wakes: () => wakes,
    deliverToTriage: async () => void (await worker.runOnce()),
    responses: 0,
  };
}

/** Asks in the DM and returns the bot's reply. */
async function ask(h: Harness, text: string, extra: Record<string, unknown> = {}): Promise<RecordedCall> {
  const before = h.fake.calls.length;
  await h.receiver.deliver(eventCallback(dmEvent(text, extra)));
  return h.fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === DM && h.fake.calls.indexOf(c) >= before);
}

type PressOptions = { user?: string; channelId?: string; ephemeral?: boolean; value?: string };

/** Presses a button on a message the bot posted (in the DM unless told otherwise) and returns what replaced or answered it. */
async function press(h: Harness, on: RecordedCall, actionId: string, options: PressOptions = {}): Promise<RecordedCall> {
  const response = await click(h, on, actionId, options);
  if (!response) throw new Error(`pressing ${actionId} got no response`);
  return response;
}

/** Presses a button and returns the response through its response URL, if the app sent one. */
async function click(h: Harness, on: RecordedCall, actionId: string, options: PressOptions = {}): Promise<RecordedCall | undefined> {
  const id = `r${++h.responses}`;
  const payload = buttonPress({
    actionId,
    value: options.value ?? button(on, actionId).value,
    responseUrl: h.fake.responseUrl(id),
    channelId: options.channelId ?? DM,
    ephemeral: options.ephemeral ?? false,
    message: { ts: String(on.body.ts ?? "1700000000.000100"), text: String(on.body.text), blocks: (on.body.blocks as unknown[]) ?? [] },
  });
  if (options.user)
    payload.user = { id: options.user, username: options.user.toLowerCase(), name: options.user.toLowerCase(), team_id: TEAM_ID };
  // The receiver resolves once every listener has finished, responses included.
  await h.receiver.deliver(payload);
  return h.fake.calls.find((c) => c.method === `response:${id}`);
}

/** The consent step for an escalating question asked in the DM. */
async function consentFor(h: Harness, question = "What about cookies?"): Promise<RecordedCall> {
  const answer = await ask(h, question);
  return press(h, answer, ACTION_IDS.askIthelp);
}

/** A message event: in the helpdesk channel by an agent, or in the person's DM. */
function threadMessage(where: "helpdesk" | "dm", threadTs: string, text: string, user = where === "helpdesk" ? AGENT : USER_ID) {
  return eventCallback(
    dmEvent(
      text,
      where === "helpdesk" ? { channel: HELPDESK, channel_type: "channel", user, thread_ts: threadTs } : { thread_ts: threadTs, user },
    ),
  );
}

function dmRoots(h: Harness): RecordedCall[] {
  return h.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === USER_ID || (c.body.channel === DM && !c.body.thread_ts && json(c).includes("PD-")));
}

describe("the consent step", () => {
  it("Ask ithelp shows exactly what would be shared — question, display name, paragraphs — and stores and sends nothing", async () => {
    const h = await harness();
    const consent = await consentFor(h);
    expect(consent.body.replace_original).toBe(true);
    const text = json(consent);
    expect(text).toContain(CONSENT_HEADING);
    expect(text).toContain("What about cookies?");
    expect(text).toContain(PERSON_NAME);
    expect(text).toContain(`<@${USER_ID}>`);
    expect(text).toContain("Zoom uses cookies &lt;and&gt; similar technologies.");
    expect(text).toContain(consentFooter(30));
    expect(buttonsOf(consent).map((b) => b.action_id)).toEqual([ACTION_IDS.consentSend, ACTION_IDS.consentNote, ACTION_IDS.consentCancel]);
    // The buttons carry the question encoded (so any process can send it), never as readable text in the payload.
    expect(button(consent, ACTION_IDS.consentSend).value).not.toContain("cookies");

    expect(h.store.getByReference("PD-1001")).toBeUndefined();
    expect(h.store.countPendingDeliveries()).toBe(0);
    expect(h.fake.calls.filter((c) => c.body.channel === HELPDESK)).toEqual([]);
    expect(dmRoots(h)).toEqual([]);
    expect(h.wakes()).toBe(0);
  });

  it("Cancel replaces the consent step and stores nothing", async () => {
    const h = await harness();
    const consent = await consentFor(h);
    const cancelled = await press(h, consent, ACTION_IDS.consentCancel);
    expect(cancelled.body.replace_original).toBe(true);
    expect(json(cancelled)).toContain(CONSENT_CANCELLED);
    expect(json(cancelled)).not.toContain(CONSENT_HEADING);
    expect(buttonsOf(cancelled)).toEqual([]);
    // The answer above the consent step stays.
    expect(json(cancelled)).toContain("Zoom uses cookies");
    expect(h.store.getByReference("PD-1001")).toBeUndefined();
    expect(h.store.countPendingDeliveries()).toBe(0);
    expect(h.wakes()).toBe(0);
  });

  it("Send records one escalation with its deliveries, gives the reference, and starts the person's DM thread", async () => {
    const h = await harness();
    const consent = await consentFor(h);
    const sent = await press(h, consent, ACTION_IDS.consentSend);
    expect(json(sent)).toContain(handoffSent("PD-1001"));
    expect(buttonsOf(sent)).toEqual([]);

    const e = h.store.getByReference("PD-1001")!;
    expect(e).toMatchObject({
      requesterId: USER_ID,
      requesterName: PERSON_NAME,
      question: "What about cookies?",
      note: null,
      confidence: 0.3,
      status: "open",
      personChannel: DM,
    });
    expect(e.matches.map((m) => m.section)).toEqual(["Cookies & related technologies"]);
    expect(h.store.listDeliveries("PD-1001").map((d) => [d.destination, d.status])).toEqual([
      ["slack", "pending"],
      ["email", "pending"],
    ]);
    expect(h.wakes()).toBe(1);

    const [root] = dmRoots(h);
    expect(root?.body.text).toBe(personThreadRoot("PD-1001", true));
    expect(json(root!)).toContain("What about cookies?");
    expect(e.personThreadTs).toBeTruthy();
  });

  it("Send pressed twice, or delivered twice at once, gives one escalation and one thread", async () => {
    const h = await harness();
    const consent = await consentFor(h);
    await press(h, consent, ACTION_IDS.consentSend);
    const again = await press(h, consent, ACTION_IDS.consentSend);
    expect(json(again)).toContain(handoffAlreadySent("PD-1001"));
    await Promise.all([press(h, consent, ACTION_IDS.consentSend), press(h, consent, ACTION_IDS.consentSend)]);
    expect(h.store.getByReference("PD-1002")).toBeUndefined();
    expect(h.store.listDeliveries("PD-1001")).toHaveLength(2);
    expect(dmRoots(h)).toHaveLength(1);
    expect(h.wakes()).toBe(1);
    // Ask ithelp again on the same answer: it says it is already sent rather than offering a second send.
    const answer = h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === DM && json(c).includes("cookies"))!;
    expect(json(await press(h, answer, ACTION_IDS.askIthelp))).toContain(handoffAlreadySent("PD-1001"));
  });

  it("Add a note opens a modal with the same preview; submitting it sends the question with the note", async () => {
    const h = await harness();
    const consent = await consentFor(h);
    const id = `r${++h.responses}`;
    await h.receiver.deliver(
      buttonPress({
        actionId: ACTION_IDS.consentNote,
        value: button(consent, ACTION_IDS.consentNote).value,
        responseUrl: h.fake.responseUrl(id),
        message: { ts: "1700000000.000100", text: String(consent.body.text), blocks: consent.body.blocks as unknown[] },
      }),
    );
    const opened = await h.fake.waitFor((c) => c.method === "views.open");
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(opened.body.trigger_id).toMatch(/trigger/);
    expect(view.callback_id).toBe(VIEW_IDS.consentNote);
    expect(JSON.stringify(view.blocks)).toContain("What about cookies?");
    expect(JSON.stringify(view.blocks)).toContain(PERSON_NAME);
    expect(h.store.getByReference("PD-1001")).toBeUndefined();

    await h.receiver.deliver(viewSubmission(view.private_metadata, "It was my seminar on <b>3 March</b>."));
    expect(h.receiver.acks.at(-1)).toBeUndefined(); // the modal closes
    const replaced = await h.fake.waitFor((c) => c.method === `response:${id}`);
    expect(replaced.body.replace_original).toBe(true);
    expect(json(replaced)).toContain(handoffSent("PD-1001"));
    expect(json(replaced)).toContain("Zoom uses cookies"); // the answer above stays
    expect(h.store.getByReference("PD-1001")?.note).toBe("It was my seminar on <b>3 March</b>.");
    expect(dmRoots(h)).toHaveLength(1);
  });

  it("a note submitted after the question was forgotten keeps the modal open with the reason, and sends nothing", async () => {
    const h = await harness();
    await h.receiver.deliver(viewSubmission(JSON.stringify({ v: { q: "gone", n: PERSON_NAME } }), "note"));
    expect(h.receiver.acks.at(-1)).toEqual({
      response_action: "errors",
      errors: { [NOTE_BLOCK_ID]: QUESTION_FORGOTTEN.replace(/\*/g, "") },
    });
    expect(h.store.getByReference("PD-1001")).toBeUndefined();
  });

  it("Not helpful opens the consent step under the answer", async () => {
    const h = await harness();
    const answer = await ask(h, "Is my meeting recorded?");
    const update = await press(h, answer, ACTION_IDS.notHelpful);
    expect(json(update)).toContain(FEEDBACK_NOT_HELPFUL_ACK);
    expect(json(update)).toContain(CONSENT_HEADING);
    expect(json(update)).toContain("Some Zoom conferences may be recorded.");
    expect(buttonsOf(update).map((b) => b.action_id)).toEqual([ACTION_IDS.consentSend, ACTION_IDS.consentNote, ACTION_IDS.consentCancel]);
    expect(h.store.getByReference("PD-1001")).toBeUndefined();
  });

  it("in a channel, the consent step is shown only to the person who pressed, and the answer stays as it was", async () => {
    const h = await harness();
    await h.receiver.deliver(eventCallback(mentionEvent("<@UPRIVACYBOT> what about cookies?")));
    const answer = await h.fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "C0GENERAL");
    const consent = await press(h, answer, ACTION_IDS.askIthelp, { channelId: "C0GENERAL" });
    expect(consent.body.response_type).toBe("ephemeral");
    expect(consent.body.replace_original).toBe(false);
    expect(json(consent)).toContain(CONSENT_HEADING);
    // Sending from that ephemeral message opens the thread in the person's DM (by user id; Slack names the DM).
    const sent = await press(h, consent, ACTION_IDS.consentSend, { channelId: "C0GENERAL", ephemeral: true });
    expect(json(sent)).toContain(handoffSent("PD-1001"));
    expect(dmRoots(h).map((c) => c.body.channel)).toEqual([USER_ID]);
    expect(h.store.getByReference("PD-1001")?.personChannel).toBe(DM);
  });

  it("saying you want a person without saying about what asks which question: no earlier question is kept to offer", async () => {
    const h = await harness();
    expect((await ask(h, "talk to a person")).body.text).toBe(WHICH_QUESTION);
    await ask(h, "What about cookies?");
    expect((await ask(h, "Can I speak to someone please?")).body.text).toBe(WHICH_QUESTION);
    expect(h.store.getByReference("PD-1001")).toBeUndefined();
  });

  it("a request for a person that says what it is about passes on that message itself", async () => {
    const h = await harness();
    const offer = await ask(h, "I'd like to talk to a human about who can see my cookie settings");
    expect(json(offer)).toContain("I'd like to talk to a human about who can see my cookie settings");
    await press(h, offer, ACTION_IDS.consentSend);
    expect(h.store.getByReference("PD-1001")?.question).toBe("I'd like to talk to a human about who can see my cookie settings");
    expect(h.engine.asked.at(-1)).toBe("I'd like to talk to a human about who can see my cookie settings");
  });

  it("/privacy status lists the person's open requests, and says so when there are none", async () => {
    const h = await harness();
    // The list is ready at once, so it travels in the acknowledgement itself.
    await h.receiver.deliver(slashCommand("status", h.fake.responseUrl("status-1")));
    expect((h.receiver.acks.at(-1) as { text?: string }).text).toBe(STATUS_NONE);
    await press(h, await consentFor(h), ACTION_IDS.consentSend);
    await h.receiver.deliver(slashCommand("status", h.fake.responseUrl("status-2")));
    const listed = h.receiver.acks.at(-1) as { response_type?: string };
    expect(listed.response_type).toBe("ephemeral");
    expect(JSON.stringify(listed)).toContain(STATUS_HEADING);
    expect(JSON.stringify(listed)).toContain("*PD-1001*");
    expect(JSON.stringify(listed)).toContain("What about cookies?");
    expect(h.fake.calls.filter((c) => c.method.startsWith("response:status"))).toEqual([]);
  });
});

describe("the helpdesk's side", () => {
  /** A sent escalation whose triage message is posted; returns the triage post and the person's thread root. */
  async function sentAndTriaged(h: Harness): Promise<{ triage: RecordedCall; root: RecordedCall }> {
    await press(h, await consentFor(h), ACTION_IDS.consentSend);
    await h.deliverToTriage();
    const triage = await h.fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && !c.body.thread_ts);
    return { triage, root: dmRoots(h)[0]! };
  }

  it("two agents claiming at once: one owner, the other told who has it; the message and the person are updated once", async () => {
    const h = await harness();
    const { triage } = await sentAndTriaged(h);
    expect(buttonsOf(triage).map((b) => b.action_id)).toEqual([ACTION_IDS.claim, ACTION_IDS.resolve]);
    const [a, b] = await Promise.all([
      click(h, triage, ACTION_IDS.claim, { user: AGENT, channelId: HELPDESK }),
      click(h, triage, ACTION_IDS.claim, { user: OTHER_AGENT, channelId: HELPDESK }),
    ]);
    const e = h.store.getByReference("PD-1001")!;
    expect(e.status).toBe("claimed");
    expect([AGENT, OTHER_AGENT]).toContain(e.claimedBy);
    const [winner, loser] = e.claimedBy === AGENT ? [a, b] : [b, a];
    expect(winner).toBeUndefined(); // the winner sees the message change; nothing only for them
    expect(loser?.body.response_type).toBe("ephemeral");
    expect(json(loser!)).toContain(alreadyClaimedBy("PD-1001", `<@${e.claimedBy}>`));

    const updates = h.fake.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body.ts).toBe(e.triageTs);
    expect(json(updates[0]!)).toContain(`*Claimed* by <@${e.claimedBy}>`);
    expect(buttonsOf(updates[0]!).map((x) => x.action_id)).toEqual([ACTION_IDS.resolve]);
    const winnerName = e.claimedBy === AGENT ? AGENT_NAME : "Kim Agent";
    const notices = h.fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === e.personThreadTs);
    expect(notices.map((c) => c.body.text)).toEqual([handoffClaimedNotice(winnerName, "PD-1001")]);

    const winnerAgain = await press(h, triage, ACTION_IDS.claim, { user: e.claimedBy!, channelId: HELPDESK });
    expect(json(winnerAgain)).toContain(alreadyYours("PD-1001"));
  });

  it("relays agent replies to the person's DM thread (named) and the person's replies back, until resolved", async () => {
    const h = await harness();
    const { triage, root } = await sentAndTriaged(h);
    const triageTs = String(h.store.getByReference("PD-1001")!.triageTs);
    const rootTs = String(h.store.getByReference("PD-1001")!.personThreadTs);
    expect(root).toBeDefined();

    // An agent answers in the triage thread; a broadcast in it pings nobody in the DM.
    const agentReply = threadMessage("helpdesk", triageTs, "Hi Jane <!channel>, see <https://huit.harvard.edu/privacy|the policy>.");
    await h.receiver.deliver(agentReply);
    await h.receiver.deliver(agentReply); // Slack retrying the same event
    const toPerson = h.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === DM && c.body.thread_ts === rootTs && json(c).includes("Hi Jane"));
    expect(toPerson).toHaveLength(1);
    expect(toPerson[0]!.body.text).toBe(
      `${agentRelayLead(AGENT_NAME)}\nHi Jane @channel, see <https://huit.harvard.edu/privacy|the policy>.`,
    );

    // The person answers in their thread: relayed to the triage thread, never treated as a question.
    const asked = h.engine.asked.length;
    await h.receiver.deliver(threadMessage("dm", rootTs, "Thanks! My colleague <@U0COLLEAGUE> asked too."));
    const toHelpdesk = await h.fake.waitFor((c) => c.body.channel === HELPDESK && c.body.thread_ts === triageTs);
    expect(toHelpdesk.body.text).toBe(`${personRelayLead(PERSON_NAME)}\nThanks! My colleague @U0COLLEAGUE asked too.`);
    expect(h.engine.asked.length).toBe(asked);
    expect(h.store.listMessages("PD-1001").map((m) => [m.direction, m.authorId, m.authorName])).toEqual([
      ["to_person", AGENT, AGENT_NAME],
      ["to_helpdesk", USER_ID, PERSON_NAME],
    ]);

    // Resolve: the message loses its buttons, the person is told, and nothing more is relayed either way.
    expect(await click(h, triage, ACTION_IDS.resolve, { user: AGENT, channelId: HELPDESK })).toBeUndefined();
    const resolvedUpdate = h.fake.callsTo("chat.update").at(-1)!;
    expect(json(resolvedUpdate)).toContain("*Resolved* by <@U0AGENTSAM>");
    expect(buttonsOf(resolvedUpdate)).toEqual([]);
    expect(
      h.fake.callsTo("chat.postMessage").some((c) => c.body.thread_ts === rootTs && c.body.text === handoffResolvedNotice("PD-1001")),
    ).toBe(true);

    await h.receiver.deliver(threadMessage("dm", rootTs, "One more thing"));
    expect((await h.fake.waitFor((c) => c.body.thread_ts === rootTs && c.body.text === personRelayClosed("PD-1001"))).body.channel).toBe(
      DM,
    );
    await h.receiver.deliver(threadMessage("helpdesk", triageTs, "Late reply"));
    const ephemeral = await h.fake.waitFor((c) => c.method === "chat.postEphemeral");
    expect(ephemeral.body).toMatchObject({ channel: HELPDESK, user: AGENT, text: agentRelayClosed("PD-1001") });
    expect(h.fake.calls.filter((c) => json(c).includes("One more thing") || json(c).includes("Late reply"))).toEqual([]);
    expect(h.store.listMessages("PD-1001")).toHaveLength(2);
  });

  it("once resolved, the agent can say which paragraph answered it, change their mind, and is told to resolve first", async () => {
    const h = await harness();
    const { triage } = await sentAndTriaged(h);
    const accessories = (c: RecordedCall): Button[] =>
      ((c.body.blocks as Array<{ accessory?: Button & { text: { text: string } } }>) ?? []).flatMap((b) =>
        b.accessory ? [b.accessory] : [],
      );
    expect(accessories(triage)).toEqual([]);
    // A press on a message that is not resolved yet (an old client, a forged payload) changes nothing.
    const early = await press(h, triage, ACTION_IDS.answeredBy, { user: AGENT, channelId: HELPDESK, value: "PD-1001#0" });
    expect(json(early)).toContain(resolveFirst("PD-1001"));

    await click(h, triage, ACTION_IDS.resolve, { user: AGENT, channelId: HELPDESK });
    const resolved = h.fake.callsTo("chat.update").at(-1)!;
    const offered = accessories(resolved);
    // The fake engine found one paragraph for the cookie question.
    expect(offered.map((b) => [b.action_id, (b as unknown as { text: { text: string } }).text.text])).toEqual([
      [ACTION_IDS.answeredBy, BUTTON_ANSWERED_BY],
    ]);
    expect(json(resolved)).toContain(ANSWERED_BY_HINT);

    expect(await click(h, resolved, ACTION_IDS.answeredBy, { user: AGENT, channelId: HELPDESK, value: offered[0]!.value })).toBeUndefined();
    expect(h.store.getByReference("PD-1001")!.answeredBy).toBe(0);
    const chosen = h.fake.callsTo("chat.update").at(-1)!;
    expect(accessories(chosen).map((b) => (b as unknown as { text: { text: string } }).text.text)).toEqual([BUTTON_ANSWERED_BY_CHOSEN]);
    // Pressing the chosen one again takes it back.
    await click(h, chosen, ACTION_IDS.answeredBy, { user: AGENT, channelId: HELPDESK, value: accessories(chosen)[0]!.value });
    expect(h.store.getByReference("PD-1001")!.answeredBy).toBeNull();
    // A paragraph the escalation does not have is no escalation to mark.
    const stale = await press(h, chosen, ACTION_IDS.answeredBy, { user: AGENT, channelId: HELPDESK, value: "PD-1001#2" });
    expect(json(stale)).toContain(ESCALATION_NOT_FOUND.slice(0, 30));
    expect(h.store.getByReference("PD-1001")!.answeredBy).toBeNull();
  });

  it("ignores the helpdesk channel's other threads and other channels' threads, and does not answer a mention in an escalation's thread", async () => {
    const h = await harness();
    await sentAndTriaged(h);
    const triageTs = String(h.store.getByReference("PD-1001")!.triageTs);
    const before = h.fake.calls.length;
    await h.receiver.deliver(threadMessage("helpdesk", "1690000000.000001", "unrelated thread"));
    await h.receiver.deliver(
      eventCallback(dmEvent("other channel", { channel: "C0GENERAL", channel_type: "channel", user: AGENT, thread_ts: triageTs })),
    );
    await h.receiver.deliver(
      eventCallback(mentionEvent("<@UPRIVACYBOT> does Zoom record?", { channel: HELPDESK, user: AGENT, thread_ts: triageTs })),
    );
    expect(h.fake.calls.slice(before).filter((c) => c.method !== "users.info")).toEqual([]);
    expect(h.store.listMessages("PD-1001")).toEqual([]);
  });

  it("logs references, ids and decisions, never the question, note, names or relayed text", async () => {
    const h = await harness();
    const { triage } = await sentAndTriaged(h);
    const e = h.store.getByReference("PD-1001")!;
    await h.receiver.deliver(threadMessage("helpdesk", String(e.triageTs), "Secret agent words"));
    await h.receiver.deliver(threadMessage("dm", String(e.personThreadTs), "Secret person words"));
    await click(h, triage, ACTION_IDS.claim, { user: AGENT, channelId: HELPDESK });
    const out = h.logs.text();
    expect(out).toContain('"event":"handoff_consent_shown"');
    expect(out).toContain('"event":"handoff_sent"');
    expect(out).toContain('"reference":"PD-1001"');
    expect(out).toContain('"event":"relay"');
    expect(out).toContain('"event":"escalation_claim"');
    for (const secret of ["What about cookies", PERSON_NAME, AGENT_NAME, "Secret agent words", "Secret person words"])
      expect(out).not.toContain(secret);
  });
});

/** A view_submission of the note modal, as Slack sends it. */
function viewSubmission(privateMetadata: string, note: string): Record<string, unknown> {
  return {
    type: "view_submission",
    team: { id: TEAM_ID, domain: "harvard-test" },
    user: { id: USER_ID, username: "person", name: "person", team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: "legacy-verification-token",
    trigger_id: "9.trigger",
    view: {
      id: "V0NOTE",
      team_id: TEAM_ID,
      type: "modal",
      callback_id: VIEW_IDS.consentNote,
      private_metadata: privateMetadata,
      blocks: [],
      state: { values: { [NOTE_BLOCK_ID]: { [NOTE_ACTION_ID]: { type: "plain_text_input", value: note } } } },
      hash: "h",
      title: { type: "plain_text", text: "Send to ithelp" },
      close: null,
      submit: null,
      root_view_id: "V0NOTE",
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      app_id: APP_ID,
      bot_id: "BPRIVACYBOT",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
