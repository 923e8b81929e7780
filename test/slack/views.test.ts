import { describe, expect, it } from "vitest";
import type { Block } from "../../src/blockkit/blocks.js";
import { MAX_BLOCKS, MAX_BUTTON_VALUE_CHARS, MAX_SECTION_CHARS } from "../../src/blockkit/mrkdwn.js";
import type { Answer } from "../../src/search/answer.js";
import { BUTTON_ASK_ITHELP, EXAMPLE_QUESTIONS, NO_ANSWER_TEXT } from "../../src/slack/texts.js";
import { ACTION_IDS, decodeActionValue, encodeActionValue } from "../../src/slack/views/action-ids.js";
import { buildAnswerBlocks, buildEscalateBlocks, replaceActions } from "../../src/slack/views/answer.js";
import { buildHomeView } from "../../src/slack/views/home.js";
import { buildUsageBlocks } from "../../src/slack/views/usage.js";
import { createFakeEngine, FAKE_STATEMENT } from "./support/fake-engine.js";

const engine = createFakeEngine();

/** Every mrkdwn/plain text in a set of blocks. */
function texts(blocks: readonly Block[]): string[] {
  return JSON.stringify(blocks)
    .match(/"text":"(?:[^"\\]|\\.)*"/g)!
    .map((t) => JSON.parse(t.slice(7)) as string);
}

function buttons(blocks: readonly Block[]): Array<{ action_id: string; value: string }> {
  return blocks.flatMap((b) => (b.type === "actions" ? (b.elements as Array<{ action_id: string; value: string }>) : []));
}

describe("answer blocks", () => {
  const answer = engine.ask("Is my meeting recorded?");

  it("show the section and statement, quote the paragraph, link the source with its anchor and date, and offer feedback", () => {
    const { blocks, text } = buildAnswerBlocks(answer, "Is my meeting recorded?", { questionRef: "ref1" });
    const all = texts(blocks).join("\n");
    expect(all).toContain("*Access to content* · Zoom Privacy Statement");
    expect(all).toContain(">Some Zoom conferences may be recorded.");
    expect(all).toContain("<https://huit.harvard.edu/privacy/zoom#access-to-content|Zoom Privacy Statement › Access to content>");
    expect(all).toContain("Last updated 2022-10-24");
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.helpful, ACTION_IDS.notHelpful, ACTION_IDS.askIthelp]);
    expect(text).toContain("Some Zoom conferences may be recorded.");
  });

  it("carry the question reference and paragraph id in the buttons, never the question", () => {
    const question = `Is my meeting recorded? ${"really ".repeat(1000)}`;
    const { blocks } = buildAnswerBlocks(answer, question, { questionRef: "ref1", shareable: true });
    for (const button of buttons(blocks)) {
      expect(button.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE_CHARS);
      expect(decodeActionValue(button.value)).toEqual({ q: "ref1", p: "zoom/access-to-content/1" });
    }
    expect(buttons(blocks).map((b) => b.action_id)).toContain(ACTION_IDS.share);
  });

  it("escape the statement's own markup characters", () => {
    const cookie = engine.ask("cookie?");
    const all = texts(buildEscalateBlocks(cookie, "cookie?").blocks).join("\n");
    expect(all).toContain("Cookies &amp; related technologies");
    expect(all).toContain("cookies &lt;and&gt; similar");
  });

  it("stay within Slack's limits for a huge question and paragraph", () => {
    const huge: Answer = {
      ...answer,
      matches: answer.matches.map((m) => ({ ...m, text: "<&>".repeat(5000), section: "S".repeat(5000) })),
    };
    const question = "<!channel>".repeat(1000);
    for (const message of [
      buildAnswerBlocks(huge, question, { questionRef: "r", shareable: true }),
      buildEscalateBlocks(huge, question, { questionRef: "r" }),
    ]) {
      expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
      for (const t of texts(message.blocks)) expect(t.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(message.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS * 2);
      expect(JSON.stringify(message)).not.toContain("<!channel>");
    }
  });

  it("echo the question escaped, so <!channel> and <@U123> ping no one", () => {
    const { blocks } = buildAnswerBlocks(answer, "<!channel> <@U123> recorded?", { questionRef: "r" });
    const serialized = JSON.stringify(blocks);
    expect(serialized).toContain("&lt;!channel&gt; &lt;@U123&gt; recorded?");
    expect(serialized).not.toMatch(/<!channel>|<@U123>/);
  });
});

describe("escalate blocks", () => {
  it("say plainly the statement does not answer, show the closest paragraph and offer Ask ithelp only", () => {
    const { blocks, text } = buildEscalateBlocks(engine.ask("cookie policy?"), "cookie policy?", { questionRef: "r2" });
    expect(text).toBe(NO_ANSWER_TEXT);
    expect(texts(blocks).join("\n")).toContain("Zoom uses cookies");
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.askIthelp]);
    expect(texts(blocks)).toContain(BUTTON_ASK_ITHELP);
  });

  it("say when nothing is close", () => {
    expect(texts(buildEscalateBlocks(engine.ask("weather?"), "weather?").blocks).join("\n")).toContain("I found nothing close");
  });
});

describe("acknowledging in place", () => {
  it("replaces only the buttons row", () => {
    const { blocks } = buildAnswerBlocks(engine.ask("recorded?"), "recorded?", { questionRef: "r" });
    const replaced = replaceActions(blocks, [{ type: "context", elements: [{ type: "mrkdwn", text: "noted" }] }]);
    expect(buttons(replaced)).toEqual([]);
    expect(replaced).toHaveLength(blocks.length);
    expect(texts(replaced)).toContain("noted");
  });
});

describe("button values", () => {
  it("drop an oversized paragraph id rather than exceed Slack's limit", () => {
    const value = encodeActionValue({ q: "ref", p: "x".repeat(5000) });
    expect(value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE_CHARS);
    expect(decodeActionValue(value)).toEqual({ q: "ref" });
  });
  it("decode garbage to nothing", () => {
    expect(decodeActionValue("not json")).toEqual({});
    expect(decodeActionValue('{"q":5}')).toEqual({});
  });
});

describe("usage and App Home", () => {
  it("usage lists example questions as /privacy commands", () => {
    const all = texts(buildUsageBlocks().blocks).join("\n");
    for (const q of EXAMPLE_QUESTIONS) expect(all).toContain(`/privacy ${q}`);
  });

  it("home lists the statements with their dates and links, and how to reach ithelp", () => {
    const view = buildHomeView([FAKE_STATEMENT], { ithelpEmail: "ithelp@harvard.edu" });
    expect(view.type).toBe("home");
    const all = texts(view.blocks as Block[]).join("\n");
    expect(all).toContain("*<https://huit.harvard.edu/privacy/zoom|Zoom Privacy Statement>*");
    expect(all).toContain("Last updated 2022-10-24");
    expect(all).toContain("ithelp@harvard.edu");
    expect(all).toContain(EXAMPLE_QUESTIONS[0]);
  });

  it("home stays within 50 blocks with many statements", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...FAKE_STATEMENT, id: `s${i}`, title: `Statement ${i}` }));
    expect(buildHomeView(many, { ithelpEmail: "x@y.z" }).blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  });
});
