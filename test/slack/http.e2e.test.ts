import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { type RunningSlack, startSlack } from "../../src/slack/app.js";
import { GREETING_REPLY, handoffByEmail, NO_ANSWER_TEXT, THANKS_REPLY, WHICH_QUESTION } from "../../src/slack/texts.js";
import { ACTION_IDS } from "../../src/slack/views/action-ids.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { buttonPress, dmEvent, eventCallback, mentionEvent, slashCommand } from "./support/payloads.js";
import { createRealEngine } from "./support/real-engine.js";
import { formBody, interactionBody, postToApp, type SlackRequestOptions } from "./support/signing.js";

const SECRET = "e2e-signing-secret-0123456789";
// Slack allows three seconds for an acknowledgement; a request slower than that fails the test.
const SLACK_DEADLINE_MS = 3000;

let fake: FakeSlack;
let running: RunningSlack;
let eventsUrl: string;
let base: string;
const logs = captureLogger();
const asked: string[] = [];

const json = (call: RecordedCall): string => JSON.stringify(call.body);
const buttons = (call: RecordedCall): Array<{ action_id: string; value: string }> =>
  ((call.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>) ?? []).flatMap((b) =>
    b.type === "actions" ? (b.elements ?? []) : [],
  );

/** Sends an Events API body signed as Slack signs it. */
function sendEvent(body: unknown, options: SlackRequestOptions = {}) {
  return postToApp(eventsUrl, JSON.stringify(body), "application/json", { secret: SECRET, ...options });
}

/** Sends a DM event and waits for the bot's reply in that DM carrying `marker`. */
async function dm(text: string, marker: string): Promise<RecordedCall> {
  asked.push(text);
  const res = await sendEvent(eventCallback(dmEvent(text)));
  expect(res.status).toBe(200);
  return fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0PERSON" && json(c).includes(marker));
}

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-e2e-token",
    SLACK_SIGNING_SECRET: SECRET,
    PORT: "0",
    SLACK_API_URL: fake.apiUrl,
    HELPDESK_CHANNEL: "C0HELPDESK",
  }) as SlackConfig;
  running = await startSlack(config, createRealEngine(), logs.logger, { host: "127.0.0.1" });
  base = `http://127.0.0.1:${running.port}`;
  eventsUrl = `${base}/slack/events`;
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
});

describe("HTTP mode, end to end", () => {
  it("verified its token with auth.test at startup, against SLACK_API_URL", () => {
    const authTest = fake.callsTo("auth.test")[0];
    expect(authTest?.headers.authorization).toBe("Bearer xoxb-e2e-token");
  });

  it("answers Slack's url_verification challenge", async () => {
    const res = await sendEvent({ token: "t", challenge: "challenge-3f9a", type: "url_verification" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("challenge-3f9a");
  });

  it("serves /healthz with the statements it knows", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { status: string; mode: string; statements: Array<{ id: string; updated: string }> };
    expect(report.status).toBe("ok");
    expect(report.mode).toBe("http");
    expect(report.statements).toContainEqual(expect.objectContaining({ id: "zoom-privacy-statement", updated: "2022-10-24" }));
  });

  it("answers /privacy ephemerally in the acknowledgement itself, within Slack's deadline, with the paragraph", async () => {
    const question = "Does Zoom use cookies?";
    asked.push(question);
    const res = await postToApp(
      eventsUrl,
      formBody(slashCommand(question, fake.responseUrl("cmd-1"))),
      "application/x-www-form-urlencoded",
      {
        secret: SECRET,
        signal: AbortSignal.timeout(SLACK_DEADLINE_MS),
      },
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toContain("application/json");
    const reply: RecordedCall = { method: "ack", body: JSON.parse(res.text) as Record<string, unknown>, headers: {} };
    expect(reply.body.response_type).toBe("ephemeral");
    expect(json(reply)).toContain("Cookies and related technologies");
    expect(json(reply)).toContain("https://huit.harvard.edu/privacy/zoom#cookies-and-related-technologies");
    expect(buttons(reply).map((b) => b.action_id)).toContain(ACTION_IDS.share);
    // One request, not two: nothing went to the response URL.
    await dm("Does Zoom use cookies? barrier-cmd1", "barrier-cmd1");
    expect(fake.calls.filter((c) => c.method === "response:cmd-1")).toEqual([]);
  });

  it("acknowledges /privacy asking for a person at once, then answers through the response URL", async () => {
    const body = formBody({ ...slashCommand("talk to a person", fake.responseUrl("cmd-person")), user_id: "U0FIRSTTIME" });
    const res = await postToApp(eventsUrl, body, "application/x-www-form-urlencoded", {
      secret: SECRET,
      signal: AbortSignal.timeout(SLACK_DEADLINE_MS),
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const reply = await fake.waitFor((c) => c.method === "response:cmd-person");
    expect(reply.body.response_type).toBe("ephemeral");
    // A first-time asker has no earlier question to pass on, so they are asked which.
    expect(reply.body.text).toBe(WHICH_QUESTION);
  });

  it("answers a direct message in the DM", async () => {
    const reply = await dm("Can Harvard see the content of my Zoom meetings?", "Access to content");
    expect(json(reply)).toContain("Last updated 2022-10-24");
    expect(buttons(reply).map((b) => b.action_id)).toEqual([ACTION_IDS.helpful, ACTION_IDS.notHelpful, ACTION_IDS.askIthelp]);
  });

  it("says so plainly when the statement does not answer", async () => {
    const reply = await dm("What is the capital of France?", "capital of France");
    expect(reply.body.text).toBe(NO_ANSWER_TEXT);
  });

  // The whole hand-off (consent, triage channel, email, relays) runs end to end in test/escalation/handoff.e2e.test.ts.
  it("handles a button click: Ask ithelp updates the answer in place and posts nothing to the helpdesk by itself", async () => {
    const answer = await dm("Can Harvard see the content of my Zoom meetings? (button test)", "button test");
    const askIthelp = buttons(answer).find((b) => b.action_id === ACTION_IDS.askIthelp)!;
    const payload = buttonPress({
      actionId: ACTION_IDS.askIthelp,
      value: askIthelp.value,
      responseUrl: fake.responseUrl("act-1"),
      message: {
        ts: String((answer.body as { ts?: string }).ts ?? "1700000000.000100"),
        text: String(answer.body.text),
        blocks: answer.body.blocks as unknown[],
      },
    });
    const res = await postToApp(eventsUrl, interactionBody(payload), "application/x-www-form-urlencoded", { secret: SECRET });
    expect(res.status).toBe(200);
    const update = await fake.waitFor((c) => c.method === "response:act-1");
    expect(update.body.replace_original).toBe(true);
    expect(json(update)).toContain("(button test)");
    // Started without a hand-off store, the app points the person to the ithelp mailbox.
    expect(json(update)).toContain(handoffByEmail("ithelp@harvard.edu"));
    expect(buttons(update)).toEqual([]);
    expect(fake.calls.filter((c) => c.body.channel === "C0HELPDESK")).toEqual([]);
  });

  it("rejects unsigned, wrongly signed and stale requests with 401 and does nothing", async () => {
    const before = fake.calls.length;
    const body = (marker: string) => JSON.stringify(eventCallback(dmEvent(`Does Zoom use cookies? ${marker}`)));
    const unsigned = await postToApp(eventsUrl, body("unsigned-7c1"), "application/json", { signature: null });
    const wrong = await postToApp(eventsUrl, body("wrongly-signed-7c1"), "application/json", { secret: "not-the-secret-at-all" });
    const stale = await postToApp(eventsUrl, body("stale-7c1"), "application/json", {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const command = await postToApp(
      eventsUrl,
      formBody(slashCommand("cookies? wrong-command-7c1", fake.responseUrl("never"))),
      "application/x-www-form-urlencoded",
      {
        secret: "wrong",
      },
    );
    expect([unsigned.status, wrong.status, stale.status, command.status]).toEqual([401, 401, 401, 401]);
    // A good request afterwards is answered; nothing from the rejected ones arrived before or with it.
    await dm("Does Zoom use cookies? barrier-7c1", "barrier-7c1");
    const since = fake.calls.slice(before).map(json).join("\n");
    expect(since).not.toMatch(/unsigned-7c1|wrongly-signed-7c1|stale-7c1|wrong-command-7c1/);
    expect(fake.calls.slice(before).filter((c) => c.method === "response:never")).toEqual([]);
  });

  it("answers an event Slack retries (X-Slack-Retry-Num) or repeats (same event_id) once", async () => {
    const event = eventCallback(dmEvent("Does Zoom use cookies? retry-5d2"), "Ev0RETRY5D2");
    asked.push("Does Zoom use cookies? retry-5d2");
    expect((await sendEvent(event)).status).toBe(200);
    await fake.waitFor((c) => c.method === "chat.postMessage" && json(c).includes("retry-5d2"));
    const retry = await sendEvent(event, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    const repeat = await sendEvent(event);
    expect([retry.status, repeat.status]).toEqual([200, 200]);
    await dm("Does Zoom use cookies? barrier-5d2", "barrier-5d2");
    expect(fake.calls.filter((c) => c.method === "chat.postMessage" && json(c).includes("retry-5d2"))).toHaveLength(1);
  });

  it("echoes markup from the question escaped, so <!channel> and <@U123> ping nobody", async () => {
    // Typed literally, the characters arrive as entities; a real @channel arrives as markup.
    const reply = await dm("&lt;!channel&gt; &lt;@U123&gt; <!channel> <@U123> does Zoom use cookies? escape-1b4", "escape-1b4");
    const text = json(reply);
    expect(text).not.toMatch(/<!channel>|<@U123>|<!here>/);
    expect(text).toContain("&lt;!channel&gt; &lt;@U123&gt; @channel @U123 does Zoom use cookies? escape-1b4");
  });

  it("logs decisions and timings for a whole conversation, but no question, message text or name", async () => {
    // Names Slack would tell the app: in payloads (user_name, username) and from users.info.
    const names = ["zelda.quartermain", "Zelda Quartermain", "ZeeQuartermain"] as const;
    fake.answer("users.info", (body) => ({
      ok: true,
      user: { id: body.user, name: names[0], real_name: names[1], profile: { display_name: names[2], real_name: names[1] } },
    }));
    const named = { username: names[0], name: names[0] };

    const answer = await dm("Is my meetng recordd by Zooom?", "meetng recordd");
    const command = "Who does Harvard share my Zoom information with? log-c9e";
    asked.push(command);
    const commandRes = await postToApp(
      eventsUrl,
      formBody({ ...slashCommand(command, fake.responseUrl("log-cmd")), user_name: names[0] }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(commandRes.status).toBe(200);
    expect(commandRes.text).toContain("log-c9e");
    const mention = "<@UPRIVACYBOT> Does Zoom use cookies? log-m3f";
    asked.push("Does Zoom use cookies? log-m3f");
    expect((await sendEvent(eventCallback(mentionEvent(mention)))).status).toBe(200);
    await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "C0GENERAL" && json(c).includes("log-m3f"));
    // Small talk: distinctive words, so finding them in the log would mean the text was logged.
    const smallTalk = ["Howdy folks, namaste!", "Obrigada, gracias, much appreciated!"];
    for (const [text, reply] of [
      [smallTalk[0]!, GREETING_REPLY],
      [smallTalk[1]!, THANKS_REPLY],
    ] as const) {
      expect((await sendEvent(eventCallback(dmEvent(text)))).status).toBe(200);
      await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0PERSON" && c.body.text === reply);
    }
    // Button clicks by a named person: Helpful, then Not helpful (which opens the way to a person).
    const message = { ts: "1700000000.000300", text: String(answer.body.text), blocks: answer.body.blocks as unknown[] };
    for (const [actionId, responseId] of [
      [ACTION_IDS.helpful, "log-helpful"],
      [ACTION_IDS.notHelpful, "log-not-helpful"],
    ] as const) {
      const button = buttons(answer).find((b) => b.action_id === actionId)!;
      const press = buttonPress({ actionId, value: button.value, responseUrl: fake.responseUrl(responseId), message });
      const res = await postToApp(
        eventsUrl,
        interactionBody({ ...press, user: { ...(press.user as object), ...named } }),
        "application/x-www-form-urlencoded",
        {
          secret: SECRET,
        },
      );
      expect(res.status).toBe(200);
      await fake.waitFor((c) => c.method === `response:${responseId}`);
    }
    // Let any log line written after the last reply arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const out = logs.text();
    expect(out).toContain('"event":"question"');
    expect(out).toContain('"decision":"answer"');
    expect(out).toContain('"reply":"greeting"');
    expect(out).not.toMatch(/meetng|recordd|Zooom|log-c9e|log-m3f|Howdy|namaste|Obrigada|gracias/i);
    for (const question of asked) expect(out).not.toContain(question);
    for (const text of smallTalk) expect(out).not.toContain(text);
    for (const name of names) expect(out.toLowerCase()).not.toContain(name.toLowerCase());
    expect(out).not.toMatch(/zelda|quartermain/i);
    expect(out).not.toContain("xoxb-e2e-token");
    expect(out).not.toContain(SECRET);
  });
});
