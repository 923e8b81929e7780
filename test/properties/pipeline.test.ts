import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { AnswerEngine } from "../../src/search/answer.js";
import { questionFromSlackText, replyToQuestion } from "../../src/slack/ask.js";
import type { SlackDeps } from "../../src/slack/deps.js";
import { createEventDedupe } from "../../src/slack/dedupe.js";
import { createMailboxHandOff } from "../../src/slack/handoff.js";
import { createInFlight } from "../../src/slack/in-flight.js";
import { createQuestionMemory } from "../../src/slack/question-memory.js";
import { createRateLimiter } from "../../src/slack/rate-limit.js";
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
const deps: SlackDeps = {
  config,
  engine: () => engine,
  logger: logs.logger,
  questions: createQuestionMemory(),
  handOff: createMailboxHandOff({ ithelpEmail: config.ITHELP_EMAIL }),
  feedback: { record: () => undefined },
  dedupe: createEventDedupe(),
  inFlight: createInFlight(),
  rateLimit: createRateLimiter({ limit: 1_000_000 }),
  now: Date.now,
};

/** The fields a question's log line may carry: ids, decisions, numbers — never text from the message. */
const LOG_KEYS = new Set(["level", "time", "pid", "hostname", "app", "msg", "event", "origin", "reply", "chars", "decision", "confidence", "signals", "paragraphIds", "ms"]);

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
          return { question, ...replyToQuestion(question, deps, { origin, userId: "U0FUZZ", shareable: origin === "command" }) };
        });
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
