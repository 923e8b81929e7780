import { describe, expect, it } from "vitest";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex } from "../../src/search/index.js";
import { analyseQuestion } from "../../src/search/question.js";

const markdown = [
  "---",
  "title: Course Evaluation Privacy Policy",
  "url: https://evals.example.edu/privacy",
  "updated: 2024-01-01",
  "---",
  "",
  "# Course Evaluation Privacy Policy",
  "",
  "## Vendor",
  "",
  "Evaluora hosts the survey forms on servers in Canada.",
  "",
  "## Retention",
  "",
  "Course evaluations are deleted four years after the term ends; a summary of each evaluation is kept for the department.",
  "",
  "## Other records",
  "",
  "Residence and research offices receive no responses. The business office sees only counts.",
  "",
].join("\n");
const statements = [parseStatement(markdown, "course-evaluations.md", "course-evaluations")];

describe("a clipped word", () => {
  const index = createIndex(statements);

  it("is read as the statements' whole word ('evals' as 'evaluation'), whatever name a vendor gives itself", () => {
    expect(analyseQuestion("how long do you keep evals", index).corrections).toEqual(["evals → evaluation"]);
    const a = createEngine(statements).ask("how long do you keep my eval answers");
    expect(a.matches[0]!.text).toMatch(/^Course evaluations are deleted four years/);
  });

  it("is left as typed when it starts words of two kinds, or is an everyday word of its own", () => {
    expect(analyseQuestion("can res life see my answers", index).corrections).toEqual([]);
    expect(analyseQuestion("does the bus driver see my answers", index).corrections).toEqual([]);
  });
});
