import { describe, expect, it } from "vitest";
import { createQuestionCarrier } from "../../src/desk/carried-question.js";
import { createDesk, type Desk } from "../../src/desk/desk.js";
import { createStoreFeedbackSink } from "../../src/desk/feedback.js";
import { createMailboxHandOff, createStoreHandOff, type HelpdeskChat, type PersonNotice, type Thread } from "../../src/desk/handoff.js";
import { createRateLimiter } from "../../src/desk/memory/rate-limit.js";
import { handleQuestion, type QuestionOrigin } from "../../src/desk/question.js";
import type { EscalationStore } from "../../src/escalation/store/types.js";
import { createFakeEngine } from "../slack/support/fake-engine.js";
import { captureLogger } from "../slack/support/logs.js";
import { createMemoryDatabase, createMemoryStore } from "../support/memory-store.js";

const PERSON = "U0PERSON01";
const AGENT = "U0AGENTSAM";
const DM = "D0PERSON";
const TRIAGE: Thread = { channel: "C0HELPDESK", ts: "1700000100.000100" };

/** A chat that records what the desk asked it to do, instead of Slack. */
function recordingChat() {
  const said: Array<{ to: string; notice?: PersonNotice; text?: string }> = [];
  let posts = 0;
  const chat: HelpdeskChat = {
    displayName: async (userId, fallback = "") => ({ [PERSON]: "Jane Doe", [AGENT]: "Sam Agent" })[userId] ?? fallback,
    startPersonThread: async (e, { dmChannel }) => {
      said.push({ to: "person-root", text: e.reference });
      return { channel: dmChannel ?? DM, ts: `1700000200.00010${++posts}` };
    },
    tellPerson: async (thread, notice) => void said.push({ to: `person:${thread.channel}`, notice }),
    relayToHelpdesk: async (_e, triage, text) => void said.push({ to: `helpdesk:${triage.channel}`, text }),
    refreshTriage: async (e) => void said.push({ to: "triage-refresh", text: e.status }),
    tellAgentClosed: async (message, reference) => void said.push({ to: `agent:${message.userId}`, text: reference }),
  };
  return { chat, said };
}

function deskWith(store: EscalationStore) {
  const engine = createFakeEngine();
  const logs = captureLogger();
  let wakes = 0;
  const desk: Desk = createDesk({
    engine: () => engine,
    logger: logs.logger,
    now: Date.now,
    questions: createQuestionCarrier(),
    rateLimit: createRateLimiter({ limit: 20 }),
    maxQuestionChars: 2000,
    handOff: createStoreHandOff({
      store,
      destinations: ["slack"],
      wake: () => wakes++,
      ithelpEmail: "ithelp@example.edu",
      retentionDays: 90,
    }),
    feedback: createStoreFeedbackSink(store, logs.logger),
  });
  return { desk, engine, logs, wakes: () => wakes };
}

describe("a whole conversation through the desk, with in-memory ports and no HTTP", () => {
  it("question → answer → Not helpful → talk to a person → Send → Claim → replies both ways → Resolve", async () => {
    const store = createMemoryStore(createMemoryDatabase());
    const { desk, engine, logs, wakes } = deskWith(store);
    const { chat, said } = recordingChat();

    const asked = desk.handleQuestion({ text: "Is my zephyr seminar recorded?", origin: "dm", userId: PERSON });
    expect(asked).toMatchObject({ kind: "answer", question: "Is my zephyr seminar recorded?" });
    if (asked.kind !== "answer") throw new Error("expected an answer");
    expect(asked.answer.matches[0]?.paragraphId).toBe("zoom/access-to-content/1");

    // Pressing a button under the answer reads the question and the paragraphs found from what the button carries;
    // the engine is not asked again.
    await desk.recordFeedback({ paragraphId: asked.answer.matches[0]?.paragraphId, helpful: false });
    const asksBefore = engine.asked.length;
    const recalled = desk.recall(asked.questionRef);
    expect(recalled).toMatchObject({ question: asked.question, questionRef: asked.questionRef });
    expect(recalled?.answer).toMatchObject({
      decision: asked.answer.decision,
      confidence: asked.answer.confidence,
      matches: asked.answer.matches,
    });
    expect(engine.asked.length).toBe(asksBefore);
    expect(await store.feedbackCounts()).toEqual([{ paragraphId: "zoom/access-to-content/1", helpful: 0, notHelpful: 1 }]);

    // "Talk to a person" without a question in it asks which one: the server keeps no earlier question to offer.
    expect(desk.handleQuestion({ text: "can I talk to a person?", origin: "dm", userId: PERSON })).toEqual({ kind: "person" });
    // Ask ithelp under the answer: the consent step, which stores nothing.
    if (!recalled) throw new Error("expected the carried question");
    const consent = await desk.askPerson({ ...recalled, userId: PERSON, origin: "dm", standalone: true }, chat);
    expect(consent).toEqual({
      kind: "consent",
      questionRef: asked.questionRef,
      standalone: true,
      preview: {
        question: asked.question,
        userId: PERSON,
        requesterName: "Jane Doe",
        matches: [
          expect.objectContaining({ section: "Access to content" }),
          expect.objectContaining({ section: "Cookies & related technologies" }),
        ],
        retentionDays: 90,
      },
    });
    expect(await store.countPendingDeliveries()).toBe(0);

    // Send: one escalation however often it is pressed; the person's thread opens.
    const sent = await desk.send({ ...recalled, userId: PERSON, requesterName: "Jane Doe", dmChannel: DM }, chat);
    const again = await desk.send({ ...recalled, userId: PERSON, requesterName: "Jane Doe", dmChannel: DM }, chat);
    expect(sent).toEqual({ kind: "sent", reference: "PD-1001", created: true });
    expect(again).toEqual({ kind: "sent", reference: "PD-1001", created: false });
    expect(wakes()).toBe(1);
    expect(await desk.askPerson({ ...recalled, userId: PERSON, origin: "dm" }, chat)).toEqual({
      kind: "already_sent",
      reference: "PD-1001",
    });
    expect((await desk.openRequests(PERSON)).map((e) => [e.reference, e.status])).toEqual([["PD-1001", "open"]]);
    expect(said.filter((s) => s.to === "person-root")).toHaveLength(1);
    const personThread = await store.getByReference("PD-1001");
    expect(personThread).toMatchObject({ personChannel: DM });

    // The Slack destination posted the triage message (here, by hand); an agent claims it.
    await store.setTriageMessage("PD-1001", TRIAGE.channel, TRIAGE.ts);
    expect(await desk.isTriageThread(TRIAGE.channel, TRIAGE.ts)).toBe(true);
    expect(await desk.claim({ reference: "PD-1001", agentId: AGENT }, chat)).toEqual({ kind: "done" });
    expect(await desk.claim({ reference: "PD-1001", agentId: "U0AGENTKIM" }, chat)).toEqual({
      kind: "claimed_by_other",
      reference: "PD-1001",
      owner: AGENT,
    });
    expect(said).toContainEqual({ to: "triage-refresh", text: "claimed" });
    expect(said).toContainEqual({
      to: `person:${DM}`,
      notice: { kind: "claimed", reference: "PD-1001", agentId: AGENT, agentName: "Sam Agent" },
    });

    // Replies both ways, each recorded once.
    const fromAgent = {
      channel: TRIAGE.channel,
      threadTs: TRIAGE.ts,
      ts: "1700000300.000100",
      userId: AGENT,
      text: "Only the host can see recordings.",
    };
    expect(await desk.relayFromAgent(fromAgent, chat)).toBe(true);
    expect(await desk.relayFromAgent(fromAgent, chat)).toBe(true);
    const thread = { channel: DM, threadTs: personThread!.personThreadTs!, ts: "1700000400.000100", userId: PERSON, text: "Thanks!" };
    expect(await desk.relayFromPerson(thread, chat)).toBe(true);
    expect(await desk.relayFromPerson({ ...thread, threadTs: "1.2" }, chat)).toBe(false);
    expect((await store.listMessages("PD-1001")).map((m) => [m.direction, m.text])).toEqual([
      ["to_person", "Only the host can see recordings."],
      ["to_helpdesk", "Thanks!"],
    ]);
    expect(said.filter((s) => s.notice?.kind === "agent_reply")).toHaveLength(1);
    expect(said).toContainEqual({ to: `helpdesk:${TRIAGE.channel}`, text: "Thanks!" });

    // Resolve: the person is told; what is written afterwards goes nowhere, and each side is told so.
    expect(await desk.resolve({ reference: "PD-1001", agentId: AGENT }, chat)).toEqual({ kind: "done" });
    expect(await desk.resolve({ reference: "PD-1001", agentId: AGENT }, chat)).toEqual({ kind: "already_resolved", reference: "PD-1001" });
    expect(said).toContainEqual({ to: `person:${DM}`, notice: { kind: "resolved", reference: "PD-1001" } });
    expect(await desk.relayFromPerson({ ...thread, ts: "1700000500.000100", text: "one more thing" }, chat)).toBe(true);
    expect(said).toContainEqual({ to: `person:${DM}`, notice: { kind: "relay_closed", reference: "PD-1001" } });
    expect(await desk.relayFromAgent({ ...fromAgent, ts: "1700000600.000100" }, chat)).toBe(true);
    expect(said).toContainEqual({ to: `agent:${AGENT}`, text: "PD-1001" });
    expect(await desk.openRequests(PERSON)).toEqual([]);

    // The engine was asked once, for the one question; the log never holds its words.
    expect(engine.asked).toEqual(["Is my zephyr seminar recorded?"]);
    expect(logs.text()).not.toContain("zephyr");
    expect(logs.text()).not.toContain("Thanks!");
  });

  it("without a destination, points the person at the mailbox and keeps nothing", async () => {
    const engine = createFakeEngine();
    const desk = createDesk({
      engine: () => engine,
      logger: captureLogger().logger,
      now: Date.now,
      questions: createQuestionCarrier(),
      handOff: createMailboxHandOff({ ithelpEmail: "ithelp@example.edu" }),
      feedback: { record: () => undefined },
    });
    const asked = desk.handleQuestion({ text: "Does Zoom use cookies?", origin: "dm", userId: PERSON });
    expect(asked.kind).toBe("escalate");
    const { chat, said } = recordingChat();
    const request = desk.recall(asked.kind === "escalate" ? asked.questionRef : undefined)!;
    expect(await desk.askPerson({ ...request, userId: PERSON, origin: "dm" }, chat)).toEqual({
      kind: "mailbox",
      email: "ithelp@example.edu",
    });
    expect(await desk.send({ ...request, userId: PERSON, requesterName: "Jane" }, chat)).toEqual({
      kind: "mailbox",
      email: "ithelp@example.edu",
    });
    expect(said).toEqual([]);
  });
});

describe("asking for help in everyday words", () => {
  const engine = createFakeEngine();
  const ports = { engine: () => engine, logger: captureLogger().logger, now: Date.now };
  const requests = [
    "help",
    "Help!",
    "can you help me?",
    "Can you help me please?",
    "I need help",
    "help please",
    "hi, I need some help",
    "how do I use this?",
    "How does this work?",
    "",
  ];
  const questions = [
    "how do I use Zoom's recording?",
    "can you help me find who sees my recordings?",
    "does Harvard help Zoom with my data?",
    "helpdesk hours",
  ];

  for (const origin of ["dm", "command", "mention", "console", "cli"] as QuestionOrigin[]) {
    it(`gets the usage text, as "help" does, from ${origin}`, () => {
      for (const text of requests) expect([text, handleQuestion({ text, origin, userId: PERSON }, ports).kind]).toEqual([text, "usage"]);
    });
  }

  it("does not take a question that only contains such words for a request for help", () => {
    for (const text of questions) expect([text, handleQuestion({ text, origin: "cli" }, ports).kind]).not.toEqual([text, "usage"]);
  });
});
