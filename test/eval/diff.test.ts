import { describe, expect, it } from "vitest";
import { diffRuns, formatDiff, readSavedRun, type SavedQuestion, type SavedRun } from "../../src/eval/diff.js";

const q = (text: string, right: boolean, over: Partial<SavedQuestion> = {}): SavedQuestion => ({
  set: "zoom",
  statement: "zoom-privacy-statement",
  q: text,
  expect: ["K"],
  decision: right ? "answer" : "escalate",
  confidence: right ? 0.95 : 0.4,
  topKeys: ["K"],
  right,
  rank1: true,
  hit3: true,
  useful: true,
  confident: right,
  baselineRank1: false,
  baselineHit3: true,
  ...over,
});
const run = (...questions: SavedQuestion[]): SavedRun => ({ version: 1, questions });

describe("comparing with a saved run", () => {
  const before = run(
    q("stays right", true),
    q("gets fixed", false),
    q("breaks", true),
    q("dropped", true),
    q("twice", true),
    q("twice", false),
    q("loses its top 3", false, { useful: true }),
  );
  const after = run(
    q("gets fixed", true),
    q("stays right", true),
    q("breaks", false),
    q("added", false),
    q("twice", true),
    q("twice", true),
    q("loses its top 3", false, { useful: false }),
  );
  const d = diffRuns(before, after);

  it("lists what was fixed and what broke, matching questions by set and text whatever their order", () => {
    expect(d.fixed.map((c) => c.after.q)).toEqual(["gets fixed", "twice"]); // the second "twice" went from wrong to right
    expect(d.broke.map((c) => c.after.q)).toEqual(["breaks"]);
    expect(d.compared).toBe(6);
  });

  it("says which questions are only in one of the runs", () => {
    expect(d.onlyBefore.map((x) => x.q)).toEqual(["dropped"]);
    expect(d.onlyAfter.map((x) => x.q)).toEqual(["added"]);
  });

  it("counts right and useful responses on the questions both runs have", () => {
    expect(d.before).toEqual({ right: 3, useful: 6 });
    expect(d.after).toEqual({ right: 4, useful: 5 });
    expect(d.usefulLost.map((c) => c.after.q)).toEqual(["loses its top 3"]);
  });

  it("prints each change with its outcome before and after", () => {
    const text = formatDiff(d, "before.json");
    expect(text).toContain("fixed (wrong before, right now): 2");
    expect(text).toContain('[zoom-privacy-statement] "breaks": answer 0.95 top=[K] → escalate 0.4 top=[K] want=[K]');
    expect(text).toContain("1 only in before.json, 1 only in this run");
    expect(text).toContain("no longer useful: 1");
  });

  it("refuses a file that is not a saved run, naming it", () => {
    expect(() => readSavedRun({ questions: [] }, "x.json")).toThrow(/x\.json is not a saved eval run/);
    expect(readSavedRun(JSON.parse(JSON.stringify(after)), "ok.json")).toEqual(after);
  });
});
