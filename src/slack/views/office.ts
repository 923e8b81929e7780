import { dirname } from "node:path";
import type { Block } from "../../blockkit/blocks.js";
import { context, divider, header, section } from "../../blockkit/blocks.js";
import { escapeText, link, truncate } from "../../blockkit/mrkdwn.js";
import type { Report, StatementReport } from "../../report/report.js";
import { escalatedShare, excerpt } from "../../report/text.js";
import { OFFICE_FILES, OFFICE_FULL_REPORT, OFFICE_ONLY_YOU, officeHeading } from "../texts.js";

/** Statements summarised on App Home; the rest are in the full report. */
const MAX_OFFICE_STATEMENTS = 8;

/** What the privacy office's part of App Home shows: the report, and where the statement files are edited. */
export interface OfficeSummary {
  report: Report;
  /** STATEMENT_FILES_URL, when set. */
  filesUrl?: string | undefined;
}

function statementSummary(s: StatementReport): string {
  const lines = [`*${escapeText(truncate(s.title, 200))}* — ${s.answered} answered · ${s.escalated} escalated (${escalatedShare(s)})`];
  const worst = s.notHelpful[0];
  if (worst)
    lines.push(`Most often Not helpful (${worst.notHelpful}×): _${escapeText(worst.section)}_ “${escapeText(excerpt(worst.text, 90))}”`);
  const sent = s.gaps.reduce((n, g) => n + g.escalations.length, 0);
  if (sent > 0)
    lines.push(
      `Sent to ithelp: ${sent}, closest to ${s.gaps
        .slice(0, 3)
        .map((g) => `_${escapeText(truncate(g.section, 60))}_ (${g.escalations.length})`)
        .join(", ")}`,
    );
  if (s.phrasings.length > 0) lines.push(`Phrasings to add: ${s.phrasings.length}`);
  return lines.join("\n");
}

/** The App Home blocks for the privacy office: the totals, one summary per statement, and the statement files. */
export function buildOfficeBlocks(summary: OfficeSummary): Block[] {
  const { report } = summary;
  const files = report.statements.map((s) => s.file).filter((f): f is string => f !== null);
  const where = summary.filesUrl
    ? link(summary.filesUrl, OFFICE_FILES)
    : files.length > 0
      ? `${OFFICE_FILES}: \`${escapeText(dirname(files[0]!))}\``
      : "";
  const blocks: Block[] = [
    header(officeHeading(report.days)),
    section(
      `*${report.answered + report.escalated} questions*: ${report.answered} answered, ${report.escalated} escalated (${escalatedShare(report)}) · ${report.from} to ${report.to}` +
        (where ? `\n${where}` : ""),
    ),
  ];
  for (const s of report.statements.slice(0, MAX_OFFICE_STATEMENTS)) blocks.push(section(statementSummary(s)));
  blocks.push(context(OFFICE_FULL_REPORT), context(OFFICE_ONLY_YOU), divider());
  return blocks;
}
