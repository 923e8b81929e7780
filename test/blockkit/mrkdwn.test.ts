import { describe, expect, it } from "vitest";
import { escapeText, escapeWithin, link, slackToPlainText, squash, stripMention } from "../../src/blockkit/mrkdwn.js";

describe("escaping what people typed", () => {
  it("escapes &, < and > so markup shows as text", () => {
    expect(escapeText("<!channel> & <@U123>")).toBe("&lt;!channel&gt; &amp; &lt;@U123&gt;");
  });

  it("shortens escaped text without cutting an entity in half", () => {
    const out = escapeWithin("<".repeat(100), 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out.endsWith("…")).toBe(true);
    expect(out.replace("…", "")).toMatch(/^(&lt;)+$/);
  });
});

describe("reading Slack text", () => {
  it("turns mentions, links and entities into what the person typed", () => {
    expect(slackToPlainText("Hi <@U123>, see <https://zoom.us|Zoom> in <#C1|general> &lt;b&gt; &amp; <!here>")).toBe(
      "Hi @U123, see Zoom in #general <b> & @here",
    );
    expect(slackToPlainText("<!subteam^S1|@privacy-team> <mailto:a@b.c|a@b.c>")).toBe("@privacy-team a@b.c");
  });

  it("removes mentions of the bot only", () => {
    expect(squash(stripMention("<@UBOT> does <@UOTHER> get recorded? <@UBOT|privacy-desk>", "UBOT"))).toBe("does <@UOTHER> get recorded?");
  });
});

describe("links", () => {
  it("links a clean https URL with an escaped label", () => {
    expect(link("https://huit.harvard.edu/privacy/zoom#users", "Zoom > Users")).toBe(
      "<https://huit.harvard.edu/privacy/zoom#users|Zoom &gt; Users>",
    );
  });
  it("shows only the label when the URL could break the markup", () => {
    expect(link("https://x.example/a|<!channel>", "Statement")).toBe("Statement");
    expect(link(null, "Statement")).toBe("Statement");
  });
});
