import { NO_SECTION, type Report, type StatementReport } from "./report.js";
import { escalatedShare, excerpt, NOTHING_ASKED } from "./text.js";

/** Colours of the two outcomes, the same in every chart and legend. */
const ANSWERED = "#2f7d5b";
const ESCALATED = "#d9822b";

/** Text for HTML (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
const h = escapeHtml;

/** A number shown on the page, marked so a reader (or a test) can find which figure it is. */
const figure = (name: string, value: number | string) => `<span data-figure="${h(name)}">${h(String(value))}</span>`;

/** Stacked bars, one per day: answered below, escalated above, with the busiest day's total on the axis. */
function dayChart(s: StatementReport): string {
  const width = 640;
  const height = 150;
  const left = 28;
  const bottom = 20;
  const plotW = width - left - 4;
  const plotH = height - bottom - 8;
  const max = Math.max(1, ...s.days.map((d) => d.answered + d.escalated));
  const step = plotW / s.days.length;
  const bar = Math.max(1, step * 0.8);
  const y = (n: number) => (plotH * n) / max;
  const bars = s.days
    .map((d, i) => {
      const x = left + i * step + (step - bar) / 2;
      const a = y(d.answered);
      const e = y(d.escalated);
      const title = `<title>${h(d.day)}: ${d.answered} answered, ${d.escalated} escalated</title>`;
      return (
        `<g class="day" data-day="${h(d.day)}" data-answered="${d.answered}" data-escalated="${d.escalated}">${title}` +
        `<rect x="${x.toFixed(1)}" y="${(8 + plotH - a).toFixed(1)}" width="${bar.toFixed(1)}" height="${a.toFixed(1)}" fill="${ANSWERED}"/>` +
        `<rect x="${x.toFixed(1)}" y="${(8 + plotH - a - e).toFixed(1)}" width="${bar.toFixed(1)}" height="${e.toFixed(1)}" fill="${ESCALATED}"/></g>`
      );
    })
    .join("");
  const first = s.days[0]?.day ?? "";
  const last = s.days.at(-1)?.day ?? "";
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Questions per day: answered and escalated" xmlns="http://www.w3.org/2000/svg">` +
    `<line x1="${left}" y1="${8 + plotH}" x2="${width - 4}" y2="${8 + plotH}" stroke="#999"/>` +
    `<line x1="${left}" y1="8" x2="${width - 4}" y2="8" stroke="#e5e5e5"/>` +
    `<text x="${left - 4}" y="12" text-anchor="end" class="axis">${max}</text>` +
    `<text x="${left - 4}" y="${8 + plotH}" text-anchor="end" class="axis">0</text>` +
    bars +
    `<text x="${left}" y="${height - 4}" class="axis">${h(first)}</text>` +
    `<text x="${width - 4}" y="${height - 4}" text-anchor="end" class="axis">${h(last)}</text>` +
    `</svg>`
  );
}

/** One horizontal bar per section: answered and escalated side by side on one scale. */
function sectionChart(s: StatementReport): string {
  if (s.sections.length === 0) return "";
  const rows = s.sections.slice(0, 12);
  const max = Math.max(1, ...rows.map((r) => r.answered + r.escalated));
  const width = 640;
  const label = 250;
  const rowH = 22;
  const plotW = width - label - 50;
  const body = rows
    .map((r, i) => {
      const top = i * rowH + 4;
      const a = (plotW * r.answered) / max;
      const e = (plotW * r.escalated) / max;
      return (
        `<g class="section-bar" data-section="${h(r.heading)}" data-answered="${r.answered}" data-escalated="${r.escalated}">` +
        `<title>${h(r.heading)}: ${r.answered} answered, ${r.escalated} escalated</title>` +
        `<text x="${label - 8}" y="${top + 14}" text-anchor="end" class="label">${h(excerpt(r.heading, 38))}</text>` +
        `<rect x="${label}" y="${top + 3}" width="${a.toFixed(1)}" height="14" fill="${ANSWERED}"/>` +
        `<rect x="${(label + a).toFixed(1)}" y="${top + 3}" width="${e.toFixed(1)}" height="14" fill="${ESCALATED}"/>` +
        `<text x="${(label + a + e + 6).toFixed(1)}" y="${top + 14}" class="label">${r.answered + r.escalated}</text></g>`
      );
    })
    .join("");
  return `<svg class="chart" viewBox="0 0 ${width} ${rows.length * rowH + 8}" role="img" aria-label="Questions by section" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

function statementPart(s: StatementReport, index: number): string {
  const id = `s${index}`;
  const heading = s.url ? `<a href="${h(s.url)}">${h(s.title)}</a>` : h(s.title);
  const parts: string[] = [
    `<section class="statement" data-statement="${h(s.id ?? "")}" id="${id}">`,
    `<h2>${heading}</h2>`,
    s.file ? `<p class="file">Statement file: <code>${h(s.file)}</code></p>` : "",
    `<p class="counts"><b class="answered">${figure(`${id}.answered`, s.answered)} answered</b> · ` +
      `<b class="escalated">${figure(`${id}.escalated`, s.escalated)} escalated</b> · ${figure(`${id}.share`, escalatedShare(s))} escalated</p>`,
  ];
  if (s.answered + s.escalated > 0) {
    parts.push(`<h3>Questions per day</h3>`, dayChart(s), `<h3>By section</h3>`, sectionChart(s));
  } else parts.push(`<p class="note">${NOTHING_ASKED}</p>`);
  if (s.notHelpful.length > 0) {
    const max = Math.max(...s.notHelpful.map((p) => p.notHelpful));
    parts.push(
      `<h3>Most often marked Not helpful</h3><p class="note">Counted since the bot began counting, not only in this period.</p><ol class="not-helpful">`,
      ...s.notHelpful.map(
        (p) =>
          `<li data-paragraph="${h(p.paragraphId)}"><span class="meter" style="width:${Math.round((120 * p.notHelpful) / max)}px"></span>` +
          `<b>${figure(`${id}.notHelpful.${p.paragraphId}`, p.notHelpful)} not helpful</b>, ${p.helpful} helpful — ` +
          `<i>${h(p.section)}</i>: “${h(excerpt(p.text, 160))}”</li>`,
      ),
      `</ol>`,
    );
  }
  if (s.gaps.length > 0) {
    parts.push(
      `<h3>What the statement does not yet answer</h3><p class="note">Questions people chose to send to the helpdesk, by the section they came closest to.</p>`,
    );
    for (const g of s.gaps) {
      parts.push(
        `<div class="gap" data-gap="${h(g.section)}"><h4>${h(g.section)} <span class="pill">${figure(`${id}.gap.${g.section}`, g.escalations.length)}</span></h4><ul>`,
      );
      for (const e of g.escalations) {
        const state = e.status === "resolved" ? `resolved ${e.resolvedDay}` : e.status;
        parts.push(
          `<li class="escalation" data-reference="${h(e.reference)}"><p class="question">“${h(e.question)}”</p>` +
            `<p class="meta">${h(e.reference)} · asked ${h(e.day)} · <span class="status ${h(e.status)}">${h(state)}</span></p>` +
            (e.closest.length > 0
              ? `<p class="found">Closest: ${e.closest.map((c) => `<i>${h(c.section)}</i> “${h(excerpt(c.text, 80))}”`).join("; ")}</p>`
              : `<p class="found">${h(NO_SECTION)}</p>`) +
            (e.answeredBy
              ? `<p class="answered-by">The helpdesk answered it with <i>${h(e.answeredBy.section)}</i>: “${h(excerpt(e.answeredBy.text, 120))}”</p>`
              : "") +
            e.helpdeskReplies.map((r) => `<p class="reply">Helpdesk: “${h(excerpt(r, 300))}”</p>`).join("") +
            `</li>`,
        );
      }
      parts.push(`</ul></div>`);
    }
  }
  if (s.phrasings.length > 0) {
    parts.push(`<h3>Phrasings to add</h3><p class="note">Paste each line after the paragraph it names.</p>`);
    for (const p of s.phrasings)
      parts.push(
        `<div class="phrasing" data-reference="${h(p.reference)}"><p>${h(p.file ?? s.title)} · <i>${h(p.section)}</i> · after “${h(excerpt(p.paragraph, 80))}”</p><pre>${h(p.comment)}</pre></div>`,
      );
  }
  parts.push(`</section>`);
  return parts.join("\n");
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f7;margin:0}
main{max-width:760px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:0 0 4px}h3{font-size:15px;margin:20px 0 6px;color:#444}
h4{font-size:14px;margin:12px 0 4px}
.period{color:#555;margin:0 0 16px}
.cards{display:flex;gap:12px;margin:0 0 20px}
.card{flex:1;background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .n{font-size:28px;font-weight:700;display:block}.card.answered .n{color:${ANSWERED}}.card.escalated .n{color:${ESCALATED}}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
.statement{background:#fff;border-radius:10px;padding:16px 18px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.file{color:#666;margin:0 0 6px;font-size:13px}.counts .answered{color:${ANSWERED}}.counts .escalated{color:${ESCALATED}}
.chart{width:100%;height:auto;display:block}.axis{font-size:11px;fill:#777}.label{font-size:12px;fill:#333}
.note{color:#666;font-size:13px;margin:0 0 6px}
.not-helpful li{margin:0 0 6px}.meter{display:inline-block;height:8px;background:${ESCALATED};border-radius:4px;margin-right:8px;vertical-align:middle}
.gap ul{list-style:none;padding:0;margin:0}.escalation{border-left:3px solid ${ESCALATED};padding:4px 10px;margin:0 0 10px;background:#fbf7f2}
.question{font-weight:600;margin:0}.meta,.found,.reply,.answered-by{margin:2px 0;font-size:13px;color:#444}
.pill{background:${ESCALATED};color:#fff;border-radius:9px;padding:0 7px;font-size:12px}
.status.resolved{color:${ANSWERED}}
pre{background:#1d2330;color:#e8eaf0;padding:8px 10px;border-radius:6px;white-space:pre-wrap;font-size:13px}
a{color:#1f5fbf}
`;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or images from elsewhere
 * (its Content-Security-Policy forbids loading anything).
 */
export function renderReportHtml(report: Report): string {
  const share = escalatedShare(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy Desk: what people asked, ${h(report.from)} to ${h(report.to)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>What people asked Privacy Desk</h1>
<p class="period">${h(report.from)} to ${h(report.to)} · ${report.days} days (UTC)
<span class="legend"><span style="background:${ANSWERED}"></span>answered<span style="background:${ESCALATED}"></span>escalated</span></p>
<div class="cards">
<div class="card"><span class="n">${figure("questions", report.answered + report.escalated)}</span>questions</div>
<div class="card answered"><span class="n">${figure("answered", report.answered)}</span>answered</div>
<div class="card escalated"><span class="n">${figure("escalated", report.escalated)}</span>escalated</div>
<div class="card"><span class="n">${figure("share", share)}</span>of questions escalated</div>
</div>
${report.statements.map(statementPart).join("\n")}
</main></body></html>
`;
}
