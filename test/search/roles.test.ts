import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { createEngine } from "../../src/search/engine.js";
import { paragraphRoles, questionRecipients } from "../../src/search/roles.js";
import { tokenize } from "../../src/search/text.js";

const engine = createEngine(loadCorpus("corpus"));
const LOGS = /^Harvard may also obtain log files/;
const SHARED_WITH_ZOOM = /^Zoom is provided and hosted by the third-party vendor Zoom/;

describe("who receives information", () => {
  it.each([
    ["does Zoom see my IP?", ["zoom"]],
    ["Can Harvard tell which browser I'm using?", ["harvard"]],
    ["usage data harvard gets from zoom", ["harvard"]],
    ["what does harvard give to zoom", ["zoom"]],
    ["is my ip seen by instructors", ["instructor"]],
    ["can zoom marketplace apps see my user id", ["app"]],
    ["how do I share my screen", []],
    ["does Harvard have access to my recordings", ["harvard"]],
    ["would police ever be able to get my exam footage", ["polic"]],
  ])("reads the recipient a question asks about: %s", (question, recipients) => {
    expect(questionRecipients(tokenize(question))).toEqual(recipients);
  });

  it("reads recipients and givers from a statement's wording", () => {
    const roles = paragraphRoles("Data may be released by Harvard to Zoom. Harvard may also obtain log files. Others may share it.");
    expect([...roles.recipients].sort()).toEqual(["harvard", "zoom"]);
    expect([...roles.givers].sort()).toEqual(["harvard", "other"]);
  });

  it("does not read what is received as the receiver ('Canvas data is stored')", () => {
    expect([...paragraphRoles("Canvas data is stored in data centers, and Instructure may process it.").recipients]).toEqual([
      "instructur",
    ]);
  });

  it.each([
    ["Can Harvard tell which browser I'm using?", LOGS],
    ["Does Harvard keep log files of the browsers people use to access Zoom?", LOGS],
    ["does Zoom see my IP?", SHARED_WITH_ZOOM],
    ["does zoom know im a harvard student", SHARED_WITH_ZOOM],
    ["what does harvard give to zoom", SHARED_WITH_ZOOM],
  ])("answers with the paragraph where the one asked about receives the data: %s", (question, paragraph) => {
    expect(engine.ask(question).matches[0]?.text).toMatch(paragraph);
  });
});
