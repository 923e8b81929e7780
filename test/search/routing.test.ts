import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex } from "../../src/search/index.js";
import { routeQuestion } from "../../src/search/route.js";

const statements = loadCorpus("test/fixtures/routing");
/** The front matter and title of a statement written in a test. */
const front = (title: string) => `---\ntitle: ${title}\nurl: https://example.edu/${title.length}\nupdated: 2024-05-01\n---\n\n# ${title}\n`;
const engine = createEngine(statements);

describe("routing a question to the statement of the service it names", () => {
  it("reads the service from each title, leaving out words every title shares, words for a kind of document and verbs of sharing", () => {
    const { services } = createIndex(statements);
    expect(Object.fromEntries(services)).toEqual({ bike: ["bike-share"], librari: ["library"] });
    expect(engine.ask("do you share my trip records with the police").matches.map((m) => m.statementId)).toContain("library");
  });

  it("answers a question naming a service only from that service's statement, though another shares more of its words", () => {
    // The library's retention paragraph says "trips", "kept", "deleted"; the question names the library.
    const a = engine.ask("how long does the library keep trip logs");
    expect(a.matches.length).toBeGreaterThan(0);
    for (const m of a.matches) expect(m.statementId).toBe("library");
    expect(a.matches[0]!.section).toBe("Retention");
  });

  it("ranks across every statement when the question names none", () => {
    const a = engine.ask("how long are trip records kept");
    expect(a.matches[0]!.statementId).toBe("bike-share");
    expect(new Set(engine.ask("are records given to the police").matches.map((m) => m.statementId)).size).toBe(2);
  });

  it("routes on no word for an institution or for campus life that a title happens to say", () => {
    // Four institutions' statements: "State University", "College", "Institute", "Campus Network", "Student".
    const { services } = createIndex(loadCorpus("test/fixtures/institutions"));
    for (const word of ["campu", "state", "colleg", "institut", "center", "student", "univers"])
      expect(services.has(word), word).toBe(false);
    expect(services.get("network")).toEqual(["campus-network"]);
    const cops = createEngine(loadCorpus("test/fixtures/institutions")).ask("do campus cops have access to my health records");
    expect(cops.matches[0]!.statementId).toBe("health-portal");
  });

  it("routes on an acronym a statement defines for its own title's words", () => {
    const access = parseStatement(
      `${front("Quillan College Accessibility Resource Center Privacy Policy")}
## 1. Scope

This Policy governs the disability records kept by the Quillan College Accessibility Resource Center (the "ARC").

## 2. Parents

The ARC does not tell a parent or guardian what accommodations a student receives without the student's consent.
`,
      "access.md",
      "access",
    );
    const assistant = parseStatement(
      `${front("Quillan College Chat Assistant Privacy Notice")}
## What it knows

When you call on the assistant it can find out what accommodations pages say, but it is not connected to your record.
`,
      "assistant.md",
      "assistant",
    );
    const engine = createEngine([access, assistant]);
    expect(createIndex([access, assistant]).services.get("arc")).toEqual(["access"]);
    expect(engine.ask("can my mom call ARC and find out what accommodations I have").matches[0]!.statementId).toBe("access");
  });

  it("routes on no everyday word a product's name says", () => {
    // "MyWellness" says "well" and "RiverCare" "care": neither names the health portal in an everyday sentence.
    const institutions = loadCorpus("test/fixtures/institutions");
    const index = createIndex(institutions);
    for (const word of ["well", "care"]) expect(routeQuestion([{ word, stem: word }], index).statements, word).toEqual([]);
    expect(routeQuestion([{ word: "mywellness", stem: "mywel" }], index)).toEqual({ statements: ["health-portal"], by: ["mywellness"] });
    const a = createEngine(institutions).ask("does the wifi log get shared with my employer as well", { explain: true });
    expect(a.explanation!.routing.statements).toEqual([]);
    expect(a.matches[0]!.statementId).toBe("campus-network");
  });

  it("routes on a product's name as written, not on the words inside it", () => {
    // "CedarSafe App": "cedarsafe" names the safety app; "safe" on its own is asked of every service.
    const index = createIndex(loadCorpus("test/fixtures/more-institutions"));
    expect(routeQuestion([{ word: "safe", stem: "safe" }], index).statements).toEqual([]);
    expect(routeQuestion([{ word: "cedarsafe", stem: "cedarsaf" }], index).statements).toEqual(["safety-app"]);
  });

  it("routes on the last title word that may name a service when the title ends in a verb of handling information", () => {
    const forwarding = parseStatement(
      `${front("Quillan College Alumni Email Forwarding FAQ")}
## Is mail kept?

Messages sit in the relay queue for up to five days when your destination is down.
`,
      "forwarding.md",
      "forwarding",
    );
    const sensors = parseStatement(
      `${front("Quillan College Study Room Sensors")}
## Logs

Device health logs are kept for one year. Questions: email the library.
`,
      "sensors.md",
      "sensors",
    );
    expect(createIndex([forwarding, sensors]).services.get("email")).toEqual(["forwarding"]);
    expect(createEngine([forwarding, sensors]).ask("how long are logs of my email kept").matches[0]!.statementId).toBe("forwarding");
  });

  it("routes on a name a statement's text gives its system, but not on an everyday word written with a capital", () => {
    const rec = parseStatement(
      `${front("Brackwater Recreation Center Privacy Notice")}
## Entry

Members sign in at the turnstiles with the membership system ("RecPass"), which notes the time of each visit. Workouts synced from Google Fit stay on the phone.

## Retention

Entry times in RecPass are removed after a year. The Department keeps a Member's contact details (the "Profile") while the membership lasts.

## Sharing

The Department sends nothing to Google; the Profile is seen by desk staff only.
`,
      "rec.md",
      "rec",
    );
    const print = parseStatement(
      `${front("Brackwater Printing Privacy FAQ")}
## How long are my print logs kept?

- Print job logs are kept for 18 months, then deleted. Logs of each swipe at a release station are kept as long.
`,
      "print.md",
      "print",
    );
    const { textNames } = createIndex([rec, print]);
    // "RecPass" is a name, though the statement defines it as a term. "Google", "Member" and the defined "Profile"
    // are everyday words, left out when a question is routed; "Entry" starts a sentence.
    expect(Object.fromEntries(textNames)).toEqual({ recpass: ["rec"], googl: ["rec"], member: ["rec"], profil: ["rec"] });
    const engine = createEngine([rec, print]);
    const asked = engine.ask("how long are my recpass swipe logs kept", { explain: true });
    expect(asked.explanation!.routing).toEqual({ statements: ["rec"], by: ["recpass"] });
    expect(asked.matches[0]!.section).toBe("Retention");
    expect(engine.ask("how long does google keep my logs", { explain: true }).explanation!.routing.statements).toEqual([]);
  });

  it("routes on a name that starts a sentence, when the statement never writes it in small letters", () => {
    const pool = parseStatement(
      `${front("Brackwater Research Participant Pool Privacy Policy")}
## 1. Scope

This Policy covers the participant pool, an online scheduling system licensed from Sona Systems Ltd.

## 2. Hosting

Sona Systems Ltd. hosts the pool's records in Canada. Records are kept for the length of each study.
`,
      "pool.md",
      "pool",
    );
    const vpn = parseStatement(
      `${front("Brackwater Remote Access VPN Privacy Statement")}
## How long we keep your data

Connection logs are kept for ninety days, then deleted.
`,
      "vpn.md",
      "vpn",
    );
    const asked = createEngine([pool, vpn]).ask("how long does sona keep my data", { explain: true });
    expect(asked.explanation!.routing).toEqual({ statements: ["pool"], by: ["sona"] });
    expect(asked.matches[0]!.statementId).toBe("pool");
  });

  it("routes on a title's word that no paragraph says, as on one that only its own paragraphs say", () => {
    const events = parseStatement(
      `${front("Brackwater EventDesk Privacy FAQ")}
## What is EventDesk?

- The registration and check-in system for talks and workshops, licensed from an outside vendor.
`,
      "events.md",
      "events",
    );
    const archive = parseStatement(
      `${front("Brackwater Research Archive Privacy Notice")}
## About the archive

The Library runs the archive, which keeps datasets that researchers deposit.
`,
      "archive.md",
      "archive",
    );
    expect(createIndex([events, archive]).services.get("eventdesk")).toEqual(["events"]);
    expect(createEngine([events, archive]).ask("who runs eventdesk").matches[0]!.statementId).toBe("events");
  });

  it("routes on no title word that is a privacy topic: a shuttle tracker names the shuttle, not every tracker", () => {
    const shuttle = parseStatement(
      `${front("CrestRide Shuttle Tracker Privacy Statement")}
## Location

The app shows where each shuttle is; it does not follow riders.
`,
      "shuttle.md",
      "shuttle",
    );
    const music = parseStatement(
      `${front("Music Lab Privacy")}
## Streaming

The streaming page uses analytics cookies and no advertising trackers.
`,
      "music.md",
      "music",
    );
    const { services } = createIndex([shuttle, music]);
    expect(services.has("tracker")).toBe(false);
    expect(services.get("shuttl")).toEqual(["shuttle"]);
    expect(createEngine([shuttle, music]).ask("are there ad trackers on the streaming page").matches[0]!.statementId).toBe("music");
  });

  it("routes nothing with one statement loaded", () => {
    expect(createIndex(statements.slice(0, 1)).services.size).toBe(0);
  });
});
