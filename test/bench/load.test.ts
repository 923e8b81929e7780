import { fileURLToPath } from "node:url";
import { isValidSlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import {
  combine,
  isEphemeralReply,
  judge,
  judgeComparison,
  judgeSoak,
  type LoadFigures,
  loadRequest,
  runComparison,
  runLoad,
  runSoak,
} from "../../src/bench/load.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("load test requests", () => {
  it("are signed exactly as Slack signs them, alternate commands and DMs, and come each from a different user", () => {
    const now = Date.now();
    const requests = [0, 1, 2, 3].map((n) => loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now));
    for (const r of requests) {
      const headers = {
        "x-slack-signature": r.headers["x-slack-signature"]!,
        "x-slack-request-timestamp": Number(r.headers["x-slack-request-timestamp"]),
      };
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
    const users = [
      new URLSearchParams(requests[0]!.body).get("user_id"),
      dm.event.user,
      new URLSearchParams(requests[2]!.body).get("user_id"),
    ];
    expect(new Set(users).size).toBe(3);
    // Never the bot's own id, whose messages the app ignores (n = 15149 is "BOT" in base 36).
    const dmUser = (n: number) =>
      (JSON.parse(loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now).body) as { event: { user: string } }).event.user;
    expect([1, 15149, 15151].map(dmUser)).not.toContain("U0LOADBOT");
  });

  it("are all /privacy commands in the commands mix, and come from a fixed crowd when a number of users is given", () => {
    const now = Date.now();
    const commands = [0, 1, 2, 3].map((n) => loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now, { mix: "commands" }));
    expect(commands.map((r) => new URLSearchParams(r.body).get("command"))).toEqual(["/privacy", "/privacy", "/privacy", "/privacy"]);
    const user = (n: number) => {
      const r = loadRequest(n, "load-secret", "http://127.0.0.1:9/response/", now, { mix: "commands", users: 3 });
      return new URLSearchParams(r.body).get("user_id");
    };
    expect(new Set([0, 1, 2, 3, 4, 5].map(user)).size).toBe(3);
    expect(user(4)).toBe(user(1));
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
    durationSec: 10,
    connections: 50,
    requestsPerSec: 1500,
    total: 15000,
    p50Ms: 20,
    p99Ms: 60,
    maxMs: 90,
    ok: 15000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    replies: 15000,
    errorLogLines: 0,
    slackRequests: 7600,
    slackConnections: 12,
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

describe("the side-by-side verdict", () => {
  const bare: LoadFigures = {
    target: "bare",
    durationSec: 5,
    connections: 32,
    requestsPerSec: 6000,
    total: 30000,
    p50Ms: 3,
    p99Ms: 10,
    maxMs: 40,
    ok: 30000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    replies: 30000,
    errorLogLines: 0,
    slackRequests: 0,
    slackConnections: 0,
  };
  const desk: LoadFigures = { ...bare, target: "desk", requestsPerSec: 3600, total: 18000, ok: 18000, replies: 18000, p99Ms: 20 };
  it("passes at 0.6× bare Bolt's throughput and 2× its p99", () => {
    const v = judgeComparison(desk, bare);
    expect(v.pass).toBe(true);
    expect(v.lines[0]).toBe("PASS throughput ≥ 0.6× bare Bolt's: 0.60×");
    expect(v.lines[1]).toBe("PASS p99 ≤ 2× bare Bolt's: 2.00×");
  });
  it.each([
    ["throughput", { requestsPerSec: 3500 }],
    ["p99", { p99Ms: 21 }],
    ["a lost reply", { replies: 17999 }],
  ])("fails on Privacy Desk's %s", (_name, change) => {
    const v = judgeComparison({ ...desk, ...change }, bare);
    expect(v.pass).toBe(false);
    expect(v.lines.filter((l) => l.startsWith("FAIL "))).toHaveLength(1);
  });
  it("averages an app's runs", () => {
    const both = combine([bare, { ...bare, requestsPerSec: 8000, p99Ms: 20, total: 40000 }]);
    expect(both.requestsPerSec).toBe(7000);
    expect(both.p99Ms).toBe(15);
    expect(both.total).toBe(70000);
  });
});

describe("the soak verdict", () => {
  const soak: LoadFigures = {
    target: "desk",
    durationSec: 60,
    connections: 32,
    requestsPerSec: 3000,
    total: 180000,
    p50Ms: 9,
    p99Ms: 30,
    maxMs: 90,
    ok: 180000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    replies: 180000,
    errorLogLines: 0,
    slackRequests: 90000,
    slackConnections: 10,
    rss: [
      { atSec: 0, rssMb: 150 },
      { atSec: 30, rssMb: 170 },
      { atSec: 60, rssMb: 164 },
    ],
  };
  it("passes when memory ends within 10% of where it started", () => {
    const v = judgeSoak(soak);
    expect(v.pass).toBe(true);
    expect(v.lines[0]).toBe("PASS resident memory flat within 10%: 150 MB → 164 MB (+9.3%)");
  });
  it("fails when memory grows by more, or was not measured", () => {
    expect(
      judgeSoak({
        ...soak,
        rss: [
          { atSec: 0, rssMb: 150 },
          { atSec: 60, rssMb: 166 },
        ],
      }).pass,
    ).toBe(false);
    expect(judgeSoak({ ...soak, rss: [] }).pass).toBe(false);
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

describe("short runs of both apps and a soak", () => {
  it("drive bare Bolt and Privacy Desk in turn, on the same requests, and measure both", async () => {
    const runs = await runComparison({ durationSec: 1, connections: 4, warmupSec: 0, cli: CLI, rounds: 1 });
    expect(runs.map((f) => f.target)).toEqual(["bare", "desk"]);
    for (const f of runs) {
      expect(f.ok).toBeGreaterThan(20);
      expect(f.non2xx + f.errors + f.timeouts).toBe(0);
    }
    // Privacy Desk's command replies were checked as answers, not merely counted.
    expect(runs[1]!.replies).toBe(runs[1]!.ok);
  }, 30_000);

  it("sample Privacy Desk's resident memory through a soak with a fixed crowd of users", async () => {
    const f = await runSoak({ durationSec: 2, connections: 4, warmupSec: 0, cli: CLI, users: 50 });
    expect(f.ok).toBeGreaterThan(20);
    expect(f.replies).toBe(f.ok);
    expect(f.errorLogLines).toBe(0);
    if (process.platform === "linux") {
      expect(f.rss!.length).toBeGreaterThanOrEqual(3);
      expect(f.rss!.every((s) => s.rssMb > 20)).toBe(true);
      expect(f.rss![f.rss!.length - 1]!.atSec).toBeGreaterThanOrEqual(2);
    }
  }, 30_000);
});
