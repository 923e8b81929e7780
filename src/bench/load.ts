import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type autocannonType from "autocannon";
import { EXAMPLE_QUESTIONS } from "../slack/texts.js";

/**
 * `npm run load`: Privacy Desk as it runs in production (`node dist/cli.js start`, HTTP mode, default log level)
 * on a random loopback port, its Web API calls going to a local stand-in for Slack that answers ok, driven by
 * autocannon with requests signed exactly as Slack signs them: half `/privacy` commands (form-encoded), half
 * direct-message events (JSON, each with its own event_id). Every request comes from a different user, so the
 * per-person rate limit (default 20 a minute) is in force but never reached. Loopback only; bounded in time.
 */

/** The package root, whether this runs as dist/bench/load.js or src/bench/load.ts. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What the run must achieve. */
export const TARGETS = { requestsPerSec: 1000, p99Ms: 100 } as const;

/** Options for a load run. */
export interface LoadOptions {
  durationSec: number;
  connections: number;
  /** A short unmeasured run first, so the measured one does not include start-up compilation. */
  warmupSec: number;
  /** The built CLI to run. */
  cli: string;
}

/** What a run measured. */
export interface LoadFigures {
  durationSec: number;
  connections: number;
  requestsPerSec: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Accepted requests (2xx) whose reply (response_url post or chat.postMessage) reached the stand-in Slack. */
  replies: number;
  /** Log lines at error level or above the app wrote during the run. */
  errorLogLines: number;
}

const PATH = "/slack/events";
const QUESTIONS = [
  ...EXAMPLE_QUESTIONS,
  "Is my Zoom meeting recorded?",
  "Does Zoom use cookies?",
  "Who can see my Zoom chat messages?",
  "Can I get a copy of my data?",
];

/** Signs a body as Slack does: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The n-th request of a run: even ones are `/privacy` commands, odd ones direct messages; each from its own user. */
export function loadRequest(n: number, secret: string, responseBase: string, now = Date.now()): { body: string; headers: Record<string, string> } {
  const user = `U0LOAD${n.toString(36).toUpperCase()}`;
  const question = QUESTIONS[n % QUESTIONS.length]!;
  const timestamp = Math.floor(now / 1000);
  let body: string;
  let contentType: string;
  if (n % 2 === 0) {
    contentType = "application/x-www-form-urlencoded";
    body = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: "T0LOAD",
      team_domain: "load",
      channel_id: "C0LOAD",
      channel_name: "load",
      user_id: user,
      user_name: "load",
      command: "/privacy",
      text: question,
      api_app_id: "A0LOAD",
      is_enterprise_install: "false",
      response_url: `${responseBase}${n}`,
      trigger_id: `${n}.trigger`,
    }).toString();
  } else {
    contentType = "application/json";
    const ts = `${timestamp}.${String(n % 1_000_000).padStart(6, "0")}`;
    body = JSON.stringify({
      token: "legacy-verification-token",
      team_id: "T0LOAD",
      api_app_id: "A0LOAD",
      type: "event_callback",
      event_id: `Ev0LOAD${n}`,
      event_time: timestamp,
      authorizations: [{ enterprise_id: null, team_id: "T0LOAD", user_id: "U0LOADBOT", is_bot: true, is_enterprise_install: false }],
      event: { type: "message", channel_type: "im", channel: `D0LOAD${n}`, user, text: question, ts, event_ts: ts, team: "T0LOAD" },
    });
  }
  return {
    body,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(secret, timestamp, body),
    },
  };
}

/**
 * A stand-in for Slack's Web API and response URLs on loopback: answers ok at once and records which request
 * each reply belongs to (the response URL's number, or the number in the direct message's channel).
 */
async function startLoopbackSlack(): Promise<{ url: string; replied: Set<number>; close(): Promise<void> }> {
  const replied = new Set<number>();
  let ts = 1_700_000_000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (path.startsWith("/response/")) {
        replied.add(Number(path.slice("/response/".length)));
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      let body: Record<string, unknown> = { ok: true };
      if (path.startsWith("/api/auth.test")) body = { ok: true, user_id: "U0LOADBOT", bot_id: "B0LOADBOT", team_id: "T0LOAD" };
      if (path.startsWith("/api/chat.postMessage")) {
        const raw = Buffer.concat(chunks).toString("utf8");
        const channel = req.headers["content-type"]?.includes("json")
          ? String((JSON.parse(raw) as { channel?: unknown }).channel)
          : (new URLSearchParams(raw).get("channel") ?? "");
        replied.add(Number(channel.replace(/^D0LOAD/, "")));
        body = { ok: true, channel, ts: `${++ts}.000100` };
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replied,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** App processes started and not yet stopped, so a run that has to give up can stop them too. */
const running = new Set<ChildProcess>();

/** Starts `privacy-desk start` in HTTP mode on a random loopback port; resolves once it listens. */
async function startApp(cli: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; errorLogLines(): number; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, "start"], { env, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let errorLines = 0;
  let partial = "";
  const exited = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      running.delete(child);
      done(code);
    }),
  );
  const listening = new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error("the app did not start within 20 s")), 20_000);
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      partial += chunk;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (/"level":(50|60)/.test(line)) errorLines++;
        if (line.includes('"event":"started"')) {
          clearTimeout(timer);
          done((JSON.parse(line) as { port: number }).port);
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the app exited with code ${code} before listening`));
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    child,
    port,
    errorLogLines: () => errorLines,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

async function loadAutocannon(): Promise<typeof autocannonType> {
  try {
    return (await import("autocannon")).default;
  } catch {
    throw new Error("autocannon is not installed: it is a development dependency; install with `npm install` (not --omit=dev)");
  }
}

/** Runs the load test and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  if (!existsSync(options.cli)) throw new Error(`${options.cli} does not exist; run \`npm run build\` first`);
  const autocannon = await loadAutocannon();
  const secret = randomBytes(16).toString("hex");
  const slack = await startLoopbackSlack();
  const dataDir = mkdtempSync(join(tmpdir(), "privacy-desk-load-"));
  const cleanUp = async () => {
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const app = await startApp(options.cli, {
    ...process.env,
    SLACK_BOT_TOKEN: "xoxb-load-test",
    SLACK_SIGNING_SECRET: secret,
    SLACK_APP_TOKEN: "",
    SLACK_API_URL: `${slack.url}/api/`,
    PORT: "0",
    DATABASE_PATH: join(dataDir, "privacy-desk.db"),
    HELPDESK_CHANNEL: "",
    HELPDESK_WEBHOOK_URL: "",
    SMTP_URL: "",
    LOG_LEVEL: "",
    RATE_LIMIT_PER_MINUTE: "",
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  try {
    let n = 0;
    let accepted = new Set<number>();
    const responseBase = `${slack.url}/response/`;
    // One request at a time per connection (no pipelining), so a connection's context names the request answered.
    type Context = { n?: number };
    const run = (durationSec: number, connections: number) =>
      autocannon({
        url: `http://127.0.0.1:${app.port}`,
        connections,
        duration: durationSec,
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: PATH,
            setupRequest: (request, context) => {
              (context as Context).n = n;
              return { ...request, ...loadRequest(n++, secret, responseBase) };
            },
            onResponse: (status, _body, context) => {
              const sent = (context as Context).n;
              if (status >= 200 && status < 300 && sent !== undefined) accepted.add(sent);
            },
          },
        ],
      });

    if (options.warmupSec > 0) {
      await run(options.warmupSec, Math.min(10, options.connections));
      await repliesFor(accepted, slack.replied);
    }
    accepted = new Set<number>();
    const result = await run(options.durationSec, options.connections);
    // Replies are sent after the acknowledgement; give the last ones a moment to arrive.
    const replies = await repliesFor(accepted, slack.replied);
    return {
      durationSec: result.duration,
      connections: options.connections,
      requestsPerSec: result.requests.average,
      total: result.requests.total,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      ok: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      replies,
      errorLogLines: app.errorLogLines(),
    };
  } finally {
    await app.stop();
    await cleanUp();
  }
}

/** How many of the accepted requests have their reply, waiting (up to 10 s) while replies are still arriving. */
async function repliesFor(accepted: ReadonlySet<number>, replied: ReadonlySet<number>): Promise<number> {
  const count = () => [...accepted].filter((n) => replied.has(n)).length;
  const deadline = Date.now() + 10_000;
  let last = -1;
  while (Date.now() < deadline && count() < accepted.size && count() !== last) {
    last = count();
    await new Promise((r) => setTimeout(r, 250));
  }
  return count();
}

/** The PASS/FAIL verdict on each target. */
export function judge(f: LoadFigures, targets: typeof TARGETS = TARGETS): { pass: boolean; lines: string[] } {
  const checks: Array<[boolean, string]> = [
    [f.requestsPerSec >= targets.requestsPerSec, `throughput ≥ ${targets.requestsPerSec.toLocaleString("en-US")} requests/s: ${Math.round(f.requestsPerSec).toLocaleString("en-US")}`],
    [f.p99Ms < targets.p99Ms, `p99 latency < ${targets.p99Ms} ms: ${f.p99Ms} ms`],
    [
      f.errors === 0 && f.timeouts === 0 && f.non2xx === 0 && f.errorLogLines === 0,
      `zero errors: ${f.errors} connection errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx responses, ${f.errorLogLines} error log lines`,
    ],
    [f.replies === f.ok, `every accepted request was answered at Slack: ${f.replies.toLocaleString("en-US")} replies for ${f.ok.toLocaleString("en-US")} accepted`],
  ];
  return { pass: checks.every(([ok]) => ok), lines: checks.map(([ok, text]) => `${ok ? "PASS" : "FAIL"} ${text}`) };
}

/** The report `npm run load` prints. */
export function formatLoadReport(f: LoadFigures, verdict: { lines: string[] }): string {
  const cpu = cpus();
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    "Privacy Desk load test — HTTP receiver on 127.0.0.1, requests signed as Slack signs them",
    `  ${n(f.durationSec)} s, ${f.connections} connections; half /privacy commands, half direct-message events (unique event_id);`,
    "  every request from a different user (rate limit at its default, never reached); default log level",
    `  Node ${process.version}, ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
    "",
    `requests/s  ${n(f.requestsPerSec)} average   (${n(f.total)} requests)`,
    `latency     p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms   max ${f.maxMs} ms`,
    `responses   2xx ${n(f.ok)}   non-2xx ${n(f.non2xx)}   errors ${n(f.errors)}   timeouts ${n(f.timeouts)}`,
    `replies     ${n(f.replies)} reached Slack`,
    "",
    ...verdict.lines,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
    },
  });
  const bounded = (value: string, name: string, min: number, max: number): number => {
    const x = Number(value);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return x;
  };
  const options: LoadOptions = {
    durationSec: bounded(values.duration, "duration", 1, 120),
    connections: bounded(values.connections, "connections", 1, 500),
    warmupSec: bounded(values.warmup, "warmup", 0, 30),
    cli: join(ROOT, "dist/cli.js"),
  };
  // A hard stop, so a hung run cannot go on for ever.
  const guard = setTimeout(() => {
    process.stderr.write("load test did not finish in time\n");
    for (const child of running) child.kill("SIGKILL");
    process.exit(1);
  }, (options.durationSec + options.warmupSec + 60) * 1000);
  guard.unref();
  const figures = await runLoad(options);
  const verdict = judge(figures);
  process.stdout.write(formatLoadReport(figures, verdict));
  process.exitCode = verdict.pass ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
