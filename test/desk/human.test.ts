import { describe, expect, it } from "vitest";
import { relayText } from "../../src/blockkit/relay.js";
import { carriesQuestion, wantsHuman } from "../../src/desk/words/human.js";

describe("wantsHuman", () => {
  it.each([
    "talk to a person",
    "Talk to a person!",
    "contact ithelp",
    "can I speak to someone?",
    "Can I speak to someone please",
    "I'd like to talk to a human",
    "i want to talk to a real person",
    "human please",
    "Hi, agent please :pray:",
    "please connect me with ithelp",
    "how do I reach the helpdesk?",
    "could I get a human",
    "escalate this",
    "I need a person",
    "let me talk to someone at ithelp about my Zoom recordings",
  ])("hears a request for a person in %j", (text) => {
    expect(wantsHuman(text)).toBe(true);
  });

  it.each([
    "Can a human at Harvard read my Zoom chats?",
    "Does Zoom collect my user agent?",
    "Does Harvard talk to someone at Zoom about my data?",
    "Who can see my recordings?",
    "Is a person's IP address collected?",
    "What does the helpdesk do with my information?",
    "hello",
    "thanks",
    "",
  ])("does not mistake %j for one", (text) => {
    expect(wantsHuman(text)).toBe(false);
  });
});

describe("carriesQuestion", () => {
  it("is false for a bare request and true when the request says what it is about", () => {
    expect(carriesQuestion("talk to a person")).toBe(false);
    expect(carriesQuestion("Can I speak to someone please?")).toBe(false);
    expect(carriesQuestion("contact ithelp")).toBe(false);
    expect(carriesQuestion("I'd like to talk to a human about who can see my cookie settings")).toBe(true);
    expect(carriesQuestion("let me talk to someone at ithelp about my Zoom recordings")).toBe(true);
  });
});

describe("relayText", () => {
  it("keeps links and channel references, and turns broadcasts into words that ping nobody", () => {
    const text =
      "See <https://huit.harvard.edu/privacy|the policy> and <#C0123|general> &lt;b&gt; <!channel> <!here> <!subteam^S1|@ithelp-team>";
    expect(relayText(text, { keepUserMentions: true })).toBe(
      "See <https://huit.harvard.edu/privacy|the policy> and <#C0123|general> &lt;b&gt; @channel @here @ithelp-team",
    );
  });

  it("keeps mentions of people only where nobody else can be notified", () => {
    expect(relayText("ask <@U0COLLEAGUE> or <@U0BOSS|boss>", { keepUserMentions: true })).toBe("ask <@U0COLLEAGUE> or <@U0BOSS|boss>");
    expect(relayText("ask <@U0COLLEAGUE> or <@U0BOSS|boss>", { keepUserMentions: false })).toBe("ask @U0COLLEAGUE or @boss");
  });

  it("cuts very long text without breaking an entity", () => {
    const long = `${"a".repeat(11_998)}&amp;${"b".repeat(100)}`;
    const out = relayText(long, { keepUserMentions: false });
    expect(out.length).toBeLessThanOrEqual(12_000);
    expect(out.endsWith("…")).toBe(true);
    expect(out).not.toMatch(/&[a-z]*…$/);
  });
});
