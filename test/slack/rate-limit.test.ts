import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { createQuestionCarrier, type QuestionCarrier } from "../../src/desk/carried-question.js";
import { createRateLimiter } from "../../src/desk/memory/rate-limit.js";
import { createSlackApp } from "../../src/slack/app.js";
import { rateLimitedReply, tooLongReply } from "../../src/slack/texts.js";
import { DirectReceiver } from "./support/direct-receiver.js";
import { createFakeEngine } from "./support/fake-engine.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { dmEvent, eventCallback, mentionEvent, slashCommand } from "./support/payloads.js";

describe("the rate limiter", () => {
  it("allows the limit within a minute, then says how long until the oldest question leaves the window", () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 3, now: () => now });
    expect(limiter.take("U1")).toEqual({ allowed: true });
    now += 10_000;
    expect(limiter.take("U1")).toEqual({ allowed: true });
    now += 10_000;
    expect(limiter.take("U1")).toEqual({ allowed: true });
    now += 5_000;
    expect(limiter.take("U1")).toEqual({ allowed: false, retryAfterMs: 35_000 });
    // A refused question does not count, so waiting the time given is enough.
    now += 35_000;
    expect(limiter.take("U1")).toEqual({ allowed: true });
    expect(limiter.take("U1")).toEqual({ allowed: false, retryAfterMs: 10_000 });
  });

  it("counts each person separately", () => {
    const limiter = createRateLimiter({ limit: 1, now: () => 0 });
    expect(limiter.take("U1").allowed).toBe(true);
    expect(limiter.take("U1").allowed).toBe(false);
    expect(limiter.take("U2").allowed).toBe(true);
  });

  it("forgets people who have been idle for a whole window, so memory does not grow with everyone who ever asked", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.take(`U${i}`);
    expect(limiter.size).toBe(1000);
    now = 61_000;
    limiter.take("Ulater");
    expect(limiter.size).toBe(1);
  });

  it("tracks at most maxPeople of a large crowd and forgets idle people once the longest idle is", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, maxPeople: 640, now: () => now });
    for (let i = 0; i < 2000; i++) {
      now += 1;
      limiter.take(`U${i}`);
      expect(limiter.size).toBeLessThanOrEqual(640);
    }
    expect(limiter.size).toBeGreaterThanOrEqual(630);
    // The newest are still counted; the oldest were dropped.
    expect(limiter.take("U1999").allowed).toBe(false);
    expect(limiter.take("U0").allowed).toBe(true);
    now += 60_000;
    limiter.take("Ulater");
    expect(limiter.size).toBe(1);
  });

  it("tracks at most maxPeople, dropping the longest idle first", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, maxPeople: 3, now: () => now });
    for (const person of ["Ua", "Ub", "Uc", "Ud"]) {
      now += 1;
      limiter.take(person);
    }
    expect(limiter.size).toBe(3);
    expect(limiter.take("Ua").allowed).toBe(true); // forgotten, so allowed again
    expect(limiter.take("Ud").allowed).toBe(false);
  });
});

describe("rate limit in Slack", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("answers a person's first questions from DMs, /privacy and mentions, then replies kindly and neither answers nor keeps the next", async () => {
    let now = 1_700_000_000_000;
    const remembered: string[] = [];
    const carrier = createQuestionCarrier();
    const questions: QuestionCarrier = {
      carry: (q, answer) => {
        remembered.push(q);
        return carrier.carry(q, answer);
      },
      read: (ref, engine) => carrier.read(ref, engine),
    };
    const engine = createFakeEngine();
    const logs = captureLogger();
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-rate",
      SLACK_SIGNING_SECRET: "rate-signing-secret",
      SLACK_API_URL: fake.apiUrl,
      RATE_LIMIT_PER_MINUTE: "2",
    }) as SlackConfig;
    const receiver = new DirectReceiver();
    const slack = createSlackApp({ config, engine, logger: logs.logger, receiver, questions, now: () => now });
    await slack.app.init();
    const reply = (predicate: (c: RecordedCall) => boolean) => fake.waitFor(predicate);

    await receiver.deliver(eventCallback(dmEvent("is my meeting recorded? first-rl1", { user: "U0LIMITED" })));
    now += 20_000;
    await receiver.deliver(slashCommand("is my meeting recorded? second-rl1", fake.responseUrl("rl-2")));
    // slashCommand is from USER_ID; this user is someone else, so DM + mention below are U0LIMITED's 2nd and 3rd.
    await receiver.deliver(eventCallback(dmEvent("is my meeting recorded? third-rl1", { user: "U0LIMITED" })));
    now += 10_000;
    await receiver.deliver(eventCallback(mentionEvent("<@UPRIVACYBOT> is my meeting recorded? fourth-rl1", { user: "U0LIMITED" })));
    await receiver.deliver(slashCommand("is my meeting recorded? fifth-rl1", fake.responseUrl("rl-5")));

    const limited = await reply((c) => c.method === "chat.postMessage" && c.body.channel === "C0GENERAL");
    // The first of U0LIMITED's two questions in the window was 30 s ago.
    expect(limited.body.text).toBe(rateLimitedReply(2, 30_000));
    expect(limited.body.text).toContain("You can ask again in 30 seconds");
    expect(JSON.stringify(limited.body)).not.toContain("fourth-rl1");
    expect(engine.asked.some((q) => q.includes("fourth-rl1"))).toBe(false);
    expect(remembered.some((q) => q.includes("fourth-rl1"))).toBe(false);
    // Other people are not affected.
    // A /privacy answer travels in the acknowledgement itself.
    expect(JSON.stringify(receiver.acks.at(-1))).toContain("Some Zoom conferences may be recorded.");
    expect(JSON.stringify(receiver.acks.at(-1))).toContain("fifth-rl1");

    now += 30_000;
    await receiver.deliver(eventCallback(mentionEvent("<@UPRIVACYBOT> is my meeting recorded? sixth-rl1", { user: "U0LIMITED" })));
    expect(engine.asked.filter((q) => q.includes("-rl1")).map((q) => q.replace(/.* /, ""))).toEqual([
      "first-rl1",
      "second-rl1",
      "third-rl1",
      "fifth-rl1",
      "sixth-rl1",
    ]);
    const out = logs.text();
    expect(out).toContain('"reply":"rate_limited"');
    expect(out).not.toContain("U0LIMITED");
    expect(out).not.toContain("-rl1");
  });

  it("refuses an over-long question with the length limit, never an answer to part of it", async () => {
    const engine = createFakeEngine();
    const logs = captureLogger();
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-long",
      SLACK_SIGNING_SECRET: "long-signing-secret",
      SLACK_API_URL: fake.apiUrl,
    }) as SlackConfig;
    const receiver = new DirectReceiver();
    const slack = createSlackApp({ config, engine, logger: logs.logger, receiver });
    await slack.app.init();
    // Well over the default 2,000 characters, with the words the fake engine answers inside the first 2,000.
    const long = `is my meeting recorded? ${"please tell me more ".repeat(150)}long-rl2`;
    await receiver.deliver(slashCommand(long, fake.responseUrl("rl-long")));
    const body = receiver.acks.at(-1) as { text?: string };
    expect(body.text).toBe(tooLongReply(2000, long.length));
    expect(body.text).toContain("up to 2,000 characters");
    expect(JSON.stringify(body)).not.toContain("Some Zoom conferences may be recorded.");
    expect(engine.asked).toEqual([]);
  });
});
