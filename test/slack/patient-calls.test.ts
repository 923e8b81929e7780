import { describe, expect, it } from "vitest";
import { callPatiently, MethodGates } from "../../src/slack/patient-calls.js";
import { captureLogger } from "./support/logs.js";

const rateLimited = (seconds: number) =>
  Object.assign(new Error("rate limited"), { code: "slack_webapi_rate_limited_error", retryAfter: seconds });
const http500 = () => Object.assign(new Error("500"), { code: "slack_webapi_http_error", statusCode: 500 });
const refused = () =>
  Object.assign(new Error("not_in_channel"), { code: "slack_webapi_platform_error", data: { error: "not_in_channel" } });
const fast = { forMs: 2_000, baseMs: 10, capMs: 40 };

describe("a message owed to a person, through Slack's failures", () => {
  it("is tried again after a 500 until Slack takes it, once", async () => {
    let calls = 0;
    const result = await callPatiently(
      "chat.postMessage",
      async () => {
        calls++;
        if (calls < 3) throw http500();
        return "posted";
      },
      { logger: captureLogger().logger, gates: new MethodGates(), patience: fast },
    );
    expect([result, calls]).toEqual(["posted", 3]);
  });

  it("waits out a 429 on its own method only: another method is called at once", async () => {
    const gates = new MethodGates();
    const logger = captureLogger().logger;
    let first = true;
    const limited = callPatiently(
      "users.info",
      async () => {
        if (first) {
          first = false;
          throw rateLimited(0.3);
        }
        return Date.now();
      },
      { logger, gates, patience: fast },
    );
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await callPatiently("chat.postMessage", async () => "posted", { logger, gates, patience: fast });
    expect(Date.now() - started).toBeLessThan(100);
    expect(gates.waitFor("users.info")).toBeGreaterThan(100);
    expect(gates.waitFor("chat.postMessage")).toBe(0);
    expect(await limited).toBeGreaterThanOrEqual(started + 200);
  });

  it("gives up at once on what trying again cannot fix, and after its patience on an outage", async () => {
    await expect(
      callPatiently(
        "chat.postMessage",
        async () => {
          throw refused();
        },
        { logger: captureLogger().logger, gates: new MethodGates(), patience: fast },
      ),
    ).rejects.toThrow("not_in_channel");
    const started = Date.now();
    await expect(
      callPatiently(
        "chat.postMessage",
        async () => {
          throw http500();
        },
        { logger: captureLogger().logger, gates: new MethodGates(), patience: { forMs: 200, baseMs: 20, capMs: 40 } },
      ),
    ).rejects.toThrow("500");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
