import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackDestination, personRelayLead, toDeliveryError } from "../../../src/escalation/destinations/slack.js";
import { DeliveryError, OutboxWorker } from "../../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../../src/escalation/sqlite/store.js";
import { ACTION_IDS } from "../../../src/slack/views/action-ids.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "../../slack/support/fake-slack.js";
import { newEscalation, tempDir } from "../fixtures.js";

const CHANNEL = "C0HELPDESK";

let fake: FakeSlack;
let tmp: ReturnType<typeof tempDir>;
let store: SqliteEscalationStore;

beforeEach(async () => {
  fake = await startFakeSlack();
  tmp = tempDir();
  store = new SqliteEscalationStore({ path: tmp.dbPath });
});

afterEach(async () => {
  store.close();
  await fake.close();
  tmp.cleanup();
});

/** A Web API client as the runtime builds it: rate limits and outages come back to the outbox. */
const client = () =>
  new webApi.WebClient("xoxb-destination-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
const destination = () => createSlackDestination({ client: client(), channel: CHANNEL, store });
const triagePosts = (): RecordedCall[] => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === CHANNEL && !c.body.thread_ts);
/** Triage posts Slack accepted (a refused attempt posts nothing in the channel). */
const acceptedTriagePosts = (): RecordedCall[] => triagePosts().filter((c) => c.reply?.ok === true);
const json = (c: RecordedCall): string => JSON.stringify(c.body);

function sendOne(overrides = {}) {
  return store.createEscalation(newEscalation(overrides), ["slack"]).escalation;
}

describe("the Slack triage destination", () => {
  it("posts the triage message once, with question, requester, matches, confidence and Claim / Resolve, and remembers it", async () => {
    const e = sendOne();
    await destination().deliver(store.getByReference(e.reference)!);
    const [post] = triagePosts();
    expect(triagePosts()).toHaveLength(1);
    const text = json(post!);
    expect(text).toContain(e.reference);
    expect(text).toContain("Jane Doe");
    expect(text).toContain("<@U0PERSON01>");
    expect(text).toContain("Can my department see the recordings of my Zoom meetings?");
    expect(text).toContain("I teach a seminar with health information discussed.");
    expect(text).toContain("<https://huit.harvard.edu/privacy/zoom#access-to-content|Zoom Privacy Statement › Access to content>");
    expect(text).toContain("confidence 31%");
    const actions = (post!.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find(
      (b) => b.type === "actions",
    );
    expect(actions?.elements?.map((b) => [b.action_id, b.value])).toEqual([
      [ACTION_IDS.claim, e.reference],
      [ACTION_IDS.resolve, e.reference],
    ]);
    const stored = store.getByReference(e.reference)!;
    expect(stored.triageChannel).toBe(CHANNEL);
    expect(stored.triageTs).toBe(post!.reply!.ts);
  });

  it("delivering again updates the message it posted instead of posting another", async () => {
    const e = sendOne();
    const d = destination();
    await d.deliver(store.getByReference(e.reference)!);
    store.claim(e.reference, "U0AGENT01");
    await d.deliver(store.getByReference(e.reference)!);
    expect(triagePosts()).toHaveLength(1);
    const [update] = fake.callsTo("chat.update");
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: store.getByReference(e.reference)!.triageTs });
    expect(json(update!)).toContain("*Claimed* by <@U0AGENT01>");
  });

  it("finds a post Slack took whose answer was lost (the process died on the way) by its metadata, and updates it instead of posting again", async () => {
    const e = sendOne();
    // The first process posts, and dies before it can record the post.
    const forgetful = {
      ...store,
      listMessages: (r: string) => store.listMessages(r),
      setTriageMessage: () => false,
      installationId: store.installationId,
    };
    await createSlackDestination({ client: client(), channel: CHANNEL, store: forgetful }).deliver(store.getByReference(e.reference)!);
    expect(store.getByReference(e.reference)!.triageTs).toBeNull();
    // Another escalation's post in the channel is not mistaken for it.
    const other = sendOne();
    await destination().deliver(store.getByReference(other.reference)!);
    await destination().deliver(store.getByReference(e.reference)!);
    const posts = acceptedTriagePosts();
    expect(posts.filter((c) => json(c).includes(e.reference))).toHaveLength(1);
    expect(store.getByReference(e.reference)!.triageTs).toBe(posts[0]!.reply!.ts);
    expect(fake.callsTo("chat.update").map((c) => c.body.ts)).toEqual([posts[0]!.reply!.ts]);
  });

  it("posts again when the triage message was deleted, rather than losing the escalation", async () => {
    const e = sendOne();
    const d = destination();
    await d.deliver(store.getByReference(e.reference)!);
    fake.failNext("chat.update", { status: 200, body: { ok: false, error: "message_not_found" } });
    await d.deliver(store.getByReference(e.reference)!);
    const posts = acceptedTriagePosts();
    expect(posts).toHaveLength(2);
    expect(store.getByReference(e.reference)!.triageTs).toBe(posts[1]!.reply!.ts);
    expect(posts[1]!.reply!.ts).not.toBe(posts[0]!.reply!.ts);
  });

  it("puts messages the person wrote before the post into its thread", async () => {
    const e = sendOne();
    store.addMessage({ reference: e.reference, direction: "to_helpdesk", authorId: "U0PERSON01", text: "Also: <!here> it was on 3 March" });
    await destination().deliver(store.getByReference(e.reference)!);
    const ts = store.getByReference(e.reference)!.triageTs;
    const inThread = fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === ts);
    expect(inThread.map((c) => c.body.text)).toEqual([`${personRelayLead("Jane Doe")}\nAlso: @here it was on 3 March`]);
  });

  it("a 429 with Retry-After delays the delivery at least that long, then it succeeds, posting once", async () => {
    // The store and worker share a clock the test moves, so the wait is asserted without sleeping through it.
    store.close();
    let t = Date.parse("2025-03-03T15:00:00Z");
    const clock = () => new Date(t);
    store = new SqliteEscalationStore({ path: tmp.dbPath, now: clock });
    const e = sendOne();
    fake.failNext("chat.postMessage", { status: 429, headers: { "retry-after": "30" } });
    const worker = new OutboxWorker({ store, destinations: [destination()], retry: { baseMs: 5, capMs: 20, maxAttempts: 5 }, now: clock });
    expect(await worker.runOnce()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [waiting] = store.listDeliveries(e.reference);
    expect(waiting?.status).toBe("pending");
    expect(waiting?.lastError).toMatch(/rate limited/);
    // Backoff alone would retry after 5 ms; Slack asked for 30 s.
    expect(waiting!.nextAttemptAt.getTime()).toBe(t + 30_000);
    t += 29_000;
    expect(await worker.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // not due yet: nothing sent
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    t += 1_000;
    expect(await worker.runOnce()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(triagePosts().map((c) => c.status)).toEqual([429, 200]);
    expect(acceptedTriagePosts()).toHaveLength(1);
    expect(store.listDeliveries(e.reference)[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(store.getByReference(e.reference)!.triageTs).toBe(acceptedTriagePosts()[0]!.reply!.ts);
  });

  it("retries Slack outages (5xx, unreachable) and keeps setup problems (bot not in the channel) for an operator", async () => {
    const e = sendOne();
    fake.failNext("chat.postMessage", { status: 503 }, { status: 200, body: { ok: false, error: "not_in_channel" } });
    const worker = new OutboxWorker({ store, destinations: [destination()], retry: { baseMs: 1, capMs: 5, maxAttempts: 5 } });
    await worker.drain({ timeoutMs: 5000 }).catch(() => undefined);
    const [delivery] = store.listDeliveries(e.reference);
    expect(delivery).toMatchObject({ status: "failed", attempts: 2 });
    expect(delivery?.lastError).toContain("not_in_channel");
    // Once the bot is invited, an operator requeues it and it goes out once.
    store.requeueFailedDeliveries(e.reference);
    await worker.drain({ timeoutMs: 5000 });
    expect(triagePosts().map((c) => c.status)).toEqual([503, 200, 200]);
    expect(acceptedTriagePosts()).toHaveLength(1);
    expect(store.listDeliveries(e.reference)[0]?.status).toBe("delivered");

    const unreachable = toDeliveryError(
      Object.assign(new Error("A request error occurred: fetch failed"), { code: "slack_webapi_request_error" }),
    );
    expect(unreachable).toBeInstanceOf(DeliveryError);
    expect(unreachable.retryable).toBe(true);
  });
});
