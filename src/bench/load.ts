import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
 * per-person rate limit (default 20 a minute) is in force but never reached. Every accepted request must be
 * answered: a command in its acknowledgement (or through its response URL), a direct message by a
 * chat.postMessage to the stand-in. Loopback only; bounded in time.
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
  /** Write a CPU profile of the app process (`node --cpu-prof`) into this directory. */
  profileDir?: string;
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
  /**
   * Accepted requests (2xx) whose reply arrived: a `/privacy` answer in the acknowledgement's body (or through its
   * response URL), a direct message's answer as chat.postMessage at the stand-in Slack.
   */
  replies: number;
  /** The first few accepted requests without their reply, if any. */
  unanswered?: string[];
  /** The first few log lines at warning level or above (events and error codes, no personal text). */
  warnings?: string[];
  /** Log lines at error level or above the app wrote during the run. */
  errorLogLines: number;
  /** CPU time the app process spent per request in the measured run (Linux only: read from /proc). */
  appCpuMsPerRequest?: number | undefined;
  /** Requests the app made to the stand-in Slack over the whole run (warm-up included), and the connections they used. */
  slackRequests: number;
  slackConnections: number;
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
  // A prefix of its own, so no person's id can be the bot's (U0LOADBOT), whose messages the app ignores.
  const user = `U0PERSON${n.toString(36).toUpperCase()}`;
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
 * each reply belongs to (the response URL's number, or the number in the direct message's channel). It keeps
 * connections open, as Slack does, and counts them, so a client that does not reuse its connections shows.
 */
async function startLoopbackSlack(): Promise<{ url: string; replied: Set<number>; connections(): number; requests(): number; close(): Promise<void> }> {
  const replied = new Set<number>();
  let ts = 1_700_000_000;
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (path.startsWith("/response/")) {
        replied.add(Number(path.slice("/response/".length)));
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      let body = '{"ok":true}';
      if (path.startsWith("/api/auth.test")) body = JSON.stringify({ ok: true, user_id: "U0LOADBOT", bot_id: "B0LOADBOT", team_id: "T0LOAD" });
      if (path.startsWith("/api/chat.postMessage")) {
        const raw = Buffer.concat(chunks).toString("latin1");
        // Only the channel is read, without decoding the whole message (the app sends it form-encoded).
        const channel = req.headers["content-type"]?.includes("json")
          ? String((JSON.parse(raw) as { channel?: unknown }).channel)
          : decodeURIComponent(/(?:^|&)channel=([^&]*)/.exec(raw)?.[1] ?? "");
        replied.add(Number(channel.replace(/^D0LOAD/, "")));
        body = `{"ok":true,"channel":${JSON.stringify(channel)},"ts":"${++ts}.000100"}`;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replied,
    connections: () => connections,
    requests: () => requests,
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
async function startApp(
  cli: string,
  env: NodeJS.ProcessEnv,
  profileDir?: string,
): Promise<{ child: ChildProcess; port: number; errorLogLines(): number; warnings(): string[]; stop(): Promise<number | null> }> {
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...profile, cli, "start"], { env, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let errorLines = 0;
  const warnings: string[] = [];
  let listeningSeen = false;
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
        // Warnings and errors name events and error codes only (no personal text): kept to explain a failed run.
        if (listeningSeen && /"level":(40|50|60)/.test(line) && warnings.length < 5) warnings.push(line);
        if (line.includes('"event":"started"')) {
          listeningSeen = true;
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
    warnings: () => warnings,
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
  }, options.profileDir).catch(async (error: unknown) => {
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
            onResponse: (status, body, context) => {
              const sent = (context as Context).n;
              if (status < 200 || status >= 300 || sent === undefined) return;
              accepted.add(sent);
              // A command's reply, when ready at once, is the acknowledgement's body (else it goes to the response URL).
              if (sent % 2 === 0 && isEphemeralReply(body)) slack.replied.add(sent);
            },
          },
        ],
      });

    if (options.warmupSec > 0) {
      await run(options.warmupSec, Math.min(10, options.connections));
      await unanswered(accepted, slack.replied);
    }
    accepted = new Set<number>();
    const cpuBefore = processCpuMs(app.child.pid);
    const result = await run(options.durationSec, options.connections);
    // A direct message is answered after its acknowledgement; give the last answers a moment to arrive.
    const missing = await unanswered(accepted, slack.replied);
    const cpuAfter = processCpuMs(app.child.pid);
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
      replies: accepted.size - missing.length,
      unanswered: missing.slice(0, 10).map((n) => `${n % 2 === 0 ? "command" : "direct message"} #${n}`),
      warnings: app.warnings(),
      errorLogLines: app.errorLogLines(),
      appCpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : undefined,
      slackRequests: slack.requests(),
      slackConnections: slack.connections(),
    };
  } finally {
    await app.stop();
    await cleanUp();
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds; undefined where /proc is not available. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th, in clock
    // ticks (USER_HZ, 100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** True for an acknowledgement that carries a message shown only to the person (`response_type: ephemeral`). */
export function isEphemeralReply(body: string): boolean {
  // A substring test first keeps the check cheap beside the app; the parse confirms it.
  if (!body.includes('"ephemeral"')) return false;
  try {
    const reply = JSON.parse(body) as { response_type?: unknown; blocks?: unknown };
    return reply.response_type === "ephemeral" && Array.isArray(reply.blocks) && reply.blocks.length > 0;
  } catch {
    return false;
  }
}

/**
 * The accepted requests still without their reply, waiting up to 10 s in all, and giving up sooner only when
 * none has arrived for 3 s (longer than the Web API client's first retry).
 */
async function unanswered(accepted: ReadonlySet<number>, replied: ReadonlySet<number>): Promise<number[]> {
  const missing = () => [...accepted].filter((n) => !replied.has(n));
  const deadline = Date.now() + 10_000;
  let left = missing();
  let lastProgress = Date.now();
  while (left.length > 0 && Date.now() < deadline && Date.now() - lastProgress < 3_000) {
    await new Promise((r) => setTimeout(r, 100));
    const now = missing();
    if (now.length < left.length) lastProgress = Date.now();
    left = now;
  }
  return left;
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
    [f.replies === f.ok, `every accepted request was answered: ${f.replies.toLocaleString("en-US")} replies for ${f.ok.toLocaleString("en-US")} accepted`],
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
    `replies     ${n(f.replies)} arrived (commands: in the acknowledgement; direct messages: chat.postMessage at Slack)`,
    `app CPU     ${f.appCpuMsPerRequest === undefined ? "not measured (no /proc)" : `${f.appCpuMsPerRequest.toFixed(2)} ms per request`}`,
    `to Slack    ${n(f.slackRequests)} requests over ${n(f.slackConnections)} connections (warm-up included)`,
    ...(f.unanswered?.length ? [`unanswered ${f.unanswered.join(", ")}`] : []),
    ...(f.warnings?.length ? ["app warnings:", ...f.warnings.map((w) => `  ${w}`)] : []),
    "",
    ...verdict.lines,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  // `--replicas N`: one replica on SQLite beside N on one PostgreSQL (src/bench/replicas.ts).
  if (process.argv.slice(2).some((a) => a === "--replicas" || a.startsWith("--replicas="))) {
    await (await import("./replicas.js")).main(process.argv.slice(2), { request: loadRequest, isReply: isEphemeralReply });
    return;
  }
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
      profile: { type: "string" },
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
    ...(values.profile ? { profileDir: resolve(values.profile) } : {}),
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
