import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import type { QuestionCarrier } from "../../src/desk/carried-question.js";
import type { Feedback } from "../../src/desk/feedback.js";
import type { AnswerEngine } from "../../src/search/answer.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import {
  FEEDBACK_HELPFUL_ACK,
  FEEDBACK_NOT_HELPFUL_ACK,
  GREETING_REPLY,
  handoffByEmail,
  NO_ANSWER_TEXT,
  QUESTION_FORGOTTEN,
  SHARED_NOTE,
  SORRY_TEXT,
  sharedBy,
  THANKS_REPLY,
  tooLongReply,
  USAGE_INTRO,
  WHICH_QUESTION,
} from "../../src/slack/texts.js";
import { ACTION_IDS, encodeActionValue } from "../../src/slack/views/action-ids.js";
import { DirectReceiver } from "./support/direct-receiver.js";
import { createFakeEngine } from "./support/fake-engine.js";
import { parseSlackBody } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { buttonPress, dmEvent, eventCallback, homeOpenedEvent, mentionEvent, slashCommand, USER_ID } from "./support/payloads.js";

const API = "https://slack.com";
const HOOKS = "https://hooks.slack.com";
const BOT_USER = "UPRIVACYBOT";

type Body = Record<string, unknown>;
type Button = { action_id: string; value: string };

/** Normalises a body nock hands over (form fields as an object or a string, or JSON) into plain values. */
function normalise(body: unknown): Body {
  if (typeof body === "string")
    return parseSlackBody(body, body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
  const out: Body = {};
  for (const [k, v] of Object.entries(body as Body)) out[k] = typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v;
  return out;
}

/** Expects one call to a Web API method and resolves with what was sent. */
function expectApi(method: string, reply: Body = { ok: true }): Promise<Body> {
  return new Promise((resolve) => {
    nock(API)
      .post(`/api/${method}`)
      .reply(200, (_uri, body) => {
        resolve(normalise(body));
        return reply;
      });
  });
}

/** Expects one POST to a response_url and resolves with what was sent. */
function expectResponse(path: string): Promise<Body> {
  return new Promise((resolve) => {
    nock(HOOKS)
      .post(path)
      .reply(200, (_uri, body) => {
        resolve(normalise(body));
        return "ok";
      });
  });
}

const serialised = (b: Body): string => JSON.stringify(b);
const buttonsOf = (b: Body): Button[] =>
  ((b.blocks as Array<{ type: string; elements?: Button[] }>) ?? []).flatMap((block) =>
    block.type === "actions" ? (block.elements ?? []) : [],
  );

let unmatched: string[];
const onNoMatch = (req: { path?: string; href?: string }) => unmatched.push(req.href ?? req.path ?? "?");

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on("no match", onNoMatch);
});
afterAll(() => {
  nock.emitter.off("no match", onNoMatch);
  nock.enableNetConnect();
});

interface Harness {
  slack: SlackApp;
  receiver: DirectReceiver;
  engine: ReturnType<typeof createFakeEngine>;
  feedback: Feedback[];
  logs: ReturnType<typeof captureLogger>;
}

async function harness(
  env: Record<string, string> = {},
  options: { engine?: AnswerEngine; questions?: QuestionCarrier } = {},
): Promise<Harness> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "test-signing-secret",
    HELPDESK_CHANNEL: "C0HELPDESK",
    ...env,
  }) as SlackConfig;
  const engine = createFakeEngine();
  const feedback: Feedback[] = [];
  const logs = captureLogger();
  const receiver = new DirectReceiver();
  const slack = createSlackApp({
    config,
    engine: options.engine ?? engine,
    logger: logs.logger,
    receiver,
    feedback: { record: (f) => void feedback.push(f) },
    ...(options.questions ? { questions: options.questions } : {}),
  });
  const authTest = expectApi("auth.test", { ok: true, user_id: BOT_USER, bot_id: "BPRIVACYBOT", team_id: "T0TEAM" });
  await slack.app.init();
  await authTest;
  return { slack, receiver, engine, feedback, logs };
}

beforeEach(() => {
  unmatched = [];
});
afterEach(() => {
  expect(unmatched, "requests nobody expected").toEqual([]);
  expect(nock.pendingMocks(), "expected requests that were not made").toEqual([]);
  nock.cleanAll();
});

describe("direct messages", () => {
  it("answers in the DM with the paragraph, source and buttons", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage", { ok: true, ts: "1.1" });
    await h.receiver.deliver(eventCallback(dmEvent("Is my Zoom meeting recorded?")));
    const body = await posted;
    expect(body.channel).toBe("D0PERSON");
    expect(body.thread_ts).toBeUndefined();
    expect(body.text).toContain("Some Zoom conferences may be recorded.");
    expect(serialised(body)).toContain("https://huit.harvard.edu/privacy/zoom#access-to-content");
    expect(buttonsOf(body).map((b) => b.action_id)).toEqual([ACTION_IDS.helpful, ACTION_IDS.notHelpful, ACTION_IDS.askIthelp]);
    expect(h.engine.asked).toEqual(["Is my Zoom meeting recorded?"]);
  });

  it("answers in the thread when the question was asked in one", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent("recorded?", { thread_ts: "1699999999.000100" })));
    expect((await posted).thread_ts).toBe("1699999999.000100");
  });

  it("says plainly when the statement does not answer, with the closest paragraph and Ask ithelp", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent("What about cookies?")));
    const body = await posted;
    expect(body.text).toBe(NO_ANSWER_TEXT);
    expect(serialised(body)).toContain("Zoom uses cookies");
    expect(buttonsOf(body).map((b) => b.action_id)).toEqual([ACTION_IDS.askIthelp]);
  });

  it("replies to greetings and thanks briefly, without asking the engine", async () => {
    const h = await harness();
    const greeted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent("Hello!")));
    expect((await greeted).text).toBe(GREETING_REPLY);
    const thanked = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent("thanks so much :pray:")));
    expect((await thanked).text).toBe(THANKS_REPLY);
    expect(h.engine.asked).toEqual([]);
  });

  it("refuses a question over the length limit clearly instead of answering part of it", async () => {
    const h = await harness({ MAX_QUESTION_CHARS: "50" });
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent(`Is it recorded? ${"x".repeat(60)}`)));
    expect((await posted).text).toBe(tooLongReply(50, 76));
    expect(h.engine.asked).toEqual([]);
  });

  it("ignores bots, itself, edits, other subtypes and other conversation types", async () => {
    const h = await harness();
    await h.receiver.deliver(eventCallback(dmEvent("recorded?", { bot_id: "B0OTHER" })));
    await h.receiver.deliver(eventCallback(dmEvent("recorded?", { user: BOT_USER })));
    await h.receiver.deliver(
      eventCallback(dmEvent("recorded?", { subtype: "message_changed", message: { text: "recorded?" }, previous_message: { text: "x" } })),
    );
    await h.receiver.deliver(eventCallback(dmEvent("recorded?", { subtype: "file_share" })));
    await h.receiver.deliver(eventCallback(dmEvent("recorded?", { channel_type: "channel", channel: "C0GENERAL" })));
    expect(h.engine.asked).toEqual([]);
  });

  it("answers an event delivered twice (same event_id, retry) once", async () => {
    const h = await harness();
    const event = eventCallback(dmEvent("recorded?"), "Ev0DUPLICATE");
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(event);
    await posted;
    await h.receiver.deliver(event, { retryNum: 1 });
    await h.receiver.deliver(event);
    expect(h.engine.asked).toHaveLength(1);
    expect(h.logs.text()).toContain('"event":"duplicate_event"');
  });

  it("apologises when something fails, and logs it without the question", async () => {
    const failing: AnswerEngine = {
      statements: [],
      ask: () => {
        throw new Error("index unavailable for: my secret question");
      },
    };
    const h = await harness({}, { engine: failing });
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(dmEvent("my secret question")));
    expect((await posted).text).toBe(SORRY_TEXT);
    expect(h.logs.text()).toContain('"event":"listener_failed"');
    expect(h.logs.text()).not.toContain("secret question");
  });
});

describe("/privacy", () => {
  /** The body of the acknowledgement Slack received for the last delivery. */
  const ackBody = (h: Harness): Body => h.receiver.acks.at(-1) as Body;

  it("answers ephemerally in the acknowledgement itself, with a Share button and no second request", async () => {
    const h = await harness();
    // No response_url post is expected: one would show up as an unexpected request.
    await h.receiver.deliver(slashCommand("is my meeting recorded?", `${HOOKS}/commands/T0TEAM/1/abc`));
    expect(h.receiver.acks).toHaveLength(1);
    const body = ackBody(h);
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("Some Zoom conferences may be recorded.");
    expect(buttonsOf(body).map((b) => b.action_id)).toContain(ACTION_IDS.share);
  });

  it.each(["", "help", "  HELP "])("gives usage and example questions for %j", async (text) => {
    const h = await harness();
    await h.receiver.deliver(slashCommand(text, `${HOOKS}/commands/T0TEAM/2/usage`));
    const body = ackBody(h);
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toBe(USAGE_INTRO);
    expect(serialised(body)).toContain("/privacy What personal information");
    expect(h.engine.asked).toEqual([]);
  });

  it("acknowledges a request for a person at once, then answers through the response URL", async () => {
    const h = await harness();
    const responded = expectResponse("/commands/T0TEAM/3/person");
    await h.receiver.deliver(slashCommand("talk to a person", `${HOOKS}/commands/T0TEAM/3/person`));
    expect(h.receiver.acks).toEqual([undefined]);
    const body = await responded;
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toBe(WHICH_QUESTION);
  });

  it("apologises in the acknowledgement when answering fails, and logs it without the question", async () => {
    const failing: AnswerEngine = {
      statements: [],
      ask: () => {
        throw new Error("index unavailable for: my secret command question");
      },
    };
    const h = await harness({}, { engine: failing });
    await h.receiver.deliver(slashCommand("my secret command question", `${HOOKS}/commands/T0TEAM/4/fail`));
    expect(ackBody(h)).toMatchObject({ response_type: "ephemeral", text: SORRY_TEXT });
    expect(h.logs.text()).toContain('"event":"listener_failed"');
    expect(h.logs.text()).not.toContain("secret command question");
  });
});

describe("mentions", () => {
  it("answers in a thread under the mention, without the mention in the question", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage");
    const event = mentionEvent(`<@${BOT_USER}> is my meeting recorded?`);
    await h.receiver.deliver(eventCallback(event));
    const body = await posted;
    expect(body.channel).toBe("C0GENERAL");
    expect(body.thread_ts).toBe(event.ts);
    expect(h.engine.asked).toEqual(["is my meeting recorded?"]);
  });

  it("stays in an existing thread", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage");
    await h.receiver.deliver(eventCallback(mentionEvent(`<@${BOT_USER}> recorded?`, { thread_ts: "1699990000.000001" })));
    expect((await posted).thread_ts).toBe("1699990000.000001");
  });

  it("echoes markup in the question escaped, so nobody is pinged", async () => {
    const h = await harness();
    const posted = expectApi("chat.postMessage");
    // A real @channel arrives as <!channel>; typed angle brackets arrive as entities.
    await h.receiver.deliver(eventCallback(mentionEvent(`<@${BOT_USER}> <!channel> &lt;@U123&gt; &lt;!here&gt; recorded?`)));
    const text = serialised(await posted);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>/);
    expect(text).toContain("@channel &lt;@U123&gt; &lt;!here&gt; recorded?");
  });
});

describe("App Home", () => {
  it("publishes the home view with the statements, dates and ithelp", async () => {
    const h = await harness();
    const published = expectApi("views.publish");
    await h.receiver.deliver(eventCallback(homeOpenedEvent("home")));
    const body = await published;
    expect(body.user_id).toBe(USER_ID);
    const view = body.view as { type: string };
    expect(view.type).toBe("home");
    expect(serialised(body)).toContain("Zoom Privacy Statement");
    expect(serialised(body)).toContain("Last updated 2022-10-24");
    expect(serialised(body)).toContain("ithelp@harvard.edu");
  });

  it("does nothing when the Messages tab is opened", async () => {
    const h = await harness();
    await h.receiver.deliver(eventCallback(homeOpenedEvent("messages")));
  });
});

describe("buttons", () => {
  /** Asks in a DM and returns the posted answer. */
  async function askInDm(h: Harness, question: string): Promise<{ body: Body; value: string }> {
    const posted = expectApi("chat.postMessage", { ok: true, ts: "1700000001.000100" });
    await h.receiver.deliver(eventCallback(dmEvent(question)));
    const body = await posted;
    return { body, value: buttonsOf(body)[0]!.value };
  }

  const press = (h: Harness, actionId: string, value: string, answer: Body, path: string) =>
    h.receiver.deliver(
      buttonPress({
        actionId,
        value,
        responseUrl: `${HOOKS}${path}`,
        message: { ts: "1700000001.000100", text: String(answer.text), blocks: answer.blocks as unknown[] },
      }),
    );

  it("Helpful updates the message in place and records feedback for the paragraph", async () => {
    const h = await harness();
    const { body, value } = await askInDm(h, "recorded?");
    const replaced = expectResponse("/actions/1");
    await press(h, ACTION_IDS.helpful, value, body, "/actions/1");
    const update = await replaced;
    expect(update.replace_original).toBe(true);
    expect(serialised(update)).toContain(FEEDBACK_HELPFUL_ACK);
    expect(serialised(update)).toContain("Some Zoom conferences may be recorded.");
    expect(buttonsOf(update)).toEqual([]);
    expect(h.feedback).toEqual([{ paragraphId: "zoom/access-to-content/1", helpful: true }]);
  });

  it("Not helpful updates in place and opens the way to a person (here: the ithelp mailbox, as no hand-off is configured)", async () => {
    const h = await harness();
    const { body, value } = await askInDm(h, "recorded?");
    const replaced = expectResponse("/actions/2");
    await press(h, ACTION_IDS.notHelpful, value, body, "/actions/2");
    const update = await replaced;
    expect(serialised(update)).toContain(FEEDBACK_NOT_HELPFUL_ACK);
    expect(serialised(update)).toContain(handoffByEmail("ithelp@harvard.edu"));
    expect(buttonsOf(update)).toEqual([]);
    expect(h.feedback).toEqual([{ paragraphId: "zoom/access-to-content/1", helpful: false }]);
  });

  it("Ask ithelp without a hand-off store points to the ithelp mailbox and posts nothing anywhere", async () => {
    const h = await harness();
    const { body, value } = await askInDm(h, "cookies?");
    const replaced = expectResponse("/actions/5");
    await press(h, ACTION_IDS.askIthelp, value, body, "/actions/5");
    const update = await replaced;
    expect(update.replace_original).toBe(true);
    expect(serialised(update)).toContain(handoffByEmail("ithelp@harvard.edu"));
  });

  it("Ask ithelp on a button Privacy Desk did not write (an older version's, or altered) asks the person to ask again", async () => {
    const h = await harness();
    const { body } = await askInDm(h, "cookies?");
    const replied = expectResponse("/actions/6");
    await press(h, ACTION_IDS.askIthelp, encodeActionValue({ q: "r4nd0mRef123" }), body, "/actions/6");
    const reply = await replied;
    expect(reply.replace_original).toBe(false);
    expect(reply.text).toBe(QUESTION_FORGOTTEN);
  });

  it("Share in channel posts the same answer visibly, then marks the ephemeral one as shared", async () => {
    const h = await harness();
    await h.receiver.deliver(slashCommand("is my meeting recorded?", `${HOOKS}/commands/T0TEAM/10/share`));
    const ephemeral = h.receiver.acks.at(-1) as Body;
    const share = buttonsOf(ephemeral).find((b) => b.action_id === ACTION_IDS.share)!;
    const bodies: Body[] = [];
    nock(HOOKS)
      .post("/actions/s2")
      .times(2)
      .reply(200, (_uri, body) => {
        bodies.push(normalise(body));
        return "ok";
      });
    await h.receiver.deliver(
      buttonPress({
        actionId: ACTION_IDS.share,
        value: share.value,
        responseUrl: `${HOOKS}/actions/s2`,
        channelId: "C0GENERAL",
        ephemeral: true,
      }),
    );
    expect(bodies.map((b) => b.response_type ?? "replace")).toEqual(["in_channel", "replace"]);
    const shared = bodies[0]!;
    expect(shared.replace_original).toBe(false);
    expect(shared.text).toBe(ephemeral.text);
    expect(serialised(shared)).toContain(sharedBy(USER_ID));
    expect(buttonsOf(shared)).toEqual([]);
    expect(bodies[1]!.replace_original).toBe(true);
    expect(serialised(bodies[1]!)).toContain(SHARED_NOTE);
    expect(buttonsOf(bodies[1]!).map((b) => b.action_id)).toEqual([ACTION_IDS.helpful, ACTION_IDS.notHelpful, ACTION_IDS.askIthelp]);
  });
});
