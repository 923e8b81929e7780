import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { type Report, ReportSchema } from "../../src/report/report.js";
import { tempDir } from "../escalation/fixtures.js";
import { launchChromium } from "../support/chromium.js";
import { seedStore } from "./support/seed.js";

// The page a privacy officer opens, rendered by a real headless Chromium from `privacy-desk report --html`.
let tmp: ReturnType<typeof tempDir>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let report: Report;
let pageFile: string;

beforeAll(async () => {
  tmp = tempDir();
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  let t = today;
  const store = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(t) });
  await seedStore(store, { set: (ms) => (t = Math.min(ms, Date.now())) }, today);
  store.close();
  pageFile = join(tmp.dir, "report.html");
  const r = spawnSync(process.execPath, ["dist/cli.js", "report", "--json", "--html", pageFile], {
    encoding: "utf8",
    env: { ...process.env, CORPUS_DIR: "", DATABASE_PATH: tmp.dbPath },
  });
  expect(r.stderr).toBe("");
  report = ReportSchema.parse(JSON.parse(r.stdout));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  tmp?.cleanup();
});

describe("the report page in a real browser", () => {
  it("loads nothing but itself: no scripts, fonts or images from elsewhere", async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on("request", (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(pageFile).href);
    expect(requests).toEqual([pathToFileURL(pageFile).href]);
    expect(await page.locator("script, link, img, iframe, object").count()).toBe(0);
    expect(readFileSync(pageFile, "utf8")).not.toMatch(/https?:\/\/(?!huit\.harvard\.edu|www\.w3\.org\/2000\/svg)/);
    await page.close();
  });

  it("shows the same figures as the JSON report, in its cards, counts and charts", async () => {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(pageFile).href);
    const shown = async (name: string) => (await seen(page.locator(`[data-figure="${name}"]`))).trim();
    expect(await shown("questions")).toBe(String(report.answered + report.escalated));
    expect(await shown("answered")).toBe(String(report.answered));
    expect(await shown("escalated")).toBe(String(report.escalated));
    expect(await shown("share")).toBe(`${Math.round((100 * report.escalated) / (report.answered + report.escalated))}%`);
    expect(report.answered).toBeGreaterThan(0);

    for (const [i, s] of report.statements.entries()) {
      expect(await shown(`s${i}.answered`)).toBe(String(s.answered));
      expect(await shown(`s${i}.escalated`)).toBe(String(s.escalated));
      const part = page.locator(`#s${i}`);
      expect(await seen(part.locator("h2"))).toBe(s.title);
      if (s.answered + s.escalated > 0) {
        // One bar per day of the period, each carrying that day's counts.
        const bars = await part.locator("g.day").evaluateAll((gs) =>
          gs.map((g) => ({
            day: g.getAttribute("data-day"),
            answered: Number(g.getAttribute("data-answered")),
            escalated: Number(g.getAttribute("data-escalated")),
          })),
        );
        expect(bars).toEqual(s.days);
        // The bars are drawn to scale: the busiest day's bar is the tallest, and an empty day has none.
        const heights = await part
          .locator("g.day")
          .evaluateAll((gs) =>
            gs.map((g) => [...g.querySelectorAll("rect")].reduce((sum, r) => sum + r.getBoundingClientRect().height, 0)),
          );
        const totals = s.days.map((d) => d.answered + d.escalated);
        const busiest = totals.indexOf(Math.max(...totals));
        expect(heights.indexOf(Math.max(...heights))).toBe(busiest);
        for (const [d, px] of heights.entries()) expect(px).toBeCloseTo((heights[busiest]! * totals[d]!) / totals[busiest]!, 0);
        const sections = await part
          .locator("g.section-bar")
          .evaluateAll((gs) =>
            gs.map((g) => [
              g.getAttribute("data-section"),
              Number(g.getAttribute("data-answered")),
              Number(g.getAttribute("data-escalated")),
            ]),
          );
        expect(sections).toEqual(s.sections.slice(0, 12).map((x) => [x.heading, x.answered, x.escalated]));
      }
      for (const p of s.notHelpful) expect(await shown(`s${i}.notHelpful.${p.paragraphId}`)).toBe(String(p.notHelpful));
      for (const g of s.gaps) {
        expect(await shown(`s${i}.gap.${g.section}`)).toBe(String(g.escalations.length));
        for (const e of g.escalations)
          expect(await seen(part.locator(`[data-reference="${e.reference}"] .question`))).toBe(`“${e.question}”`);
      }
      for (const p of s.phrasings) expect(await seen(part.locator(`.phrasing[data-reference="${p.reference}"] pre`))).toBe(p.comment);
    }
    await page.close();
  });

  it("paints the charts: a screenshot has the answered colour where the busiest day's bar is", async () => {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(pageFile).href);
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    mkdirSync("coverage", { recursive: true });
    writeFileSync("coverage/report-page.png", png);
    const s = report.statements[0]!;
    const totals = s.days.map((d) => d.answered + d.escalated);
    const busiest = totals.indexOf(Math.max(...totals));
    const box = (await page.locator("#s0 g.day").nth(busiest).locator("rect").first().boundingBox())!;
    const scroll = await page.evaluate<number>("window.scrollY");
    await page.close();

    // Read the pixels back from the PNG in a blank page (the report's own policy forbids images).
    const blank = await browser.context.newPage();
    const x = Math.round(box.x + box.width / 2);
    const y = Math.round(box.y + scroll + box.height - 2);
    const [r, g, b] = await blank.evaluate<number[]>(`(async () => {
      const img = new Image();
      img.src = "data:image/png;base64,${png.toString("base64")}";
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      return [...ctx.getImageData(${x}, ${y}, 1, 1).data];
    })()`);
    // #2f7d5b, the answered colour.
    expect([r, g, b]).toEqual([0x2f, 0x7d, 0x5b]);
    await blank.close();
  });
});

/** The text a reader sees, as laid out: what the page shows is what these tests are about, not its DOM's text. */
function seen(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what is asserted here.
  return locator.innerText();
}
