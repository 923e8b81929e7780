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

  it("loses no count however many questions wait while the store refuses them", async () => {
    const written = new Map<string, number>();
    let locked = true;
    const counter = createQuestionCounter(
      {
        recordQuestions: async (batch) => {
          if (locked) throw new Error("database is locked");
          for (const x of batch)
            written.set(`${x.sectionSlug}:${x.result}`, (written.get(`${x.sectionSlug}:${x.result}`) ?? 0) + (x.times ?? 1));
        },
      },
      { logger: captureLogger().logger, flushMs: 60_000 },
    );
    for (let i = 0; i < 30_000; i++) counter.recordQuestion(q(["a", "b", "c"][i % 3]!));
    await counter.flush();
    for (let i = 0; i < 20_000; i++) counter.recordQuestion({ ...q("a"), result: "escalated" });
    await counter.flush();
    locked = false;
    await counter.stop();
    expect(Object.fromEntries(written)).toEqual({
      "a:answered": 10_000,
      "b:answered": 10_000,
      "c:answered": 10_000,
      "a:escalated": 20_000,
    });
  });
});
