import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import type { EvalRun } from "../../src/eval/eval-run.js";
import { renderPlot } from "../../src/eval/plot.js";
import { collectRun } from "../../src/eval/run.js";
import { loadQuestionSets } from "../../src/eval/sets.js";

/** Parses XML strictly: any warning or error fails. */
function parse(svg: string) {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(
    svg,
    "image/svg+xml",
  );
  expect(problems).toEqual([]);
  return doc;
}

const byClass = (doc: ReturnType<typeof parse>, cls: string) =>
  Array.from(doc.getElementsByTagName("g")).filter((g) => g.getAttribute("class") === cls);

describe("the plot", () => {
  const run = collectRun(loadQuestionSets({ includeOptional: false }));

  it("is a well-formed SVG with the reliability diagram's ten bins and one bar group per statement", () => {
    const doc = parse(renderPlot(run));
    expect(doc.documentElement?.nodeName).toBe("svg");
    expect(doc.documentElement?.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    const groups = byClass(doc, "statement");
    expect(groups.map((g) => g.getAttribute("data-statement"))).toEqual(run.rows.map((r) => r.statement));
    for (const g of groups)
      expect(Array.from(g.getElementsByTagName("rect")).map((r) => r.getAttribute("class"))).toEqual(["accuracy", "rank-1", "useful"]);
    const bins = byClass(doc, "bin");
    expect(bins).toHaveLength(10);
    expect(bins.reduce((n, b) => n + Number(b.getAttribute("data-count")), 0)).toBe(run.total.engine.total);
  });

  it("stays well-formed whatever a statement is called, and draws a bar's height from its measure", () => {
    const odd: EvalRun = { ...run, rows: run.rows.map((r, i) => ({ ...r, statement: i === 0 ? `fees & "fines" <2024>` : r.statement })) };
    const doc = parse(renderPlot(odd));
    const groups = byClass(doc, "statement");
    expect(groups[0]!.getAttribute("data-statement")).toBe(`fees & "fines" <2024>`);
    const heights = Array.from(groups[0]!.getElementsByTagName("rect")).map((r) => Number(r.getAttribute("height")));
    const e = run.rows[0]!.engine;
    expect(heights[0]! / 300).toBeCloseTo(e.accuracy, 2);
    expect(heights[2]! / 300).toBeCloseTo(e.useful / e.total, 2);
  });
});
