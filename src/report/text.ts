import type { Report, StatementReport } from "./report.js";

/** Said for a statement nobody asked about in the period. */
export const NOTHING_ASKED = "Nothing asked in this period.";

/** The share of questions escalated, as a whole percentage ("12%"), or "–" with no questions. */
export function escalatedShare(x: { answered: number; escalated: number }): string {
  const all = x.answered + x.escalated;
  return all === 0 ? "–" : `${Math.round((100 * x.escalated) / all)}%`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A paragraph cut to a line's worth, on a word. */
export function excerpt(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

function statementText(s: StatementReport): string[] {
  const out: string[] = [];
  out.push(`## ${s.title}${s.file ? ` (${s.file})` : ""}`, "");
  out.push(`${s.answered} answered, ${s.escalated} escalated (${escalatedShare(s)} escalated)`);
  const active = s.days.filter((d) => d.answered + d.escalated > 0);
  if (active.length > 0) {
    out.push("", "By day (answered / escalated):");
    for (const d of active) out.push(`  ${d.day}  ${String(d.answered).padStart(4)} / ${d.escalated}`);
  }
  if (s.sections.length > 0) {
    out.push("", "By section (answered / escalated):");
    for (const sec of s.sections) out.push(`  ${String(sec.answered).padStart(4)} / ${String(sec.escalated).padEnd(4)} ${sec.heading}`);
  }
  if (s.notHelpful.length > 0) {
    out.push("", "Most often marked Not helpful (since counting began):");
    for (const p of s.notHelpful)
      out.push(`  ${plural(p.notHelpful, "time")} not helpful, ${p.helpful} helpful — ${p.section}: "${excerpt(p.text)}"`);
  }
  if (s.gaps.length > 0) {
    out.push("", "Questions sent to the helpdesk, by the section they came closest to:");
    for (const g of s.gaps) {
      out.push(`  ${g.section} (${plural(g.escalations.length, "question")})`);
      for (const e of g.escalations) {
        const state = e.status === "resolved" ? `resolved ${e.resolvedDay}` : e.status;
        out.push(`    ${e.reference} ${e.day} [${state}] "${excerpt(e.question, 200)}"`);
        for (const c of e.closest) out.push(`      found: ${c.section}: "${excerpt(c.text, 70)}"`);
        if (e.answeredBy) out.push(`      answered by: ${e.answeredBy.section}: "${excerpt(e.answeredBy.text, 70)}"`);
        for (const reply of e.helpdeskReplies) out.push(`      helpdesk: "${excerpt(reply, 200)}"`);
      }
    }
  }
  if (s.phrasings.length > 0) {
    out.push("", "Phrasings to add (paste on the line after the paragraph):");
    for (const p of s.phrasings) {
      out.push(`  ${p.file ?? s.title}, "${p.section}", after "${excerpt(p.paragraph, 60)}" (${p.reference}):`);
      out.push(`    ${p.comment}`);
    }
  }
  if (s.answered + s.escalated === 0) out.push("", NOTHING_ASKED);
  return out;
}

/** The report as `privacy-desk report` prints it: plain text, one part per statement. */
export function formatReportText(report: Report): string {
  const lines = [
    `Privacy Desk report: ${report.from} to ${report.to} (${plural(report.days, "day")}, UTC)`,
    `${report.answered + report.escalated} questions: ${report.answered} answered, ${report.escalated} escalated (${escalatedShare(report)} escalated)`,
  ];
  for (const s of report.statements) lines.push("", ...statementText(s));
  return `${lines.join("\n")}\n`;
}
