import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/desk/memory/rate-limit.js";
import { handleQuestion, type QuestionPorts } from "../../src/desk/question.js";
import { createFakeEngine } from "../slack/support/fake-engine.js";
import { captureLogger } from "../slack/support/logs.js";
import { createMemoryDatabase, createMemoryStore } from "../support/memory-store.js";

const DAY = "2025-03-03";

function portsWith(store: QuestionPorts["counts"]) {
  const engine = createFakeEngine();
  const logs = captureLogger();
  const ports: QuestionPorts = {
    engine: () => engine,
    logger: logs.logger,
    now: Date.now,
    rateLimit: createRateLimiter({ limit: 7 }),
    ...(store ? { counts: store } : {}),
  };
  return { ports, logs };
}

describe("the question flow counts what became of each question", () => {
  it("counts answers and escalations under the best paragraph's section, and nothing that was not a question", async () => {
    const db = createMemoryDatabase();
    const store = createMemoryStore(db, () => new Date(`${DAY}T10:00:00Z`));
    const { ports } = portsWith(store);
    const ask = (text: string, origin: "dm" | "command" | "mention" = "dm") =>
      handleQuestion({ text, origin, userId: "U0PERSON01" }, ports).kind;

    expect(ask("are my meetings recorded?")).toBe("answer");
    expect(ask("can zebra-marmalade recordings be seen?", "command")).toBe("answer");
    expect(ask("what about cookies?", "mention")).toBe("escalate");
    expect(ask("what is the weather on the moon?")).toBe("escalate");
    // Not questions for the statements: none of these is counted.
    expect(ask("hello")).toBe("greeting");
    expect(ask("help")).toBe("usage");
    expect(ask("talk to a person")).toBe("person");
    expect(ask("are my meetings recorded?")).toBe("rate_limited");

    expect(await store.questionCounts(new Date(`${DAY}T00:00:00Z`))).toEqual([
      { day: DAY, statementId: null, sectionSlug: null, answered: 0, escalated: 1 },
      { day: DAY, statementId: "zoom", sectionSlug: "access-to-content", answered: 2, escalated: 0 },
      { day: DAY, statementId: "zoom", sectionSlug: "cookies", answered: 0, escalated: 1 },
    ]);
    // Counts only: neither the question nor who asked is anywhere in what the store holds.
    const held = JSON.stringify([...db.questionCounts.values()]);
    expect(held).not.toMatch(/zebra|marmalade|U0PERSON01/);
  });

  it("still answers when the store cannot count, and says so in the log without the question", async () => {
    const { ports, logs } = portsWith({
      recordQuestion: () => Promise.reject(new Error("database is down: zebra-marmalade")),
    });
    expect(handleQuestion({ text: "is zebra-marmalade recorded?", origin: "dm", userId: "U0PERSON01" }, ports).kind).toBe("answer");
    await new Promise((r) => setTimeout(r, 0));
    const failed = logs.lines.map((l) => JSON.parse(l) as { event: string }).filter((l) => l.event === "question_count_failed");
    expect(failed).toHaveLength(1);
    expect(logs.text()).not.toContain("zebra");
  });
});
