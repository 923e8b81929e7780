import { describe, expect, it } from "vitest";
import { dmChannelOf } from "../slack/support/fake-slack.js";
import { sleep } from "./support/app.js";
import { BUTTON, dmPost, press, sendDm, unanswerable } from "./support/conversation.js";
import { useFaultApp } from "./support/harness.js";

// Slack rate-limits one Web API method (429, Retry-After 10 s). Another person's answer, sent with another
// method, must not wait for it: before, one 429 paused every Web API call of the process.
const SECRET = "fault-ratelimit-secret-0123";
const RETRY_AFTER_S = 10;
// An answer normally arrives in well under a second; far less than the Retry-After.
const ANSWER_WITHIN_MS = 2000;

const faults = useFaultApp({ secret: SECRET, token: "xoxb-ratelimit", helpdesk: "C0HELPDESK", behindProxy: true });

describe("429 on one Web API method", () => {
  it("does not delay another person's answer", async () => {
    const { fake, proxy } = faults;
    const desk = faults.desk();
    const first = "U0LIMITED";
    await sendDm(desk, first, unanswerable("rl1"));
    const answer = await dmPost(desk, first, "rl1");
    // users.info (looked up for the consent step's display name) is rate-limited from now on.
    let limited = 0;
    proxy.set((method) => {
      if (method !== "users.info") return undefined;
      limited++;
      return { status: 429, headers: { "retry-after": String(RETRY_AFTER_S) }, body: { ok: false, error: "ratelimited" } };
    });
    expect((await press(desk, answer, BUTTON.askIthelp, { user: first })).outcome).toMatchObject({ status: 200 });
    const deadline = Date.now() + 5000;
    while (limited === 0 && Date.now() < deadline) await sleep(20);
    expect(limited, "users.info was called and rate-limited").toBeGreaterThan(0);

    const other = "U0UNRELATED";
    const askedAt = Date.now();
    expect(await sendDm(desk, other, "Does Zoom see my IP address?")).toMatchObject({ status: 200 });
    await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === dmChannelOf(other), RETRY_AFTER_S * 1000 + 5000);
    const waited = Date.now() - askedAt;
    if (process.env.FAULT_REPORT)
      console.log(JSON.stringify({ fault: "rate-limit-isolation", retryAfterS: RETRY_AFTER_S, otherAnswerMs: waited }));
    expect(waited, "ms from the question to its answer reaching Slack").toBeLessThan(ANSWER_WITHIN_MS);
  }, 30_000);
});
