import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { type AppProcess, scratchDir, startApp } from "./support/app.js";
import { BUTTON, buttonValue, type Desk, dmPost, json, press, sendDm, unanswerable } from "./support/conversation.js";

// A deploy between an answer and a press of its button used to leave the person with "I no longer have that question".
const SECRET = "fault-restart-secret-0123";
const PERSON = "U0RESTART";
const QUESTION_FORGOTTEN = "I no longer have that question";
let fake: FakeSlack;
let app: AppProcess | undefined;
const scratch = scratchDir();
const env = () => ({
  SLACK_BOT_TOKEN: "xoxb-restart",
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: fake.apiUrl,
  HELPDESK_CHANNEL: "C0HELPDESK",
  DATABASE_PATH: scratch.dbPath,
});

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await app?.kill();
  await fake?.close();
  scratch.cleanup();
});

describe("the app restarts between an answer and a button press", () => {
  it("Ask ithelp, then Send, work on the restarted process and reach the helpdesk", async () => {
    app = await startApp(env());
    const desk: Desk = { port: app.port, secret: SECRET, fake };
    await sendDm(desk, PERSON, unanswerable("restart 51"));
    const answer = await dmPost(desk, PERSON, "restart 51");
    await app.stop();

    app = await startApp(env());
    desk.port = app.port;
    const asked = await press(desk, answer, BUTTON.askIthelp, { user: PERSON });
    expect(asked.outcome).toMatchObject({ status: 200 });
    const consent = await fake.waitFor((c) => c.method === `response:${asked.responseId}`);
    expect(json(consent)).not.toContain(QUESTION_FORGOTTEN);
    expect(buttonValue(consent, BUTTON.send)).toBeDefined();

    await app.stop();
    app = await startApp(env());
    desk.port = app.port;
    const sent = await press(desk, consent, BUTTON.send, { user: PERSON });
    expect(sent.outcome).toMatchObject({ status: 200 });
    const told = await fake.waitFor((c) => c.method === `response:${sent.responseId}`);
    expect(json(told)).not.toContain(QUESTION_FORGOTTEN);
    expect(json(told)).toMatch(/PD-\d+/);
    const triage = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === "C0HELPDESK" && !c.body.thread_ts,
      10_000,
    );
    expect(json(triage)).toContain("restart 51");
  });

  it("Not helpful under an answer opens the consent step on the restarted process", async () => {
    const desk: Desk = { port: app!.port, secret: SECRET, fake };
    const reader = "U0FEEDBACK";
    await sendDm(desk, reader, "Does Zoom see my IP address?");
    const answer = await dmPost(desk, reader, "IP address");
    await app!.stop();
    app = await startApp(env());
    desk.port = app.port;
    const pressed = await press(desk, answer, BUTTON.notHelpful, { user: reader });
    expect(pressed.outcome).toMatchObject({ status: 200 });
    const reply = await fake.waitFor((c) => c.method === `response:${pressed.responseId}`);
    expect(json(reply)).not.toContain(QUESTION_FORGOTTEN);
    expect(json(reply)).toContain("Does Zoom see my IP address?");
    expect(buttonValue(reply, BUTTON.send)).toBeDefined();
  });
});
