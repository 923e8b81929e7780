import { describe, expect, it } from "vitest";
import { parseStatement } from "../../src/corpus/parse.js";
import { definedTerms } from "../../src/search/defined-terms.js";
import { createEngine } from "../../src/search/engine.js";

const front = (title: string) => `---\ntitle: ${title}\nurl: https://example.edu/${title.length}\nupdated: 2024-05-01\n---\n\n# ${title}\n`;

const careers = parseStatement(
  `${front("Northgate Career Center Privacy Policy")}
## 1. Scope

This Policy applies to the CareerLink job board (the "Platform") and to advising by the Career Center.

## 2. Employer Access

Employers may view a student's resume on the Platform only after the student applies to one of their postings.

## 3. Advising Notes

Notes from advising appointments are visible only to Career Center staff.
`,
  "careers.md",
  "careers",
);
const housing = parseStatement(
  `${front("Northgate Housing Privacy Statement")}
## Student Staff

Employers who hire resident assistants may view the resume a student submits with a housing staff application.

## Rooms

Room assignments are visible to Residence Life staff.
`,
  "housing.md",
  "housing",
);

describe("terms a statement defines", () => {
  it("reads a term in quotes after the name it stands for, and an acronym after the words it abbreviates", () => {
    const terms = definedTerms([
      'This Policy applies to the CareerLink job board (the "Platform"), run by the Center for Career Development (CCD).',
      "Harvard University Information Technology (HUIT) runs it; the ticket (see below) is yours.",
    ]);
    expect(terms).toEqual([
      { term: ["platform"], meaning: ["careerlink", "career", "link", "job", "board"], acronym: false },
      { term: ["ccd"], meaning: ["center", "for", "career", "development"], acronym: true },
      { term: ["huit"], meaning: ["harvard", "university", "information", "technology"], acronym: true },
    ]);
  });

  it("answers a question that names what a term stands for from the paragraph that says the term", () => {
    const engine = createEngine([careers, housing]);
    const a = engine.ask("can employers view my resume on careerlink?", { explain: true });
    expect(a.matches[0]!.paragraphId).toBe("careers/2-employer-access/1");
    const words = a.explanation!.matches[0]!.words;
    expect(words).toContainEqual({ word: "careerlink", weight: expect.any(Number), matched: "defined term" });
  });
});
