import { describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { createRandomRefs } from "../../src/desk/carried-question.js";
import { startSlack } from "../../src/slack/app.js";
import { createEventDedupe } from "../../src/slack/dedupe.js";
import { buildHealthReport } from "../../src/slack/health.js";
import { createInFlight } from "../../src/slack/in-flight.js";
import { createFakeEngine } from "./support/fake-engine.js";
import { startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { dmEvent, eventCallback } from "./support/payloads.js";
import { postToApp } from "./support/signing.js";

describe("stopping", () => {
  it("stops taking requests but lets a reply already on its way finish", async () => {
    const fake = await startFakeSlack();
    // Slack is slow to accept the reply, so it is still in flight when stop() is called.
    fake.answer("chat.postMessage", (body) => ({ ok: true, channel: body.channel, ts: "1700000000.000900" }), 300);
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-stop",
      SLACK_SIGNING_SECRET: "stop-signing-secret",
      PORT: "0",
      SLACK_API_URL: fake.apiUrl,
    }) as SlackConfig;
    const logs = captureLogger();
    const running = await startSlack(config, createFakeEngine(), logs.logger, { host: "127.0.0.1" });
    const url = `http://127.0.0.1:${running.port}/slack/events`;
    const res = await postToApp(url, JSON.stringify(eventCallback(dmEvent("is it recorded?"))), "application/json", {
      secret: "stop-signing-secret",
    });
    expect(res.status).toBe(200);
    await fake.waitFor((c) => c.method === "chat.postMessage");
    expect(running.deps.inFlight.size).toBe(1);

    const stopping = running.stop();
    expect(running.health().status).toBe("stopping");
    await stopping;
    expect(fake.answered.map((c) => c.method)).toContain("chat.postMessage");
    expect(running.deps.inFlight.size).toBe(0);
    expect(logs.text()).not.toContain("stop_timeout");
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
    await running.stop(); // a second call is harmless
    await fake.close();
  });

  it("gives up waiting after the drain limit and says so", async () => {
    const inFlight = createInFlight();
    void inFlight.run(() => new Promise<void>(() => undefined));
    expect(await inFlight.drain(20)).toBe(false);
    expect(inFlight.size).toBe(1);
  });

  it("a failed piece of work still counts as finished", async () => {
    const inFlight = createInFlight();
    await expect(inFlight.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await inFlight.drain(1000)).toBe(true);
  });
});

describe("health report", () => {
  const engine = createFakeEngine();
  it("lists statements and merges extra facts", () => {
    const report = buildHealthReport({ mode: "http", engine, stopping: false, inFlight: 2, extra: () => ({ pendingDeliveries: 3 }) });
    expect(report).toMatchObject({ status: "ok", inFlight: 2, pendingDeliveries: 3, statements: [{ id: "zoom", updated: "2022-10-24" }] });
  });
  it("is degraded when a part cannot report", () => {
    const report = buildHealthReport({
      mode: "http",
      engine,
      stopping: false,
      inFlight: 0,
      extra: () => {
        throw new TypeError("db closed");
      },
    });
    expect(report.status).toBe("degraded");
  });
});

describe("short-lived memories", () => {
  it("question ids are 12 unguessable characters, none repeated across refills of the random pool", () => {
    const refs = Array.from({ length: 3 * 256 + 5 }, createRandomRefs());
    expect(refs.every((r) => /^[A-Za-z0-9_-]{12}$/.test(r))).toBe(true);
    expect(new Set(refs).size).toBe(refs.length);
    // Two sources draw different references.
    expect(createRandomRefs()()).not.toBe(createRandomRefs()());
  });

  it("event ids are remembered within bounds", () => {
    let now = 0;
    const dedupe = createEventDedupe({ maxEntries: 2, ttlMs: 100, now: () => now });
    expect(dedupe.seenBefore("a")).toBe(false);
    expect(dedupe.seenBefore("a")).toBe(true);
    dedupe.seenBefore("b");
    dedupe.seenBefore("c");
    expect(dedupe.seenBefore("a")).toBe(false); // pushed out by b and c
    now = 1000;
    expect(dedupe.seenBefore("c")).toBe(false); // expired
  });
});
