import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "privacy-desk-heap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Asks the built engine and the desk's word classifiers questions in a process of their own, then writes that
 * process's heap (everything still reachable) and returns it as text.
 */
function heapAfterAsking(questions: readonly string[]): string {
  const file = join(dir, "after.heapsnapshot");
  // The questions come from a file, so the script's own text does not hold them.
  const asked = join(dir, "questions.json");
  writeFileSync(asked, JSON.stringify(questions));
  const script = `
    const { writeHeapSnapshot } = await import("node:v8");
    const { loadCorpus } = await import(${JSON.stringify(resolve("dist/corpus/load.js"))});
    const { createEngine } = await import(${JSON.stringify(resolve("dist/search/engine.js"))});
    const { isHelpRequest } = await import(${JSON.stringify(resolve("dist/desk/words/help.js"))});
    const { classifySmallTalk } = await import(${JSON.stringify(resolve("dist/desk/words/smalltalk.js"))});
    const engine = createEngine(loadCorpus(${JSON.stringify(resolve("corpus"))}));
    const { readFileSync } = await import("node:fs");
    const askAll = () => {
      for (const q of JSON.parse(readFileSync(${JSON.stringify(asked)}, "utf8"))) {
        isHelpRequest(q);
        classifySmallTalk(q);
        engine.ask(q, { explain: true });
      }
    };
    askAll();
    // Off the stack of the loop that asked, as a request's handler is once it has answered.
    await new Promise((done) => setTimeout(done, 10));
    writeHeapSnapshot(${JSON.stringify(file)});
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return readFileSync(file, "utf8").toLowerCase();
}

describe("after a question is answered", () => {
  it("no word of it stays in memory: not a name, not an unknown word, not the text", () => {
    const heap = heapAfterAsking([
      "does zoom see Quorblexian Vantrelli's ip address?",
      "can my supervisor read the zoom chat of Prisndorf",
      "is my meeting recordd by zoom",
    ]);
    expect(heap).toContain("ip address"); // the statement itself is there
    for (const word of ["quorblexian", "vantrelli", "prisndorf", "my supervisor read", "recordd by zoom"]) expect(heap).not.toContain(word);
  });
});
