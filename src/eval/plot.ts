import type { EvalRun } from "./eval-run.js";

/** The three per-statement measures drawn as bars, with their colours. */
const MEASURES = [
  { name: "accuracy", color: "#4472c4", value: (r: EvalRun["rows"][number]) => r.engine.accuracy },
  { name: "rank-1", color: "#ed7d31", value: (r: EvalRun["rows"][number]) => share(r.engine.rank1, r.engine.answerable) },
  { name: "useful", color: "#70ad47", value: (r: EvalRun["rows"][number]) => share(r.engine.useful, r.engine.total) },
] as const;

const WIDTH = 1000;
const HEIGHT = 430;
/** Plot areas: the reliability diagram on the left, the per-statement bars on the right. */
const LEFT = { x: 60, y: 50, w: 340, h: 300 };
const RIGHT = { x: 490, y: 50, w: 490, h: 300 };

function share(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Text for XML: the five characters that could end an attribute or open a tag. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

const f = (x: number) => Number(x.toFixed(1));

function axes(area: typeof LEFT, xLabel: string | null): string[] {
  const out = [
    `<line x1="${area.x}" y1="${area.y + area.h}" x2="${area.x + area.w}" y2="${area.y + area.h}" stroke="#333"/>`,
    `<line x1="${area.x}" y1="${area.y}" x2="${area.x}" y2="${area.y + area.h}" stroke="#333"/>`,
  ];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const y = f(area.y + area.h * (1 - t));
    out.push(`<line x1="${area.x - 4}" y1="${y}" x2="${area.x + area.w}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${area.x - 8}" y="${y + 4}" text-anchor="end">${t}</text>`);
  }
  if (xLabel) out.push(`<text x="${area.x + area.w / 2}" y="${area.y + area.h + 36}" text-anchor="middle">${esc(xLabel)}</text>`);
  return out;
}

/**
 * The run as one self-contained SVG: on the left the reliability diagram of the held-out confidences (for each
 * tenth of confidence, the share of questions whose best paragraph is right, with how many fall in it, against
 * the diagonal a calibrated confidence follows); on the right, per statement, its accuracy, rank-1 and useful
 * responses.
 */
export function renderPlot(run: EvalRun): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);

  // Reliability diagram.
  out.push(`<g class="reliability">`);
  out.push(
    `<text x="${LEFT.x}" y="28" font-size="14" font-weight="bold">Reliability of held-out confidences (ECE ${run.calibration.ece.toFixed(3)})</text>`,
  );
  out.push(...axes(LEFT, "confidence (10 equal bins)"));
  for (const t of [0, 0.5, 1]) out.push(`<text x="${f(LEFT.x + LEFT.w * t)}" y="${LEFT.y + LEFT.h + 16}" text-anchor="middle">${t}</text>`);
  out.push(`<line x1="${LEFT.x}" y1="${LEFT.y + LEFT.h}" x2="${LEFT.x + LEFT.w}" y2="${LEFT.y}" stroke="#999" stroke-dasharray="4 3"/>`);
  const binW = LEFT.w / run.calibration.bins.length;
  run.calibration.bins.forEach((b, i) => {
    const x = f(LEFT.x + i * binW + 2);
    if (b.count === 0) {
      out.push(
        `<g class="bin" data-count="0"><text x="${f(x + binW / 2 - 2)}" y="${LEFT.y + LEFT.h - 4}" text-anchor="middle" fill="#999">0</text></g>`,
      );
      return;
    }
    const h = f(LEFT.h * b.shareRight);
    const y = f(LEFT.y + LEFT.h - h);
    out.push(
      `<g class="bin" data-count="${b.count}"><title>${b.lo.toFixed(1)}–${b.hi.toFixed(1)}: ${b.count} questions, mean confidence ${b.meanConfidence.toFixed(3)}, share right ${b.shareRight.toFixed(3)}</title>` +
        `<rect x="${x}" y="${y}" width="${f(binW - 4)}" height="${h}" fill="#4472c4" fill-opacity="0.8"/>` +
        `<circle cx="${f(LEFT.x + LEFT.w * b.meanConfidence)}" cy="${f(LEFT.y + LEFT.h * (1 - b.shareRight))}" r="2.5" fill="#c00000"/>` +
        `<text x="${f(x + binW / 2 - 2)}" y="${f(y - 4)}" text-anchor="middle">${b.count}</text></g>`,
    );
  });
  out.push(`<text x="${LEFT.x}" y="${HEIGHT - 20}" fill="#666">bar: share right, above it the questions in the bin;</text>`);
  out.push(`<text x="${LEFT.x}" y="${HEIGHT - 6}" fill="#666">dot: mean confidence; dashed: a calibrated confidence</text>`);
  out.push(`</g>`);

  // Per-statement bars.
  out.push(`<g class="statements">`);
  out.push(`<text x="${RIGHT.x}" y="28" font-size="14" font-weight="bold">Each statement, decided by a fit made without it</text>`);
  out.push(...axes(RIGHT, null));
  const groupW = RIGHT.w / Math.max(1, run.rows.length);
  const barW = Math.min(22, (groupW - 10) / MEASURES.length);
  run.rows.forEach((row, i) => {
    const gx = RIGHT.x + i * groupW + (groupW - barW * MEASURES.length) / 2;
    const bars = MEASURES.map((m, j) => {
      const v = m.value(row);
      const h = f(RIGHT.h * v);
      return `<rect class="${m.name}" x="${f(gx + j * barW)}" y="${f(RIGHT.y + RIGHT.h - h)}" width="${f(barW - 1)}" height="${h}" fill="${m.color}"><title>${esc(row.statement)} ${m.name} ${v.toFixed(3)}</title></rect>`;
    });
    const cx = f(RIGHT.x + (i + 0.5) * groupW);
    const name = row.statement.replace(/-privacy-statement$/, "");
    const label = name.length > 13 ? `${name.slice(0, 12)}…` : name;
    out.push(
      `<g class="statement" data-statement="${esc(row.statement)}">${bars.join("")}` +
        `<text x="${cx}" y="${RIGHT.y + RIGHT.h + 16}" text-anchor="middle">${esc(label)}</text>` +
        `<text x="${cx}" y="${RIGHT.y + RIGHT.h + 30}" text-anchor="middle" fill="#666">${row.engine.total} questions</text></g>`,
    );
  });
  MEASURES.forEach((m, j) => {
    const x = RIGHT.x + j * 110;
    out.push(
      `<rect x="${x}" y="${HEIGHT - 30}" width="12" height="12" fill="${m.color}"/><text x="${x + 18}" y="${HEIGHT - 20}">${m.name}</text>`,
    );
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
