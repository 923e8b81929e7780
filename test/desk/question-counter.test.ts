import { describe, expect, it } from "vitest";
import { createQuestionCounter } from "../../src/desk/question-counter.js";
import type { CountedQuestion } from "../../src/escalation/store/types.js";
import { captureLogger } from "../slack/support/logs.js";

const q = (sectionSlug: string): CountedQuestion => ({ statementId: "zoom", sectionSlug, result: "answered" });

describe("question counts are written off the question path", () => {
  it("takes a count at once, keeps what a locked store refused, and writes it all on the next try and at stop", async () => {
    const written: CountedQuestion[] = [];
    let writes = 0;
    let locked = true;
    const logs = captureLogger();
    const counter = createQuestionCounter(
      {
        recordQuestions: async (batch) => {
          if (locked) throw new Error("database is locked");
          written.push(...batch);
          writes++;
        },
      },
      { logger: logs.logger, flushMs: 60_000 },
    );
    counter.recordQuestion(q("a"));
    counter.recordQuestion(q("b"));
    expect(written).toEqual([]);
    await counter.flush();
    expect(written).toEqual([]);
    expect(logs.text()).toContain('"event":"question_count_failed"');
    locked = false;
    await counter.flush();
    expect(written.map((x) => x.sectionSlug)).toEqual(["a", "b"]);
    expect(writes).toBe(1); // what was waiting went in one write
    counter.recordQuestion(q("c"));
    await counter.stop();
    expect(written.map((x) => x.sectionSlug)).toEqual(["a", "b", "c"]);
  });

  it("keeps at most the newest counts while the store stays unwritable", async () => {
    const written: string[] = [];
    const counter = createQuestionCounter(
      {
        recordQuestions: async (batch) => {
          for (const x of batch) written.push(x.sectionSlug!);
        },
      },
      { logger: captureLogger().logger, flushMs: 60_000, maxWaiting: 2 },
    );
    for (const s of ["a", "b", "c"]) counter.recordQuestion(q(s));
    await counter.stop();
    expect(written).toEqual(["b", "c"]);
  });
});
