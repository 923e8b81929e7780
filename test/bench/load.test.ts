import { isValidSlackRequest } from "@slack/bolt";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isEphemeralReply, judge, loadRequest, runLoad, type LoadFigures } from "../../src/bench/load.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("load test requests", () => {
  it("are signed exactly as Slack signs them, alternate commands and DMs, and come each from a different user", () => {
    const now = Date.now();
    const requests = [0, 1, 2, 3].map((n) => loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now));
    for (const r of requests) {
      const headers = { "x-slack-signature": r.headers["x-slack-signature"]!, "x-slack-request-timestamp": Number(r.headers["x-slack-request-timestamp"]) };
      expect(isValidSlackRequest({ signingSecret: "load-secret", body: r.body, headers, nowMilliseconds: now })).toBe(true);
      expect(isValidSlackRequest({ signingSecret: "another-secret", body: r.body, headers, nowMilliseconds: now })).toBe(false);
    }
    expect(requests.map((r) => r.headers["content-type"])).toEqual([
      "application/x-www-form-urlencoded",
      "application/json",
      "application/x-www-form-urlencoded",
      "application/json",
    ]);
    expect(new URLSearchParams(requests[0]!.body).get("response_url")).toBe("http://127.0.0.1:9/response/0");
    const dm = JSON.parse(requests[1]!.body) as { event_id: string; event: { user: string; channel: string } };
    expect(dm.event_id).toBe("Ev0LOAD1");
    expect(dm.event.channel).toBe("D0LOAD1");
    const users = [new URLSearchParams(requests[0]!.body).get("user_id"), dm.event.user, new URLSearchParams(requests[2]!.body).get("user_id")];
    expect(new Set(users).size).toBe(3);
    // Never the bot's own id, whose messages the app ignores (n = 15149 is "BOT" in base 36).
    const dmUser = (n: number) => (JSON.parse(loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now).body) as { event: { user: string } }).event.user;
    expect([1, 15149, 15151].map(dmUser)).not.toContain("U0LOADBOT");
  });
});

describe("a command's reply in its acknowledgement", () => {
  it("counts only an ephemeral message with blocks", () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "Cookies…" } }];
    expect(isEphemeralReply(JSON.stringify({ response_type: "ephemeral", text: "Cookies…", blocks }))).toBe(true);
    expect(isEphemeralReply("")).toBe(false);
    expect(isEphemeralReply(JSON.stringify({ response_type: "in_channel", text: "x", blocks }))).toBe(false);
    expect(isEphemeralReply(JSON.stringify({ response_type: "ephemeral", text: "x", blocks: [] }))).toBe(false);
    expect(isEphemeralReply('{"response_type":"ephemeral","blocks":[')).toBe(false);
  });
});

describe("the verdict", () => {
  const good: LoadFigures = {
    durationSec: 10, connections: 50, requestsPerSec: 1500, total: 15000, p50Ms: 20, p99Ms: 60, maxMs: 90,
    ok: 15000, non2xx: 0, errors: 0, timeouts: 0, replies: 15000, errorLogLines: 0, slackRequests: 7600, slackConnections: 12,
  };
  it("passes when every target is met", () => {
    const v = judge(good);
    expect(v.pass).toBe(true);
    expect(v.lines.every((l) => l.startsWith("PASS "))).toBe(true);
  });
  it.each([
    ["throughput", { requestsPerSec: 999 }],
    ["p99", { p99Ms: 100 }],
    ["errors", { errors: 1 }],
    ["non-2xx", { non2xx: 3 }],
    ["error log lines", { errorLogLines: 1 }],
    ["a lost reply", { replies: 14999 }],
  ])("fails on %s", (_name, change) => {
    const v = judge({ ...good, ...change });
    expect(v.pass).toBe(false);
    expect(v.lines.filter((l) => l.startsWith("FAIL "))).toHaveLength(1);
  });
});

describe("a short run against the built app", () => {
  it("drives the real HTTP receiver with accepted, answered requests and no errors", async () => {
    const f = await runLoad({ durationSec: 1, connections: 4, warmupSec: 0, cli: CLI });
    expect(f.ok).toBeGreaterThan(20);
    expect(f.non2xx).toBe(0);
    expect(f.errors).toBe(0);
    expect(f.errorLogLines).toBe(0);
    expect(f.replies).toBe(f.ok);
  }, 30_000);
});
