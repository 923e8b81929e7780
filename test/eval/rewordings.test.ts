import { describe, expect, it } from "vitest";
import { parseStatement } from "../../src/corpus/parse.js";
import { formatRewordingRows, REWORDINGS, rewordingRows } from "../../src/eval/rewordings.js";
import type { LoadedSet } from "../../src/eval/sets.js";
import { createEngine } from "../../src/search/engine.js";

const reword = (name: string, q: string) => REWORDINGS.find((r) => r.name === name)!.reword(q);

const statement = parseStatement(
  [
    "---\ntitle: Gym Privacy Statement\nurl: https://example.edu/gym\nupdated: 2024-01-02\n---",
    "## Staff access\n\nOnly front desk staff see your check-in history.",
    "## Retention\n\nCheck-in records are deleted after ninety days.",
  ].join("\n\n"),
  "gym.md",
  "gym",
);
const set: LoadedSet = {
  name: "gym",
  items: [
    { q: "How long are check-in records kept?", expect: ["RETAIN"], statement: "gym" },
    { q: "Who can see my check-in history?", expect: ["STAFF"], statement: "gym" },
  ],
  keys: { RETAIN: "deleted after ninety days", STAFF: "front desk staff see your" },
  corpus: "gym",
  statements: [statement],
  engine: createEngine([statement]),
};

describe("the rewordings report", () => {
  it("wraps a question the way each rewording says", () => {
    expect(reword("greeting", "Does Zoom record?")).toBe("hi! quick question: Does Zoom record?");
    expect(reword("who asks, before", "Does Zoom record?")).toBe("As a staff member, does Zoom record?");
    expect(reword("stress", "What does Zoom keep?")).toBe("What exactly does Zoom keep?");
    expect(reword("stress", "Does Zoom record me?")).toBe("Does Zoom actually record me?");
    expect(reword("chat spelling", "What are you keeping?")).toBe("wat r u keeping?");
    expect(reword("for a group", "Can I see my logs?")).toBe("Can we see our logs?");
    expect(reword("swapped letters", "Are cookies used?")).toBe("Are cooikes used?");
  });

  it("counts a reworded question as the same only with the same decision and best paragraph", () => {
    const rows = rewordingRows(
      [set],
      [
        { name: "unchanged", example: "", reword: (q) => q },
        { name: "greeting", example: "", reword: (q) => `hi! ${q}` },
        { name: "other topic", example: "", reword: () => "Who sees my check-in history at the front desk?" },
      ],
    );
    expect(rows.map((r) => [r.name, r.changed, r.same])).toEqual([
      ["as written", 0, 0],
      ["unchanged", 0, 0],
      ["greeting", 2, 2],
      ["other topic", 2, 1],
    ]);
    expect(rows[0]!.reworded.rank1).toBe(2);
    expect(formatRewordingRows(rows)).toContain("| greeting |  | 2/2 = 1.00 |");
  });
});
