import { describe, expect, it } from "vitest";
import { appHomeOpened } from "../../../src/slack/listeners/events/app-home-opened.js";
import { appMention } from "../../../src/slack/listeners/events/app-mention.js";
import { HUMAN_REQUEST_LEAD, USAGE_INTRO } from "../../../src/slack/texts.js";
import { fakeClient, fakeDeps } from "./support.js";

const mention = (text: string, extra: Record<string, string> = {}) => ({
  user: "U0PERSON",
  channel: "C0GENERAL",
  ts: "1700000001.000100",
  text,
  ...extra,
});

describe("appMention", () => {
  it("answers in a thread under the mention, without the mention in the question", async () => {
    const { deps, engine } = fakeDeps();
    const { client, named } = fakeClient();
    await appMention(deps)({ event: mention("<@UBOT> is my meeting recorded?"), client, botUserId: "UBOT" });
    expect(named("chat.postMessage")[0]?.args).toMatchObject({ channel: "C0GENERAL", thread_ts: "1700000001.000100" });
    expect(engine.asked).toEqual(["is my meeting recorded?"]);
  });

  it("gives usage for help please, in the thread", async () => {
    const { deps } = fakeDeps();
    const { client, named } = fakeClient();
    await appMention(deps)({ event: mention("<@UBOT> help please"), client, botUserId: "UBOT" });
    expect(named("chat.postMessage")[0]?.args).toMatchObject({ text: USAGE_INTRO, thread_ts: "1700000001.000100" });
  });

  it("shows the consent step only to the person who asked for one", async () => {
    const { deps } = fakeDeps();
    const { client, named } = fakeClient();
    await appMention(deps)({ event: mention("<@UBOT> can I talk to someone about who sees my cookies?"), client, botUserId: "UBOT" });
    expect(named("chat.postMessage")).toEqual([]);
    const [ephemeral] = named("chat.postEphemeral");
    expect(ephemeral?.args).toMatchObject({ channel: "C0GENERAL", user: "U0PERSON" });
    expect(JSON.stringify(ephemeral?.args)).toContain(HUMAN_REQUEST_LEAD);
  });

  it("ignores bots and mentions inside the bot's own DM", async () => {
    const { deps } = fakeDeps();
    const { client, calls } = fakeClient();
    await appMention(deps)({ event: { ...mention("hi"), bot_id: "B0" }, client });
    await appMention(deps)({ event: mention("hi", { channel: "D0PERSON" }), client });
    expect(calls).toEqual([]);
  });
});

describe("appHomeOpened", () => {
  it("publishes the home view for the Home tab only", async () => {
    const { deps } = fakeDeps();
    const { client, named } = fakeClient();
    await appHomeOpened(deps)({ event: { user: "U0PERSON", tab: "messages" }, client });
    expect(named("views.publish")).toEqual([]);
    await appHomeOpened(deps)({ event: { user: "U0PERSON", tab: "home" }, client });
    const [publish] = named("views.publish");
    expect(publish?.args.user_id).toBe("U0PERSON");
    expect(JSON.stringify(publish?.args.view)).toContain("Zoom Privacy Statement");
  });
});
