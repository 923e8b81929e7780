import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { createSlackApp } from "../../src/slack/app.js";
import { USAGE_INTRO } from "../../src/slack/texts.js";
import { DirectReceiver } from "./support/direct-receiver.js";
import { createFakeEngine } from "./support/fake-engine.js";
import { type FakeSlack, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { dmEvent, eventCallback, mentionEvent, slashCommand } from "./support/payloads.js";

const EVERYDAY = ["can you help me?", "I need help", "help please", "how do I use this?"];

describe("a request for help in everyday words gets the usage text, as 'help' does", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
  });

  async function app() {
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-help",
      SLACK_SIGNING_SECRET: "help-signing-secret",
      SLACK_API_URL: fake.apiUrl,
    }) as SlackConfig;
    const engine = createFakeEngine();
    const receiver = new DirectReceiver();
    const slack = createSlackApp({ config, engine, logger: captureLogger().logger, receiver });
    await slack.app.init();
    return { receiver, engine };
  }

  it.each(["help", ...EVERYDAY])("in a DM: %j", async (text) => {
    const { receiver, engine } = await app();
    const before = fake.calls.length;
    await receiver.deliver(eventCallback(dmEvent(text)));
    const reply = await fake.waitFor((c) => c.method === "chat.postMessage" && fake.calls.indexOf(c) >= before);
    expect(reply.body.text).toBe(USAGE_INTRO);
    expect(engine.asked).toEqual([]);
  });

  it.each(["help", ...EVERYDAY])("with /privacy: %j", async (text) => {
    const { receiver, engine } = await app();
    await receiver.deliver(slashCommand(text, fake.responseUrl(`help-${text}`)));
    expect(receiver.acks).toHaveLength(1);
    expect(receiver.acks[0]).toMatchObject({ response_type: "ephemeral", text: USAGE_INTRO });
    expect(engine.asked).toEqual([]);
  });

  it.each(["help", ...EVERYDAY])("in a mention: %j", async (text) => {
    const { receiver, engine } = await app();
    const before = fake.calls.length;
    const event = mentionEvent(`<@UPRIVACYBOT> ${text}`);
    await receiver.deliver(eventCallback(event));
    const reply = await fake.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.channel === "C0GENERAL" && fake.calls.indexOf(c) >= before,
    );
    expect(reply.body).toMatchObject({ text: USAGE_INTRO, thread_ts: event.ts });
    expect(engine.asked).toEqual([]);
  });
});
