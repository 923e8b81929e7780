import { describe, expect, it } from "vitest";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";

/** A statement written in a test: its title, then each section's heading and paragraphs. */
function statement(id: string, title: string, sections: Record<string, string[]>) {
  const body = Object.entries(sections).flatMap(([heading, paragraphs]) => [`## ${heading}`, "", ...paragraphs.flatMap((p) => [p, ""])]);
  const front = ["---", `title: ${title}`, `url: https://${id}.example.edu/privacy`, "updated: 2024-01-01", "---", "", `# ${title}`, ""];
  return parseStatement([...front, ...body].join("\n"), `${id}.md`, id);
}

const gym = statement("gym", "Example Gym Privacy Statement", {
  "Door cameras": ["Door cameras record who enters; the gym does not use facial recognition on the recordings."],
  Lockers: [
    "Lockers are cleared every night, and lost property is kept at the front desk.",
    "Only gym staff can access the locker system.",
  ],
  Changes: ["We review the door cameras and this statement once a year."],
});

describe("privacy terms of several words no statement needs to say", () => {
  const engine = createEngine([gym]);

  it("are said by a paragraph that says their words", () => {
    const a = engine.ask("do the door cameras do facial recognition?", { explain: true });
    expect(a.matches[0]!.text).toMatch(/facial recognition/);
    const words = a.explanation!.matches[0]!.words;
    expect(words.find((w) => w.word === "facial recognition")?.matched).not.toBe("none");
  });
});

describe("a phrase of stop words the vocabulary knows", () => {
  const engine = createEngine([gym]);

  it("is one concept, said in the vocabulary's words ('get into' is access)", () => {
    const a = engine.ask("who can get into the locker system?", { explain: true });
    expect(a.matches[0]!.text).toMatch(/^Only gym staff can access/);
    expect(a.explanation!.matches[0]!.words.find((w) => w.word === "get into")?.matched).toBe("vocabulary");
  });
});

describe("a word for information of any kind ('info', 'stuff')", () => {
  const desk = statement("desk", "Example Help Desk Privacy Notice", {
    Tickets: ["When you open a ticket we keep your name, your email address and a description of the problem for two years."],
    "More about the desk": ["General information about the help desk, its hours and its locations is on the IT website."],
  });
  const engine = createEngine([desk]);

  it("names no topic: what the desk keeps answers 'what info do you keep', not the paragraph that says 'information'", () => {
    for (const q of ["what info do you keep", "what stuff do you keep"]) {
      const a = engine.ask(q);
      expect(a.decision, q).toBe("answer");
      expect(a.matches[0]!.text, q).toMatch(/^When you open a ticket/);
    }
    expect(engine.ask("is my info safe").matches.map((m) => m.text)).not.toContainEqual(expect.stringMatching(/^General information/));
  });
});

describe("a word people clip as they type ('ssn', 'addy', 'mic')", () => {
  const office = statement("pay", "Example Payroll Privacy Notice", {
    "What we ask for": ["Payroll asks for your Social Security number only to report wages to the tax authorities."],
    Mail: ["Tax forms are posted to the home address you gave when you were hired."],
    "Video calls": ["Onboarding calls never turn on your microphone without asking."],
  });
  const engine = createEngine([office]);

  it("asks about the word it clips", () => {
    expect(engine.ask("why do you want my ssn").matches[0]!.text).toMatch(/^Payroll asks for your Social Security number/);
    expect(engine.ask("which addy do my tax forms go to").matches[0]!.text).toMatch(/^Tax forms are posted/);
    expect(engine.ask("will the call turn my mic on").matches[0]!.text).toMatch(/^Onboarding calls/);
  });
});

describe("an everyday idiom ('keep an eye on', 'get hold of')", () => {
  const rec = statement("rec", "Example Recreation Privacy Statement", {
    "Weight room": [
      "Staff monitor the weight room from the front desk during opening hours.",
      "Report eye injuries in the weight room to the front desk, which keeps a record of them.",
    ],
    Police: ["Police may obtain check-in records only with a subpoena."],
    Holds: ["A hold on your account stops bookings until your fee is paid."],
  });
  const engine = createEngine([rec]);

  it("is asked for what it means, not for its words", () => {
    expect(engine.ask("does anyone keep an eye on the weight room?").matches[0]!.text).toMatch(/^Staff monitor/);
    expect(engine.ask("can the police get hold of my check-in records?").matches[0]!.text).toMatch(/^Police may obtain/);
  });
});
