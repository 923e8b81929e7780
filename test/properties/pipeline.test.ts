import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { questionFromSlackText } from "../../src/blockkit/mrkdwn.js";
import { loadConfig } from "../../src/config.js";
import { createQuestionCarrier } from "../../src/desk/carried-question.js";
import { createRateLimiter } from "../../src/desk/memory/rate-limit.js";
import { handleQuestion, type QuestionPorts } from "../../src/desk/question.js";
import type { AnswerEngine } from "../../src/search/answer.js";
import { buildQuestionReply } from "../../src/slack/views/replies.js";
import { captureLogger } from "../slack/support/logs.js";
import { createRealEngine } from "../slack/support/real-engine.js";
import { blockKitProblems, unescapedMarkup } from "./support/block-kit.js";
import { anyText, isWellFormed } from "./support/hostile-text.js";
import { MAX_MS_PER_CALL, RUNS, timed } from "./support/runs.js";

const real = createRealEngine();
let engineCalls = 0;
const engine: AnswerEngine = {
  statements: real.statements,
  ask: (q) => {
    engineCalls++;
    return real.ask(q);
  },
};
const config = loadConfig({});
const logs = captureLogger();
const ports: QuestionPorts = {
  engine: () => engine,
  logger: logs.logger,
  now: Date.now,
  questions: createQuestionCarrier(),
  rateLimit: createRateLimiter({ limit: 1_000_000 }),
  maxQuestionChars: config.MAX_QUESTION_CHARS,
};

/** The fields a question's log line may carry: ids, decisions, numbers — never text from the message. */
const LOG_KEYS = new Set([
  "level",
  "time",
  "pid",
  "hostname",
  "app",
  "msg",
  "event",
  "origin",
  "reply",
  "chars",
  "decision",
  "confidence",
  "signals",
  "paragraphIds",
  "ms",
]);

describe("the question pipeline on any Slack message", () => {
  it("replies validly within Slack's limits, never answers an over-long question in part, pings no one, logs no text", () => {
    const origins = fc.constantFrom("dm" as const, "command" as const, "mention" as const);
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(anyText, origins, (raw, origin) => {
        const callsBefore = engineCalls;
        logs.lines.length = 0;
        const { value: reply, ms } = timed(() => {
          const question = questionFromSlackText(raw, "UPRIVACYBOT");
          const outcome = handleQuestion({ text: question, origin, userId: "U0FUZZ" }, ports);
          // Status and requests for a person wait on the store or Slack; they are covered by the listener tests.
          if (outcome.kind === "status" || outcome.kind === "person") return undefined;
          return { question, kind: outcome.kind, message: buildQuestionReply(outcome, { shareable: origin === "command" }) };
        });
        fc.pre(reply !== undefined);
        expect(ms).toBeLessThan(MAX_MS_PER_CALL);
        kinds.set(reply.kind, (kinds.get(reply.kind) ?? 0) + 1);
        expect(blockKitProblems(reply.message, { wellFormedInput: isWellFormed(raw) })).toEqual([]);
        expect(unescapedMarkup(reply.message)).toEqual([]);
        if (reply.question.length > config.MAX_QUESTION_CHARS) {
          expect(reply.kind).toBe("too_long");
          expect(engineCalls).toBe(callsBefore);
        }
        if (reply.kind === "answer" || reply.kind === "escalate") expect(engineCalls).toBe(callsBefore + 1);
        const line = JSON.parse(logs.lines.join("")) as Record<string, unknown>;
        expect(Object.keys(line).filter((k) => !LOG_KEYS.has(k))).toEqual([]);
        expect(line.msg).toBe("question handled");
        expect(typeof line.chars).toBe("number");
      }),
      { numRuns: RUNS.pipeline },
    );
    // The inputs reach every path that renders something different, not just the escalation.
    expect([...kinds.keys()].sort()).toEqual(expect.arrayContaining(["answer", "escalate", "too_long", "usage"]));
  });
});

describe("runs", () => {
  it("generate at least 10,000 inputs across the properties", () => {
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
  });
});
