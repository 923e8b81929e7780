import { relative } from "node:path";
import { z } from "zod";
import type { Paragraph, Section, Statement } from "../corpus/statement.js";
import type { EscalationRecords, FeedbackCounts, MessageLog, QuestionCounts } from "../escalation/store/types.js";
import { asAsked } from "../search/question.js";

/** What the report reads from the store: counts, feedback, and the escalations still kept, with their replies. */
export type ReportSource = Pick<QuestionCounts, "questionCounts"> &
  Pick<FeedbackCounts, "feedbackCounts"> &
  Pick<EscalationRecords, "listCreatedSince"> &
  Pick<MessageLog, "listMessages">;

const DAY_MS = 86_400_000;

/** Paragraphs listed under "most often marked Not helpful", per statement. */
export const MOST_NOT_HELPFUL = 5;

const CountsSchema = z.object({ answered: z.number().int().min(0), escalated: z.number().int().min(0) });

const ParagraphRefSchema = z.object({
  section: z.string(),
  /** The paragraph as the statement says it (as the escalation recorded it, for one found at the time). */
  text: z.string(),
  url: z.string().nullable(),
});

/** One escalation the person consented to share, as the privacy office sees it: no name, no Slack id. */
const GapSchema = z.object({
  reference: z.string(),
  /** YYYY-MM-DD, UTC. */
  day: z.string(),
  question: z.string(),
  /** The paragraphs the bot found, closest first. */
  closest: z.array(ParagraphRefSchema),
  status: z.enum(["open", "claimed", "resolved"]),
  resolvedDay: z.string().nullable(),
  /** The paragraph the helpdesk said answered it, when it said one did. */
  answeredBy: ParagraphRefSchema.nullable(),
  /** What the helpdesk wrote back to the person, in order. */
  helpdeskReplies: z.array(z.string()),
});

/** A phrasing to add to a statement: the question the helpdesk answered with a paragraph, as an asked: comment. */
const PhrasingProposalSchema = z.object({
  reference: z.string(),
  /** The statement file, relative to the working directory; null when the statement is no longer loaded. */
  file: z.string().nullable(),
  section: z.string(),
  paragraph: z.string(),
  /** Ready to paste on the line after the paragraph. */
  comment: z.string(),
});

const StatementReportSchema = z.object({
  /** The statement's id; null for questions no paragraph came close to. */
  id: z.string().nullable(),
  title: z.string(),
  file: z.string().nullable(),
  url: z.string().nullable(),
  ...CountsSchema.shape,
  /** Every day of the period, oldest first, with zeroes. */
  days: z.array(z.object({ day: z.string(), ...CountsSchema.shape })),
  /** Sections by how many questions came closest to them, most first. */
  sections: z.array(z.object({ slug: z.string().nullable(), heading: z.string(), ...CountsSchema.shape })),
  /** Paragraphs most often marked Not helpful (since counting began), most first. */
  notHelpful: z.array(
    z.object({ paragraphId: z.string(), section: z.string(), text: z.string(), helpful: z.number().int(), notHelpful: z.number().int() }),
  ),
  /** Escalations in the period grouped by the section they came closest to: what the statement does not yet answer. */
  gaps: z.array(z.object({ section: z.string(), escalations: z.array(GapSchema) })),
  phrasings: z.array(PhrasingProposalSchema),
});

/** The report as `privacy-desk report --json` prints it; the text, HTML and App Home forms are drawn from it. */
export const ReportSchema = z.object({
  /** First and last day of the period (YYYY-MM-DD, UTC), both included. */
  from: z.string(),
  to: z.string(),
  days: z.number().int().min(1),
  ...CountsSchema.shape,
  statements: z.array(StatementReportSchema),
});
export type Report = z.infer<typeof ReportSchema>;
export type StatementReport = z.infer<typeof StatementReportSchema>;
export type Gap = z.infer<typeof GapSchema>;

/** The heading of the group for questions no paragraph came close to. */
export const NO_STATEMENT_TITLE = "Questions no statement came close to";
/** The section name for escalations that found no paragraph. */
export const NO_SECTION = "(no paragraph found)";

/** The UTC day of a time, YYYY-MM-DD. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * The first moment of the period `--since` names, as of `now`: `30d` (the last 30 days, today included), `8w`,
 * or a date `2025-03-01`. Throws a RangeError on anything else.
 */
export function parseSince(value: string, now: Date): Date {
  const today = Date.parse(`${dayOf(now)}T00:00:00Z`);
  const span = /^(\d{1,4})([dw])$/.exec(value.trim());
  if (span) {
    const days = Number(span[1]) * (span[2] === "w" ? 7 : 1);
    if (days >= 1) return new Date(today - (days - 1) * DAY_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const at = Date.parse(`${value.trim()}T00:00:00Z`);
    if (Number.isFinite(at) && dayOf(new Date(at)) === value.trim() && at <= today) return new Date(at);
  }
  throw new RangeError(`--since takes a number of days or weeks (30d, 8w) or a past date (2025-03-01), not "${value}"`);
}

/**
 * An `asked:` comment for a question: one line, without the characters that would end the comment or split it,
 * and without how the person opened or closed their message ("hi! quick question:", "thanks!"), which a phrasing
 * would otherwise make the paragraph's own words.
 */
export function askedComment(question: string): string {
  const asked = asAsked(question).question || question;
  const phrasing = asked.replace(/\s+/g, " ").replace(/\|/g, "/").replace(/-{2,}/g, "-").replace(/[<>]/g, "").trim();
  return `<!-- asked: ${phrasing} -->`;
}

interface Where {
  statement: Statement;
  section: Section;
  paragraph: Paragraph;
}

/** Builds the report for the days from `since` to `now` over the statements loaded now. */
export async function buildReport(options: {
  source: ReportSource;
  statements: readonly Statement[];
  since: Date;
  now: Date;
  /** Files are shown relative to this folder (the working directory by default). */
  cwd?: string;
}): Promise<Report> {
  const { source, statements, now } = options;
  const cwd = options.cwd ?? process.cwd();
  const from = dayOf(options.since);
  const to = dayOf(now);
  const dayList: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); dayOf(new Date(t)) <= to; t += DAY_MS) dayList.push(dayOf(new Date(t)));

  const byId = new Map(statements.map((s) => [s.id, s]));
  const byTitle = new Map(statements.map((s) => [s.title, s]));
  const paragraphs = new Map<string, Where>();
  for (const statement of statements)
    for (const section of statement.sections)
      for (const paragraph of section.paragraphs) paragraphs.set(paragraph.id, { statement, section, paragraph });

  const reports = new Map<string | null, StatementReport>();
  const fileOf = (s: Statement) => relative(cwd, s.file) || s.file;
  const reportFor = (id: string | null): StatementReport => {
    let r = reports.get(id);
    if (!r) {
      const s = id === null ? undefined : byId.get(id);
      r = {
        id,
        title: id === null ? NO_STATEMENT_TITLE : (s?.title ?? id),
        file: s ? fileOf(s) : null,
        url: s?.url ?? null,
        answered: 0,
        escalated: 0,
        days: dayList.map((day) => ({ day, answered: 0, escalated: 0 })),
        sections: [],
        notHelpful: [],
        gaps: [],
        phrasings: [],
      };
      reports.set(id, r);
    }
    return r;
  };
  // Every loaded statement has a part, even in a quiet period.
  for (const s of statements) reportFor(s.id);

  for (const c of await source.questionCounts(options.since)) {
    if (c.day > to) continue;
    const r = reportFor(c.statementId);
    r.answered += c.answered;
    r.escalated += c.escalated;
    const day = r.days.find((d) => d.day === c.day);
    if (day) {
      day.answered += c.answered;
      day.escalated += c.escalated;
    }
    const statement = c.statementId === null ? undefined : byId.get(c.statementId);
    const heading =
      c.sectionSlug === null ? NO_SECTION : (statement?.sections.find((s) => s.slug === c.sectionSlug)?.heading ?? c.sectionSlug);
    let section = r.sections.find((s) => s.slug === c.sectionSlug);
    if (!section) {
      section = { slug: c.sectionSlug, heading, answered: 0, escalated: 0 };
      r.sections.push(section);
    }
    section.answered += c.answered;
    section.escalated += c.escalated;
  }

  for (const f of await source.feedbackCounts()) {
    if (f.notHelpful === 0) continue;
    const where = paragraphs.get(f.paragraphId);
    const statementId = where?.statement.id ?? f.paragraphId.split("/")[0]!;
    if (!where && !byId.has(statementId)) continue;
    reportFor(statementId).notHelpful.push({
      paragraphId: f.paragraphId,
      section: where?.section.heading ?? f.paragraphId.split("/")[1] ?? "",
      text: where?.paragraph.text ?? "(this paragraph is no longer in the statement)",
      helpful: f.helpful,
      notHelpful: f.notHelpful,
    });
  }

  for (const e of await source.listCreatedSince(options.since)) {
    const best = e.matches[0];
    const statement = best ? byTitle.get(best.statement) : undefined;
    const r = reportFor(best ? (statement?.id ?? best.statement) : null);
    if (best && !statement) r.title = best.statement;
    const sectionName = best?.section ?? NO_SECTION;
    let group = r.gaps.find((g) => g.section === sectionName);
    if (!group) {
      group = { section: sectionName, escalations: [] };
      r.gaps.push(group);
    }
    const ref = (m: (typeof e.matches)[number]) => ({ section: m.section, text: m.text, url: m.url });
    const answeredBy = e.answeredBy === null ? undefined : e.matches[e.answeredBy];
    const replies = (await source.listMessages(e.reference)).filter((m) => m.direction === "to_person").map((m) => m.text);
    group.escalations.push({
      reference: e.reference,
      day: dayOf(e.createdAt),
      question: e.question,
      closest: e.matches.map(ref),
      status: e.status,
      resolvedDay: e.resolvedAt ? dayOf(e.resolvedAt) : null,
      answeredBy: answeredBy ? ref(answeredBy) : null,
      helpdeskReplies: replies,
    });
    if (answeredBy) {
      const home = byTitle.get(answeredBy.statement);
      const target = home ? reportFor(home.id) : r;
      target.phrasings.push({
        reference: e.reference,
        file: home ? fileOf(home) : null,
        section: answeredBy.section,
        paragraph: answeredBy.text,
        comment: askedComment(e.question),
      });
    }
  }

  const total = (x: { answered: number; escalated: number }) => x.answered + x.escalated;
  const list = [...reports.values()].sort((a, b) =>
    a.id === null ? 1 : b.id === null ? -1 : total(b) - total(a) || a.title.localeCompare(b.title),
  );
  for (const r of list) {
    r.sections.sort((a, b) => total(b) - total(a) || a.heading.localeCompare(b.heading));
    r.notHelpful = r.notHelpful
      .sort((a, b) => b.notHelpful - a.notHelpful || a.helpful - b.helpful || a.paragraphId.localeCompare(b.paragraphId))
      .slice(0, MOST_NOT_HELPFUL);
    r.gaps.sort((a, b) => b.escalations.length - a.escalations.length || a.section.localeCompare(b.section));
  }
  const answered = list.reduce((n, r) => n + r.answered, 0);
  const escalated = list.reduce((n, r) => n + r.escalated, 0);
  return ReportSchema.parse({ from, to, days: dayList.length, answered, escalated, statements: list });
}
