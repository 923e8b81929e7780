import { describe, expect, it } from "vitest";
import { ANSWER_MEMO_MAX_CHARS, createAnswerMemo } from "../../src/desk/answer-memo.js";
import { createRateLimiter } from "../../src/desk/memory/rate-limit.js";
import { handleQuestion, type QuestionPorts } from "../../src/desk/question.js";
import { createFakeEngine } from "../slack/support/fake-engine.js";
import { captureLogger } from "../slack/support/logs.js";

describe("answers to questions asked before", () => {
  it("are the engine's own answers, searched once per question and statements, with every question still counted and logged", () => {
    const engine = createFakeEngine();
    const logs = captureLogger();
    const ports: QuestionPorts = {
      engine: () => engine,
      logger: logs.logger,
      now: Date.now,
      rateLimit: createRateLimiter({ limit: 2 }),
      answers: createAnswerMemo(),
    };
    const ask = (userId: string) => handleQuestion({ text: "are my meetings recorded?", origin: "dm", userId }, ports);
    const first = ask("U0PERSON01");
    const second = ask("U0PERSON02");
    expect(first.kind).toBe("answer");
    expect(second).toEqual(first);
    expect(engine.asked).toEqual(["are my meetings recorded?"]);
    // Each question is still logged, and still counts against its person's limit.
    expect(logs.lines.filter((l) => l.includes(`"event":"question"`))).toHaveLength(2);
    ask("U0PERSON01");
    expect(ask("U0PERSON01").kind).toBe("rate_limited");
  });

  it("come from the statements serving now: a reloaded corpus is searched again", () => {
    const memo = createAnswerMemo();
    const before = createFakeEngine();
    const after = createFakeEngine();
    memo.ask(before, "are my meetings recorded?");
    memo.ask(after, "are my meetings recorded?");
    expect(before.asked).toHaveLength(1);
    expect(after.asked).toHaveLength(1);
  });

  it("cannot be changed by whoever reads them, and stay within their bound", () => {
    const memo = createAnswerMemo({ maxQuestions: 2 });
    const engine = createFakeEngine();
    const answer = memo.ask(engine, "are my meetings recorded?");
    expect(() => {
      (answer.matches as unknown[]).push({});
    }).toThrow();
    expect(memo.ask(engine, "are my meetings recorded?").matches).toHaveLength(answer.matches.length);
    memo.ask(engine, "what about cookies?");
    memo.ask(engine, "what is the weather on the moon?");
    expect(memo.size(engine)).toBe(2);
    // The least recently asked went first: asking it again searches again.
    memo.ask(engine, "are my meetings recorded?");
    expect(engine.asked.filter((q) => q === "are my meetings recorded?")).toHaveLength(2);
    // A very long question is searched every time and never kept.
    const long = `are my meetings recorded ${"and kept ".repeat(ANSWER_MEMO_MAX_CHARS / 9)}?`;
    memo.ask(engine, long);
    memo.ask(engine, long);
    expect(engine.asked.filter((q) => q === long)).toHaveLength(2);
  });
});
