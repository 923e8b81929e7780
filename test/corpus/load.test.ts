import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorpusError } from "../../src/corpus/errors.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";

const FRONT = "---\ntitle: Test Statement\nurl: https://example.harvard.edu/privacy/test\nupdated: 2024-01-02\n---\n";

function corpusOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pd-corpus-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): CorpusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CorpusError) return err;
    throw err;
  }
  throw new Error("expected a CorpusError");
}

describe("the shipped corpus", () => {
  const [zoom] = loadCorpus("corpus");

  it("reads the Zoom statement's front matter", () => {
    expect(zoom).toMatchObject({
      id: "zoom-privacy-statement",
      title: "Zoom Privacy Statement",
      url: "https://huit.harvard.edu/privacy/zoom",
      updated: "2022-10-24",
      contact: "ithelp@harvard.edu",
    });
  });

  it("keeps every paragraph of the published text, word for word, and nothing of the site navigation", () => {
    const paragraphs = zoom!.sections.flatMap((s) => s.paragraphs.map((p) => p.text));
    expect(paragraphs).toHaveLength(28);
    expect(paragraphs).toContain("The opt-outs described above may not work for all browsers or devices.");
    expect(paragraphs.join(" ")).not.toMatch(/HomeAbout HUIT/);
  });

  it("treats the # title as the title, not a section, and keeps the empty appendix out of the answers", () => {
    const headings = zoom!.sections.map((s) => s.heading);
    expect(headings[0]).toBe("Introduction");
    const appendix = zoom!.sections.find((s) => s.heading.startsWith("Appendix"));
    expect(appendix?.paragraphs).toEqual([]);
  });

  it("gives each paragraph a stable id and each section a link anchor", () => {
    const sharing = zoom!.sections.find((s) => s.heading === "Sharing of information")!;
    expect(sharing.slug).toBe("sharing-of-information");
    expect(sharing.paragraphs[0]!.id).toBe("zoom-privacy-statement/sharing-of-information/1");
  });
});

describe("statement files", () => {
  it("make one statement each: adding a file adds a statement", () => {
    const dir = corpusOf({
      "a.md": `${FRONT}\n## One\n\nFirst paragraph.\n`,
      "b.md": `${FRONT.replace("Test Statement", "Other")}\n## Two\n\nSecond paragraph.\n`,
      "notes.txt": "not a statement",
    });
    expect(loadCorpus(dir).map((s) => s.title)).toEqual(["Test Statement", "Other"]);
  });

  it("index each bullet as its own unit, with the sentence that introduces the list, and a nested one with its bullet", () => {
    const s = parseStatement(
      `${FRONT}\n## What we collect\n\nWe collect:\n\n- your name and email address\n- the courses you take\n  - including audited ones\n\n1. and your grades\n`,
      "x.md",
      "x",
    );
    const texts = s.sections[0]!.paragraphs.map((p) => [p.text, p.context, p.introducesList ?? false]);
    expect(texts).toEqual([
      ["We collect:", undefined, true],
      ["your name and email address", "We collect:", false],
      ["the courses you take", "We collect:", true],
      ["including audited ones", "the courses you take", false],
      // A second list right after the first is introduced by the same sentence, not by the first list's last item.
      ["and your grades", "We collect:", false],
    ]);
  });

  it("index each table row as its own unit that names its columns, with the sentence that introduces the table", () => {
    const s = parseStatement(
      `${FRONT}\n## Retention\n\nWe keep records for:\n\n| Record | Kept for |\n|---|---|\n| Sign-in logs | 90 days |\n| Messages | two years |\n`,
      "x.md",
      "x",
    );
    const texts = s.sections[0]!.paragraphs.map((p) => [p.text, p.context, p.introducesList]);
    expect(texts).toEqual([
      ["We keep records for:", undefined, true],
      ["Record: Sign-in logs; Kept for: 90 days", "We keep records for:", undefined],
      ["Record: Messages; Kept for: two years", "We keep records for:", undefined],
    ]);
  });

  it("read several # headings as the statement's sections, a first one that says the title staying the title", () => {
    const titled = parseStatement(
      `${FRONT}\n# Test Statement\n\n# What we collect\n\nYour name.\n\n# How long we keep it\n\nA year.\n`,
      "x.md",
      "x",
    );
    expect(titled.sections.map((s) => [s.heading, s.slug, s.paragraphs.map((p) => p.text)])).toEqual([
      ["What we collect", "what-we-collect", ["Your name."]],
      ["How long we keep it", "how-long-we-keep-it", ["A year."]],
    ]);
    const untitled = parseStatement(`${FRONT}\n# What we collect\n\nYour name.\n\n# How long we keep it\n\nA year.\n`, "x.md", "x");
    expect(untitled.sections.map((s) => s.heading)).toEqual(["What we collect", "How long we keep it"]);
    // One # heading is the title, whatever it says.
    const one = parseStatement(`${FRONT}\n# Privacy at Test\n\n## What we collect\n\nYour name.\n`, "x.md", "x");
    expect(one.sections.map((s) => s.heading)).toEqual(["What we collect"]);
  });

  it("read a line that is only bold text as a heading, so its paragraphs are answered under it", () => {
    const text = [
      "**How long we keep records:**",
      "We keep sign-in records for ninety days.",
      "**Can staff read my messages?**",
      "Only with the approval of the General Counsel.",
      "**We never sell your data.**",
      "**Note:** approvals are logged.",
    ].join("\n\n");
    const s = parseStatement(`${FRONT}\n${text}\n`, "x.md", "x");
    expect(s.sections.map((x) => [x.heading, x.slug, x.paragraphs.map((p) => p.text)])).toEqual([
      ["How long we keep records", "how-long-we-keep-records", ["We keep sign-in records for ninety days."]],
      [
        "Can staff read my messages?",
        "can-staff-read-my-messages",
        ["Only with the approval of the General Counsel.", "We never sell your data.", "Note: approvals are logged."],
      ],
    ]);
    const [match] = createEngine([s]).ask("how long are sign-in records kept?").matches;
    expect([match?.section, match?.url]).toEqual([
      "How long we keep records",
      "https://example.harvard.edu/privacy/test#how-long-we-keep-records",
    ]);
  });

  it("leave out a table of contents and links back to the top: they are the page's navigation, not its text", () => {
    const text = [
      "# Test Statement",
      "**Contents**",
      "- [What we collect](#what-we-collect)\n- [Retention](#retention)",
      "## What we collect",
      "Your name. [Back to top](#top) is not the whole of this paragraph.",
      "- [The vendor's own policy](https://vendor.example.com/privacy)",
      "[Back to top](#top)",
      "## Retention",
      "A year.",
    ].join("\n\n");
    const s = parseStatement(`${FRONT}\n${text}\n`, "x.md", "x");
    expect(s.sections.map((x) => [x.heading, x.paragraphs.map((p) => p.text)])).toEqual([
      ["Contents", []],
      ["What we collect", ["Your name. Back to top is not the whole of this paragraph.", "The vendor's own policy"]],
      ["Retention", ["A year."]],
    ]);
  });

  it("read statement text written as HTML as the Markdown it stands for, and inline tags as markup", () => {
    const text = [
      "## Data",
      "We keep <b>sign-in records</b>.<br>For a year.",
      "<p>Logs are kept for <b>90 days</b> &amp; then deleted.</p>\n<p>Staff&#8217;s access is logged.</p>",
      "<h2>Sharing</h2>\n<ul><li>With our vendors</li><li>With police, on a warrant</li></ul>",
      "<table><tr><th>Record</th><th>Kept for</th></tr><tr><td>Logs</td><td>90 days</td></tr></table>",
      '<a name="top"></a>',
      "<!-- a note for editors -->",
    ].join("\n\n");
    const s = parseStatement(`${FRONT}\n${text}\n`, "x.md", "x");
    expect(s.sections.map((x) => [x.heading, x.paragraphs.map((p) => p.text)])).toEqual([
      ["Data", ["We keep sign-in records. For a year.", "Logs are kept for 90 days & then deleted.", "Staff’s access is logged."]],
      ["Sharing", ["With our vendors", "With police, on a warrant", "Record: Logs; Kept for: 90 days"]],
    ]);
  });

  it.each([
    ["no front matter", "## A\n\nText.\n", "front matter"],
    ["a missing title", "---\nurl: https://x.org\nupdated: 2024-01-01\n---\n## A\n\nText.\n", "title"],
    ["a link that is not https", "---\ntitle: T\nurl: http://x.org\nupdated: 2024-01-01\n---\n## A\n\nText.\n", "url"],
    ["a date that is not a date", "---\ntitle: T\nurl: https://x.org\nupdated: last week\n---\n## A\n\nText.\n", "updated"],
    ["a date without its day", "---\ntitle: T\nurl: https://x.org\nupdated: September 2024\n---\n## A\n\nText.\n", "updated"],
    ["broken YAML", "---\ntitle: [unclosed\n---\n## A\n\nText.\n", "front matter"],
    ["no paragraphs", `${FRONT}\n## Only a heading\n`, "body"],
    [
      "an alias that stands for nothing",
      "---\ntitle: T\nurl: https://x.org\nupdated: 2024-01-01\naliases:\n  HUID: ''\n---\n## A\n\nText.\n",
      "aliases.HUID",
    ],
    [
      "aliases that are not a map",
      "---\ntitle: T\nurl: https://x.org\nupdated: 2024-01-01\naliases: [HUID]\n---\n## A\n\nText.\n",
      "aliases",
    ],
  ])("fail to load with %s, naming the file and the field", (_, text, field) => {
    const dir = corpusOf({ "good.md": `${FRONT}\n## A\n\nText.\n`, "bad.md": text });
    const err = errorOf(() => loadCorpus(dir));
    expect(err.field).toBe(field);
    expect(err.code).toBe("statement_invalid");
    expect(err.message).toContain(join(dir, "bad.md"));
  });

  it.each([
    ["a missing date", "---\ntitle: T\nurl: https://x.org\n---\n## A\n\nText.\n", "updated: required but missing"],
    [
      "a date that is a number",
      "---\ntitle: T\nurl: https://x.org\nupdated: 2024\n---\n## A\n\nText.\n",
      "updated: updated must be a date",
    ],
    ["a missing link", "---\ntitle: T\nupdated: 2024-01-01\n---\n## A\n\nText.\n", "url: required but missing"],
  ])("say what to write for %s", (_, text, says) => {
    const err = errorOf(() => loadCorpus(corpusOf({ "bad.md": text })));
    expect(err.message).toContain(says);
  });

  it("read a title with a colon in it as written, though YAML would want it quoted", () => {
    const text = "---\ntitle: Career Center: CareerLink Privacy\nurl: https://x.org/careers\nupdated: 2024-09-03\n---\n## A\n\nText.\n";
    const s = parseStatement(text, "c.md", "c");
    expect([s.title, s.url, s.updated]).toEqual(["Career Center: CareerLink Privacy", "https://x.org/careers", "2024-09-03"]);
  });

  it.each([
    ["August 19, 2024", "2024-08-19"],
    ["19 August 2024", "2024-08-19"],
    ["Aug 3rd, 2024", "2024-08-03"],
  ])("read an updated date written out, %s, as %s", (written, iso) => {
    const text = `---\ntitle: T\nurl: https://x.org\nupdated: ${written}\n---\n## A\n\nText.\n`;
    expect(parseStatement(text, "t.md", "t").updated).toBe(iso);
  });

  it("take the address out of a contact written with a name around it", () => {
    const text =
      "---\ntitle: T\nurl: https://x.org\nupdated: 2024-01-01\ncontact: Privacy Office <privacy@x.org>, room 4\n---\n## A\n\nText.\n";
    expect(parseStatement(text, "t.md", "t").contact).toBe("privacy@x.org");
  });

  it("carry the statement's own aliases, each term with the other names people use for it", () => {
    const text =
      "---\ntitle: T\nurl: https://x.org\nupdated: 2024-01-01\naliases:\n  HUID: [Harvard ID, ID number]\n  HUIT: IT department\n---\n## A\n\nText.\n";
    expect(parseStatement(text, "t.md", "t").aliases).toEqual({ HUID: ["Harvard ID", "ID number"], HUIT: ["IT department"] });
  });

  it("carry the ways people ask what a paragraph, list item or table row answers, from asked: comments", () => {
    const text = [
      FRONT,
      "## Records",
      "",
      "Connection records are kept for 60 days.",
      "<!-- asked: how long do you hang on to wifi logs | when do my records get deleted -->",
      "<!-- a note for editors -->",
      "",
      "- Guests sign in with a code.",
      "  <!-- asked: do guests need an account -->",
      "- Staff sign in with their ID.",
      "",
      "| Record | Kept for |",
      "|---|---|",
      "| Logs | 90 days |",
      "| Mail | 1 year |",
      "<!-- asked (Logs): how long are logs kept -->",
      "",
    ].join("\n");
    const units = parseStatement(text, "t.md", "t").sections[0]!.paragraphs;
    expect(units.map((p) => [p.text, p.asked])).toEqual([
      ["Connection records are kept for 60 days.", ["how long do you hang on to wifi logs", "when do my records get deleted"]],
      ["Guests sign in with a code.", ["do guests need an account"]],
      ["Staff sign in with their ID.", undefined],
      ["Record: Logs; Kept for: 90 days", ["how long are logs kept"]],
      ["Record: Mail; Kept for: 1 year", undefined],
    ]);
  });

  it.each([
    ["an empty phrasing", "Text.\n<!-- asked: how long || when -->\n", "line 10"],
    ["a phrasing with nothing before it to belong to", "<!-- asked: how long -->\n\nText.\n", "line 9"],
    ["a phrasing naming no row of the table before it", "| A | B |\n|---|---|\n| x | y |\n<!-- asked (z): how long -->\n", "line 12"],
  ])("fail to load with %s, naming the file and the line", (_, body, field) => {
    const err = errorOf(() => parseStatement(`${FRONT}\n## A\n\n${body}`, "bad.md", "bad"));
    expect(err.field).toBe(field);
    expect(err.message).toContain("bad.md");
  });

  it("fail to load from a folder with no statements", () => {
    expect(errorOf(() => loadCorpus(corpusOf({}))).field).toBe("directory");
  });
});
