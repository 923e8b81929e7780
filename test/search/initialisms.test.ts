import { describe, expect, it } from "vitest";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex, indexFromJSON, indexToJSON } from "../../src/search/index.js";
import { initialisms, initialsFor } from "../../src/search/initialisms.js";

/** A statement written in a test: its title, then each section's heading and paragraphs. */
function statement(id: string, title: string, sections: Record<string, string[]>) {
  const body = Object.entries(sections).flatMap(([heading, paragraphs]) => [`## ${heading}`, "", ...paragraphs.flatMap((p) => [p, ""])]);
  const front = ["---", `title: ${title}`, `url: https://${id}.example.edu/privacy`, "updated: 2024-01-01", "---", "", `# ${title}`, ""];
  return parseStatement([...front, ...body].join("\n"), `${id}.md`, id);
}

const housing = statement("housing", "Example Housing Portal Privacy Statement", {
  "Who else gets to see it?": [
    "Your Resident Assistant and hall director get your name, room number and emergency contact.",
    "Human Resources sees nothing you enter in the portal.",
  ],
  "What you share with us": ["You give us an emergency contact when you apply, and your room preferences."],
  Visas: ["We confirm enrolment to the Student and Exchange Visitor Information System when the law requires it."],
});

describe("initials of the names a statement spells out", () => {
  it("are read from runs of capitalised words, leaving out a sentence's first word and small words", () => {
    const found = initialisms([housing], new Set());
    expect(found.get("ra")).toEqual(["Resident Assistant"]);
    expect(found.get("hr")).toEqual(["Human Resources"]);
    expect(found.get("sevis")).toEqual(["Student Exchange Visitor Information System"]);
  });

  it("are not taken when the statements write them, or when they spell an everyday word", () => {
    expect(initialisms([housing], new Set(["ra"])).has("ra")).toBe(false);
    const everyday = statement("it", "Example Statement", { Intro: ["Information Technology and Dining Rooms, by Television Video."] });
    const found = new Map([...initialisms([everyday], new Set())].map(([k, names]) => [k, names.map((n) => [n])]));
    expect(found.has("it")).toBe(false);
    expect(found.has("tv")).toBe(true);
    expect(initialsFor("tv", found)).toBeUndefined();
    expect(initialsFor("dr", found)).toBeUndefined();
    expect(initialsFor("itdr", found)).toEqual([["Information Technology Dining Rooms"]]);
  });

  it("find the paragraph that spells the name out", () => {
    const engine = createEngine([housing]);
    const a = engine.ask("does my RA get my emergency contact info?", { explain: true });
    expect(a.matches[0]!.text).toMatch(/^Your Resident Assistant/);
    expect(a.explanation!.matches[0]!.words.find((w) => w.word === "ra")?.matched).toBe("alias");
    expect(engine.ask("can HR see what I put in the portal?").matches[0]!.text).toMatch(/^Human Resources/);
  });

  it("are kept with an index written to the cache and read back", () => {
    const index = indexFromJSON([housing], indexToJSON(createIndex([housing], { deferred: true })))!;
    const a = createEngine([housing], { index }).ask("does my RA get my emergency contact info?");
    expect(a.matches[0]!.text).toMatch(/^Your Resident Assistant/);
  });
});
