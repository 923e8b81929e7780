import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { renderReportHtml } from "../../src/report/html.js";
import { askedComment, buildReport, NO_STATEMENT_TITLE, parseSince, type Report, ReportSchema } from "../../src/report/report.js";
import { formatReportText, NOTHING_ASKED } from "../../src/report/text.js";
import { tempDir } from "../escalation/fixtures.js";
import { createMemoryDatabase, createMemoryStore } from "../support/memory-store.js";
import { CORPUS_DIR, seedStore } from "./support/seed.js";

const TODAY = Date.parse("2025-03-20T00:00:00Z");

/** A SQLite file with a few weeks of questions, and the report of its last 30 days. */
async function seededReport(): Promise<{ report: Report; seeded: Awaited<ReturnType<typeof seedStore>> }> {
  const tmp = tempDir();
  let t = TODAY;
  const store = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(t) });
  try {
    const seeded = await seedStore(store, { set: (ms) => (t = ms) }, TODAY);
    const report = await buildReport({
      source: store,
      statements: seeded.statements,
      since: parseSince("30d", new Date(TODAY + 5 * 3_600_000)),
      now: new Date(TODAY + 5 * 3_600_000),
    });
    return { report, seeded };
  } finally {
    store.close();
    tmp.cleanup();
  }
}

describe("the report of what people asked", () => {
  it("counts answered and escalated per statement, day and section, only within the period", async () => {
    const { report } = await seededReport();
    expect(ReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ from: "2025-02-19", to: "2025-03-20", days: 30, answered: 15, escalated: 5 });
    const zoom = report.statements[0]!;
    expect(zoom).toMatchObject({ id: "zoom-privacy-statement", title: "Zoom Privacy Statement", answered: 15, escalated: 4 });
    expect(zoom.file).toBe("corpus/zoom-privacy-statement.md");
    expect(zoom.days).toHaveLength(30);
    expect(zoom.days.filter((d) => d.answered + d.escalated > 0)).toEqual([
      { day: "2025-03-11", answered: 5, escalated: 0 },
      { day: "2025-03-15", answered: 2, escalated: 1 },
      { day: "2025-03-18", answered: 4, escalated: 0 },
      { day: "2025-03-20", answered: 4, escalated: 3 },
    ]);
    expect(zoom.sections.map((s) => [s.heading, s.answered, s.escalated])).toEqual([
      ["Sharing of information", 7, 1],
      ["Information gathering", 5, 0],
      ["Access to content", 2, 1],
      ["Cookies and related technologies", 1, 2],
    ]);
    const none = report.statements.at(-1)!;
    expect(none).toMatchObject({ id: null, title: NO_STATEMENT_TITLE, answered: 0, escalated: 1 });
  });

  it("lists the paragraphs most often marked Not helpful, and leaves out those only found helpful", async () => {
    const { report } = await seededReport();
    const zoom = report.statements[0]!;
    expect(zoom.notHelpful.map((p) => [p.section, p.notHelpful, p.helpful])).toEqual([
      ["Cookies and related technologies", 4, 1],
      ["Sharing of information", 2, 0],
    ]);
    expect(zoom.notHelpful[0]!.text).toMatch(/^Harvard may use cookies/);
  });

  it("groups the questions sent to the helpdesk by the section they came closest to, with how each was resolved", async () => {
    const { report, seeded } = await seededReport();
    const zoom = report.statements[0]!;
    const [first, second, third, old] = seeded.references;
    const bySection = Object.fromEntries(zoom.gaps.map((g) => [g.section, g.escalations.map((e) => e.reference)]));
    expect(bySection).toEqual({ "Cookies and related technologies": [first], "Use of information": [second] });
    const cookies = zoom.gaps.find((g) => g.section === "Cookies and related technologies")!.escalations[0]!;
    expect(cookies).toMatchObject({
      question: seeded.answeredQuestion,
      day: "2025-03-19",
      status: "resolved",
      resolvedDay: "2025-03-19",
      helpdeskReplies: ["See the cookies section: they expire."],
    });
    expect(cookies.closest.length).toBeGreaterThan(0);
    expect(cookies.answeredBy).toEqual(cookies.closest[0]);
    expect(report.statements.at(-1)!.gaps).toEqual([
      {
        section: "(no paragraph found)",
        escalations: [expect.objectContaining({ reference: third, question: "what is the wifi password in the library" })],
      },
    ]);
    // Older than the period: not shown.
    expect(JSON.stringify(report)).not.toContain(old!);
  });

  it("shows no one: no name, no Slack id, nothing the person wrote after sending", async () => {
    const { report } = await seededReport();
    const json = JSON.stringify(report);
    for (const secret of ["Ada", "Lovelace", "Grace", "Turing", "U0PERSON", "U0AGENT1", "Sam", "Thanks"])
      expect(json).not.toContain(secret);
  });

  it("proposes the question the helpdesk answered with a paragraph as a ready-to-paste asked: phrasing for it", async () => {
    const { report, seeded } = await seededReport();
    const zoom = report.statements[0]!;
    expect(zoom.phrasings).toEqual([
      {
        reference: seeded.references[0],
        file: "corpus/zoom-privacy-statement.md",
        section: "Cookies and related technologies",
        paragraph: zoom.gaps[0]!.escalations[0]!.answeredBy!.text,
        comment: "<!-- asked: does zoom keep the cookies from my browser / forever? -->",
      },
    ]);
    const text = formatReportText(report);
    expect(text).toContain("Phrasings to add");
    expect(text).toContain("    <!-- asked: does zoom keep the cookies from my browser / forever? -->");
  });

  it("gives every loaded statement a part, saying so when nobody asked about it", async () => {
    const store = createMemoryStore(createMemoryDatabase());
    const statements = loadCorpus(CORPUS_DIR);
    const now = new Date(TODAY);
    const report = await buildReport({ source: store, statements, since: parseSince("7d", now), now });
    expect(report.statements.map((s) => [s.title, s.answered, s.escalated, s.days.length])).toEqual([["Zoom Privacy Statement", 0, 0, 7]]);
    expect(formatReportText(report)).toContain(NOTHING_ASKED);
    expect(renderReportHtml(report)).toContain(NOTHING_ASKED);
  });

  it("writes phrasings the corpus loader reads back as one phrasing each", () => {
    const comment = askedComment("what about\n  my data | and -- yours? -->");
    expect(comment).toBe("<!-- asked: what about my data / and - yours? - -->");
    const markdown = `---\ntitle: T\nurl: https://example.edu/t\nupdated: 2025-01-01\n---\n\n## Data\n\nWe keep data for a year.\n${comment}\n`;
    const paragraph = parseStatement(markdown, "t.md", "t").sections[0]!.paragraphs[0]!;
    expect(paragraph).toMatchObject({ text: "We keep data for a year.", asked: ["what about my data / and - yours? -"] });
    // How the person opened and closed the message is not part of the phrasing.
    expect(askedComment("hi! quick question: how long do you keep my logs? thanks!")).toBe("<!-- asked: how long do you keep my logs? -->");
  });

  it("reads --since as days, weeks or a past date", () => {
    const now = new Date("2025-03-20T15:00:00Z");
    expect(parseSince("30d", now).toISOString()).toBe("2025-02-19T00:00:00.000Z");
    expect(parseSince("1d", now).toISOString()).toBe("2025-03-20T00:00:00.000Z");
    expect(parseSince("2w", now).toISOString()).toBe("2025-03-07T00:00:00.000Z");
    expect(parseSince("2025-03-01", now).toISOString()).toBe("2025-03-01T00:00:00.000Z");
    for (const bad of ["0d", "30", "yesterday", "2025-02-30", "2025-04-01"]) expect(() => parseSince(bad, now)).toThrow(RangeError);
  });
});

describe("privacy-desk report", () => {
  function cli(args: string[], env: NodeJS.ProcessEnv) {
    const r = spawnSync(process.execPath, ["dist/cli.js", "report", ...args], {
      encoding: "utf8",
      env: { ...process.env, CORPUS_DIR: "", ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it("prints the report of the store at DATABASE_PATH as text, or as JSON with --json", async () => {
    const tmp = tempDir();
    try {
      const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
      let t = today;
      const store = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(t) });
      await seedStore(store, { set: (ms) => (t = Math.min(ms, Date.now())) }, today);
      store.close();
      const json = cli(["--json", "--since", "7d"], { DATABASE_PATH: tmp.dbPath });
      expect(json.err).toBe("");
      expect(json.code).toBe(0);
      const report = ReportSchema.parse(JSON.parse(json.out));
      expect(report.days).toBe(7);
      // Within 7 days: days 0, 2 and 5 of the plan, and the question with no paragraph.
      expect([report.answered, report.escalated]).toEqual([10, 5]);
      const text = cli([], { DATABASE_PATH: tmp.dbPath });
      expect(text.code).toBe(0);
      expect(text.out).toContain("## Zoom Privacy Statement (corpus/zoom-privacy-statement.md)");
      expect(text.out).toMatch(/\(30 days, UTC\)/);
    } finally {
      tmp.cleanup();
    }
  });

  it("refuses a period it cannot read, with exit code 2", () => {
    const tmp = tempDir();
    try {
      const r = cli(["--since", "last tuesday"], { DATABASE_PATH: tmp.dbPath });
      expect(r.code).toBe(2);
      expect(r.err).toContain("--since takes a number of days or weeks");
    } finally {
      tmp.cleanup();
    }
  });
});
