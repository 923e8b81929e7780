import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { CONCEPT_LEXICON, conceptsIn, conceptToken } from "../../src/search/concepts.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex } from "../../src/search/index.js";
import { analyseQuestion } from "../../src/search/question.js";

/** The development statements, by the names the lexicon's `attested` lists use. */
const DEVELOPMENT: Record<string, string> = { "zoom-privacy-statement": "zoom", "canvas-privacy-statement": "canvas" };
const SHARED = "../shared/eval/statements";
const statements = [
  ...loadCorpus("corpus"),
  ...loadCorpus("test/fixtures/statements"),
  ...loadCorpus("test/fixtures/institutions"),
  ...loadCorpus("test/fixtures/more-institutions"),
  ...loadCorpus("test/fixtures/further-institutions"),
  ...(existsSync(SHARED) ? loadCorpus(SHARED) : []),
];
const known = new Set(statements.map((s) => DEVELOPMENT[s.id] ?? s.id));

describe("the concept lexicon", () => {
  it.each(CONCEPT_LEXICON.map((c) => [c.name, c.attested] as const))(
    "%s is said by every statement it lists as attesting it",
    (name, attested) => {
      const token = conceptToken(name);
      for (const id of attested.filter((a) => known.has(a))) {
        const s = statements.find((x) => (DEVELOPMENT[x.id] ?? x.id) === id)!;
        const says = s.sections.some(
          (sec) => conceptsIn(sec.heading).includes(token) || sec.paragraphs.some((p) => conceptsIn(p.text).includes(token)),
        );
        expect(says, `${id} does not say ${name}`).toBe(true);
      }
    },
  );

  it("matches phrases on word stems and inflections, in order, stop words included", () => {
    expect(conceptsIn("How long do you hang on to my records?")).toEqual(expect.arrayContaining([conceptToken("retention")]));
    expect(conceptsIn("Hang the poster on the wall, next to the door")).not.toContain(conceptToken("retention"));
    expect(conceptsIn("Recordings are overwritten after 30 days.")).toContain(conceptToken("deletion"));
    // Selling information and showing advertising are different ideas: an ad cookie does not say data is sold.
    expect(conceptsIn("Third parties may use cookies to show you advertising.")).not.toContain(conceptToken("sale"));
    expect(conceptsIn("Third parties may use cookies to show you advertising.")).toContain(conceptToken("advertising"));
    expect(conceptsIn("We never sell your information.")).toContain(conceptToken("sale"));
    // A statement changing is asked of the document ("if this privacy policy changes", "the page gets updated") and
    // said of it ("when we update this page").
    expect(conceptsIn("will they tell us if this privacy policy changes")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("how would i know if the privacy page gets updated")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("When we update this page, we'll change the date up top.")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("how would i know if the privacy page got updated")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("can I change my notification settings")).not.toContain(conceptToken("statement-changes"));
    // A statement is amended; so is a record a student asks to have corrected, which is no change to the statement.
    expect(conceptsIn("This Privacy Statement may be amended from time to time.")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("can harvard amend the privacy statement")).toContain(conceptToken("statement-changes"));
    expect(conceptsIn("A student may ask the Registrar in writing to amend a record.")).not.toContain(conceptToken("statement-changes"));
    expect(conceptsIn("that inaccurate or misleading records be amended")).not.toContain(conceptToken("statement-changes"));
    expect(conceptsIn("how often does the shuttle map get updated")).not.toContain(conceptToken("statement-changes"));
    expect(conceptsIn("Disclosure to Law Enforcement")).toEqual(
      expect.arrayContaining([conceptToken("law-enforcement"), conceptToken("disclosure")]),
    );
    // Whom and what a statement applies to is asked "does it cover …" and said "applies to", "does not govern".
    expect(conceptsIn("Does this policy cover visitors?")).toContain(conceptToken("scope"));
    expect(conceptsIn("This notice applies to students, staff and guests.")).toContain(conceptToken("scope"));
    expect(conceptsIn("It does not govern the content of your email.")).toContain(conceptToken("scope"));
    expect(conceptsIn("how do I apply for a parking permit")).not.toContain(conceptToken("scope"));
    // The Porter stem conflates these ("depart", "provid", "inform"); their inflections do not.
    expect(conceptsIn("I am graduating next spring")).toContain(conceptToken("departure"));
    expect(conceptsIn("the Department of Education")).not.toContain(conceptToken("departure"));
    expect(conceptsIn("the information you provide")).not.toContain(conceptToken("vendor"));
    expect(conceptsIn("the information you provide")).not.toContain(conceptToken("notification"));
  });

  it("reads a question about the statement changing as that, not as a record being amended", () => {
    const index = createIndex(loadCorpus("test/fixtures/further-institutions"));
    const update = analyseQuestion("how will i know if you update this privacy policy", index).concepts.find((c) => c.word === "update")!;
    expect(update.alternatives).toContainEqual([conceptToken("statement-changes")]);
    expect(update.alternatives).not.toContainEqual(["amend"]);
  });

  it("lets a question's word match a paragraph that says the idea in other words", () => {
    const engine = createEngine(loadCorpus("test/fixtures/routing"));
    // "cops" is said nowhere; the bike statement's heading and text say "law enforcement", "subpoena".
    const a = engine.ask("can the cops get my bike trips");
    expect(a.matches[0]!.section).toBe("Law enforcement");
    const index = createIndex(loadCorpus("test/fixtures/routing"));
    const cops = analyseQuestion("can the cops get my bike trips", index).concepts.find((c) => c.word === "cops")!;
    expect(cops.alternatives).toContainEqual([conceptToken("law-enforcement")]);
  });
});
