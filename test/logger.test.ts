import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "../src/logger.js";

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
});
