import { describe, expect, it } from "vitest";
import { directMessage } from "../../../src/slack/listeners/messages/direct-message.js";
import { helpdeskReply } from "../../../src/slack/listeners/messages/helpdesk-reply.js";
import { agentRelayLead, SORRY_TEXT, USAGE_INTRO } from "../../../src/slack/texts.js";
import { newEscalation } from "../../escalation/fixtures.js";
import { fakeClient, fakeDeps } from "./support.js";

const dm = (text: string, extra: Record<string, string> = {}) => ({
  user: "U0PERSON",
  text,
  ts: "1700000001.000100",
  channel: "D0PERSON",
  channel_type: "im",
  ...extra,
});

describe("directMessage", () => {
  it("answers a question in the DM with the paragraph", async () => {
    const { deps, engine } = fakeDeps();
    const { client, named } = fakeClient();
    await directMessage(deps)({ message: dm("is my meeting recorded?"), client });
    const [post] = named("chat.postMessage");
    expect(post?.args).toMatchObject({ channel: "D0PERSON", unfurl_links: false });
    expect(post?.args.text).toContain("Some Zoom conferences may be recorded.");
    expect(post?.args.thread_ts).toBeUndefined();
    expect(engine.asked).toEqual(["is my meeting recorded?"]);
  });

  it("gives usage for an everyday request for help, in the thread it was asked in", async () => {
    const { deps } = fakeDeps();
    const { client, named } = fakeClient();
    await directMessage(deps)({ message: dm("can you help me?", { thread_ts: "1700000000.000001" }), client });
    expect(named("chat.postMessage")[0]?.args).toMatchObject({ text: USAGE_INTRO, thread_ts: "1700000000.000001" });
  });

  it("passes a reply in an escalation's thread to the helpdesk instead of answering it", async () => {
    const { deps, store, engine } = fakeDeps();
    const { reference } = (await store.createEscalation(newEscalation({ requesterId: "U0PERSON" }), ["slack"])).escalation;
    await store.setPersonThread(reference, "D0PERSON", "1700000000.000001");
    await store.setTriageMessage(reference, "C0HELPDESK", "1700000000.000002");
    const { client, named } = fakeClient();
    await directMessage(deps)({ message: dm("it was on 3 March", { thread_ts: "1700000000.000001" }), client });
    expect(named("chat.postMessage").map((c) => [c.args.channel, c.args.thread_ts])).toEqual([["C0HELPDESK", "1700000000.000002"]]);
    expect((await store.listMessages(reference)).map((m) => m.text)).toEqual(["it was on 3 March"]);
    expect(engine.asked).toEqual([]);
  });

  it("apologises when answering fails", async () => {
    const { deps } = fakeDeps();
    deps.desk.handleQuestion = () => {
      throw new Error("index unavailable");
    };
    const { client, named } = fakeClient();
    await directMessage(deps)({ message: dm("anything"), client });
    expect(named("chat.postMessage")[0]?.args.text).toBe(SORRY_TEXT);
  });
});

describe("helpdeskReply", () => {
  it("reads only replies in threads of the helpdesk channel", async () => {
    const { deps } = fakeDeps();
    const { client, calls } = fakeClient();
    const handle = helpdeskReply(deps);
    await handle({
      message: { user: "U0AGENT", text: "hi", ts: "2.1", channel: "C0OTHER", channel_type: "channel", thread_ts: "1.1" },
      client,
    });
    await handle({ message: { user: "U0AGENT", text: "hi", ts: "2.1", channel: "C0HELPDESK", channel_type: "channel" }, client });
    expect(calls).toEqual([]);
  });

  it("relays an agent's reply in a triage thread to the person's thread, with the agent's name", async () => {
    const { deps, store } = fakeDeps();
    const { reference } = (await store.createEscalation(newEscalation({ requesterId: "U0PERSON" }), ["slack"])).escalation;
    await store.setPersonThread(reference, "D0PERSON", "1700000000.000001");
    await store.setTriageMessage(reference, "C0HELPDESK", "1700000000.000002");
    const { client, named } = fakeClient();
    const message = {
      user: "U0AGENT",
      text: "Only hosts see recordings.",
      ts: "1700000003.000100",
      channel: "C0HELPDESK",
      channel_type: "channel",
      thread_ts: "1700000000.000002",
    };
    await helpdeskReply(deps)({ message, client });
    const [post] = named("chat.postMessage");
    expect(post?.args).toMatchObject({ channel: "D0PERSON", thread_ts: "1700000000.000001", reply_broadcast: true });
    expect(post?.args.text).toBe(`${agentRelayLead("Sam Agent")}\nOnly hosts see recordings.`);
  });
});
