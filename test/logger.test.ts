import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogDestination, createLogger, REDACTED } from "../src/logger.js";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, last: () => JSON.parse(lines.at(-1)!) as Record<string, unknown> };
}

describe("the logger", () => {
  it("replaces tokens and secrets wherever they are passed along, up to two levels down", () => {
    const { logger, last, lines } = capture();
    logger.info(
      {
        event: "started",
        SLACK_BOT_TOKEN: "xoxb-top-level",
        token: "xoxb-token",
        options: { signingSecret: "signing-1", appToken: "xapp-1", nested: { password: "pw-1" } },
        req: { headers: { authorization: "Bearer xoxb-header", "x-slack-signature": "v0=abc", accept: "*/*" } },
        list: [{ secret: "in-a-list" }],
      },
      "configured",
    );
    expect(last()).toMatchObject({
      SLACK_BOT_TOKEN: REDACTED,
      token: REDACTED,
      options: { signingSecret: REDACTED, appToken: REDACTED, nested: { password: REDACTED } },
      req: { headers: { authorization: REDACTED, "x-slack-signature": REDACTED, accept: "*/*" } },
      list: [{ secret: REDACTED }],
      msg: "configured",
    });
    expect(lines.join("")).not.toMatch(/xoxb-|xapp-|signing-1|pw-1|v0=abc|in-a-list/);
  });

  it("leaves the caller's object as it was", () => {
    const { logger } = capture();
    const fields = { event: "started" as const, token: "xoxb-mine", options: { secret: "mine" } };
    logger.info(fields, "line");
    expect(fields).toEqual({ event: "started", token: "xoxb-mine", options: { secret: "mine" } });
  });

  it("writes other fields unchanged, and redacts a child logger's bindings too", () => {
    const { logger, last, lines } = capture();
    logger.info({ event: "question", decision: "answer", signals: { coverage: 1 }, paragraphIds: ["a/b/1"], ms: 2 }, "question handled");
    expect(last()).toMatchObject({ event: "question", decision: "answer", signals: { coverage: 1 }, paragraphIds: ["a/b/1"], ms: 2 });
    logger.child({ component: "x", botToken: "xoxb-bound" }).info({ event: "started" }, "from a child");
    expect(last()).toMatchObject({ component: "x", botToken: REDACTED });
    expect(lines.join("")).not.toContain("xoxb-bound");
  });

  it("writes the lines that piled up during a write all together in the next, so a busy turn's lines do not wait in memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "privacy-desk-log-"));
    try {
      const destination = createLogDestination(join(dir, "log.jsonl")) as ReturnType<typeof createLogDestination> & {
        on(event: "ready" | "write" | "drain", listener: () => void): void;
      };
      await new Promise<void>((ready) => destination.on("ready", ready));
      let writes = 0;
      destination.on("write", () => writes++);
      const logger = createLogger({ level: "info", destination });
      // About 120 KB of question lines in one turn of the event loop, as under load: the first 16 KB go out
      // together, the rest wait for that write, then go out together.
      const signals = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`signal${i}`, 0.123]));
      for (let i = 0; i < 200; i++)
        logger.info(
          { event: "question", origin: "dm", decision: "answer", signals, paragraphIds: [`statement/section/${i}`] },
          "question handled",
        );
      await new Promise<void>((drained) => destination.on("drain", drained));
      const lines = readFileSync(join(dir, "log.jsonl"), "utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(200);
      expect(JSON.parse(lines[199]!)).toMatchObject({ event: "question", paragraphIds: ["statement/section/199"] });
      expect(writes).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
