import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { OWED_POST_METADATA_EVENT, OwedPostWorker } from "../../src/slack/owed-posts.js";
import { MethodGates } from "../../src/slack/patient-calls.js";
import { tempDir } from "../escalation/fixtures.js";
import { type FakeSlack, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";

// The worker that sends what the bot owes people, against the Slack stand-in over HTTP and a real SQLite file.
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(gates = new MethodGates()) {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const store = new SqliteEscalationStore({ path: tmp.dbPath });
  cleanups.push(() => store.close());
  const client = new webApi.WebClient("xoxb-owed", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const worker = new OwedPostWorker({ store, client, logger: captureLogger().logger, gates, policy: { baseMs: 50, capMs: 200 } });
  return { fake, store, worker, gates };
}

const posts = (fake: FakeSlack, text: string) =>
  fake.calls.filter((c) => c.method === "chat.postMessage" && c.reply?.ok === true && JSON.stringify(c.body).includes(text));

describe("posts owed to people", () => {
  it("are sent once, with a key in their metadata, and deleted from the store", async () => {
    const { fake, store, worker } = await harness();
    await store.queuePost({ channel: "D0PERSON", threadTs: "1700000000.000100", text: "An agent replied: owed-one", broadcast: true });
    expect(await worker.runOnce()).toBe(1);
    const [sent] = posts(fake, "owed-one");
    expect(sent!.body).toMatchObject({ channel: "D0PERSON", thread_ts: "1700000000.000100", reply_broadcast: "true" });
    expect(JSON.stringify(sent!.body.metadata)).toContain(OWED_POST_METADATA_EVENT);
    expect(await store.countOwedPosts()).toBe(0);
    expect(await worker.runOnce()).toBe(0);
    expect(posts(fake, "owed-one")).toHaveLength(1);
  });

  it("that are a message's new state update it with its latest state only", async () => {
    const { fake, store, worker } = await harness();
    await store.queuePost({ channel: "C0HELP", updateTs: "1700000000.000300", text: "PD-1001 claimed", blocks: [{ type: "divider" }] });
    await store.queuePost({ channel: "C0HELP", updateTs: "1700000000.000300", text: "PD-1001 resolved" });
    expect(await worker.runOnce()).toBe(1);
    const updates = fake.callsTo("chat.update");
    expect(updates.map((c) => [c.body.ts, c.body.text])).toEqual([["1700000000.000300", "PD-1001 resolved"]]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(await store.countOwedPosts()).toBe(0);
  });

  it("are not posted again when a try Slack took was never recorded (the process died mid-send)", async () => {
    const { fake, store, worker } = await harness();
    const owed = await store.queuePost({ channel: "C0HELP", threadTs: "1700000000.000200", text: "The person wrote: owed-two" });
    // A first try reached Slack, and the process died before deleting the row: its lease runs out.
    await store.leaseDuePost(new Date(), 1);
    const client = new webApi.WebClient("xoxb-owed", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({
      channel: "C0HELP",
      thread_ts: "1700000000.000200",
      text: owed.text,
      metadata: { event_type: OWED_POST_METADATA_EVENT, event_payload: { key: owed.key } },
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(await worker.runOnce()).toBe(1);
    expect(posts(fake, "owed-two")).toHaveLength(1);
    expect(fake.callsTo("conversations.replies")).toHaveLength(1);
    expect(await store.countOwedPosts()).toBe(0);
  });

  it("wait out a 429's Retry-After on chat.postMessage only, and go out once it has passed", async () => {
    const { fake, store, worker, gates } = await harness();
    fake.failNext("chat.postMessage", { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
    await store.queuePost({ channel: "D0PERSON", text: "owed-three" });
    const started = Date.now();
    worker.start();
    cleanups.push(() => worker.stop());
    // The first try gets the 429; the next one waits for the Retry-After.
    const tries = () => fake.calls.filter((c) => c.method === "chat.postMessage" && JSON.stringify(c.body).includes("owed-three")).length;
    while (tries() < 2 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(gates.waitFor("users.info")).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(posts(fake, "owed-three")).toHaveLength(1);
    expect(await store.countOwedPosts()).toBe(0);
  });

  it("are kept through a 500 and dropped, with nothing kept, when Slack refuses them for good", async () => {
    const { fake, store, worker } = await harness();
    fake.failNext("chat.postMessage", { status: 500, body: { ok: false, error: "internal_error" } });
    await store.queuePost({ channel: "D0PERSON", text: "owed-four" });
    expect(await worker.runOnce()).toBe(0);
    expect(await store.countOwedPosts()).toBe(1);
    fake.failNext("chat.postMessage", { status: 200, body: { ok: false, error: "channel_not_found" } });
    await new Promise((r) => setTimeout(r, 60));
    expect(await worker.runOnce()).toBe(0);
    expect(await store.countOwedPosts()).toBe(0);
  });
});
