import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type autocannonType from "autocannon";
import { EXAMPLE_QUESTIONS } from "../slack/texts.js";
import { appUnderLoadEnv, killRunningApps, startApp } from "./app-process.js";
import { startLoopbackSlack } from "./loopback-slack.js";

/**
 * `npm run load`: Privacy Desk as it runs in production (`node dist/cli.js start`, HTTP mode, default log level)
 * on a random loopback port, its Web API calls going to a local stand-in for Slack that answers ok, driven by
 * autocannon with requests signed exactly as Slack signs them, side by side with a bare Bolt 5 app
 * (`bare-bolt.ts`) that only acknowledges `/privacy` with a fixed text. Both get the same requests, in
 * alternating runs, and the report gives each run and the ratios Privacy Desk / bare Bolt.
 *
 * Requests are `/privacy` commands (form-encoded) or, in the "mixed" mix, half commands and half direct-message
 * events (JSON, each with its own event_id). Every request comes from a different user unless a number of users
 * is given, so the per-person rate limit (default 20 a minute) is in force but never reached. Every request
 * Privacy Desk accepts must be answered: a command in its acknowledgement (or through its response URL), a
 * direct message by a chat.postMessage to the stand-in.
 *
 * `--soak <seconds>` drives Privacy Desk alone with the mixed requests of a fixed crowd of users and samples its
 * resident memory over time. Loopback only; bounded in time.
 */

/** The package root, whether this runs as dist/bench/load.js or src/bench/load.ts. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What a single run of Privacy Desk must achieve. */
export const TARGETS = { requestsPerSec: 1000, p99Ms: 100 } as const;

/** What Privacy Desk must achieve beside bare Bolt, and across a soak. */
export const RATIO_TARGETS = { minThroughputRatio: 0.6, maxP99Ratio: 2, maxRssDrift: 0.1 } as const;

/** Which app a run drives: Privacy Desk (`privacy-desk start`) or the bare Bolt app (`bare-bolt.js`). */
export type Target = "desk" | "bare";

/** Which requests a run sends: `/privacy` commands only, or alternately a command and a direct message. */
export type Mix = "commands" | "mixed";

/** Options for a load run. */
export interface LoadOptions {
  durationSec: number;
  connections: number;
  /** A short unmeasured run first, so the measured one does not include start-up compilation. */
  warmupSec: number;
  /** The built CLI to run. */
  cli: string;
  /** The app to drive (default Privacy Desk). */
  target?: Target;
  /** The requests to send (default "mixed"). */
  mix?: Mix;
  /** Requests come from this many users in turn (default: every request from a user of its own). */
  users?: number;
  /** Extra environment for Privacy Desk (e.g. RATE_LIMIT_PER_MINUTE). */
  env?: NodeJS.ProcessEnv;
  /** Write a CPU profile of the app process (`node --cpu-prof`) into this directory (side by side: into bare/ and desk/ in it). */
  profileDir?: string;
}

/** What a run measured. */
export interface LoadFigures {
  target?: Target;
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
   * response URL), a direct message's answer as chat.postMessage at the stand-in Slack. The bare app's replies
   * are not checked (it answers no direct message); it reports `ok` here.
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
  /** The app's resident memory sampled during the measured run, when asked for (Linux only). */
  rss?: RssSample[];
  /** The app's resident memory once it listened, before the warm-up (Linux only). */
  rssAtStartMb?: number | undefined;
}

/** The app's resident memory at a moment of a run. */
export interface RssSample {
  /** Seconds since the measured run began. */
  atSec: number;
  rssMb: number;
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

/** Whether the n-th request of a run is a `/privacy` command (else a direct message). */
export function isCommand(n: number, mix: Mix = "mixed"): boolean {
  return mix === "commands" || n % 2 === 0;
}

/**
 * The n-th request of a run: in the "mixed" mix even ones are `/privacy` commands and odd ones direct messages;
 * each from its own user, or from user `n % users` when a number of users is given.
 */
export function loadRequest(
  n: number,
  secret: string,
  responseBase: string,
  now = Date.now(),
  options: { mix?: Mix; users?: number } = {},
): { body: string; headers: Record<string, string> } {
  // A prefix of its own, so no person's id can be the bot's (U0LOADBOT), whose messages the app ignores.
  const person = options.users ? n % options.users : n;
  const user = `U0PERSON${person.toString(36).toUpperCase()}`;
  const question = QUESTIONS[n % QUESTIONS.length]!;
  const timestamp = Math.floor(now / 1000);
  let body: string;
  let contentType: string;
  if (isCommand(n, options.mix)) {
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

async function loadAutocannon(): Promise<typeof autocannonType> {
  try {
    return (await import("autocannon")).default;
  } catch {
    throw new Error("autocannon is not installed: it is a development dependency; install with `npm install` (not --omit=dev)");
  }
}

/** One app running beside its stand-in Slack, ready for measured runs one after another. */
export interface LoadSession {
  target: Target;
  /** Drives the app for a while and returns what it measured; `rssEveryMs` samples the app's resident memory. */
  run(durationSec: number, connections: number, options?: { rssEveryMs?: number }): Promise<LoadFigures>;
  /** Stops the app and the stand-in, and deletes the app's data. */
  close(): Promise<void>;
}

/** Starts an app (Privacy Desk by default) and its stand-in Slack, and runs the warm-up. */
export async function startSession(
  options: Omit<LoadOptions, "durationSec" | "connections"> & { connections?: number },
): Promise<LoadSession> {
  const target = options.target ?? "desk";
  const mix = options.mix ?? "mixed";
  const bare = join(dirname(options.cli), "bench/bare-bolt.js");
  const program = target === "desk" ? options.cli : bare;
  if (!existsSync(program)) throw new Error(`${program} does not exist; run \`npm run build\` first`);
  const autocannon = await loadAutocannon();
  const secret = randomBytes(16).toString("hex");
  const slack = await startLoopbackSlack();
  const dataDir = mkdtempSync(join(tmpdir(), "privacy-desk-load-"));
  const cleanUp = async () => {
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const env: NodeJS.ProcessEnv = { ...appUnderLoadEnv({ slackUrl: slack.url, secret, dataDir }), ...options.env };
  const app = await startApp(target === "desk" ? [program, "start"] : [program], env, options.profileDir).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });

  const rssAtStartMb = processRssMb(app.child.pid);
  let n = 0;
  let accepted = new Set<number>();
  const responseBase = `${slack.url}/response/`;
  // One request at a time per connection (no pipelining), so a connection's context names the request answered.
  type Context = { n?: number };
  const drive = (durationSec: number, connections: number) =>
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
            return {
              ...request,
              ...loadRequest(n++, secret, responseBase, Date.now(), { mix, ...(options.users ? { users: options.users } : {}) }),
            };
          },
          onResponse: (status, body, context) => {
            const sent = (context as Context).n;
            if (status < 200 || status >= 300 || sent === undefined) return;
            accepted.add(sent);
            // A command's reply, when ready at once, is the acknowledgement's body (else it goes to the response URL).
            if (isCommand(sent, mix) && isEphemeralReply(body)) slack.replied.add(sent);
          },
        },
      ],
    });
  // The bare app answers commands with a fixed text and direct messages not at all: nothing to wait for.
  const missingReplies = (): Promise<number[]> => (target === "desk" ? unanswered(accepted, slack.replied) : Promise.resolve([]));

  try {
    if (options.warmupSec > 0) {
      await drive(options.warmupSec, options.connections ?? 10);
      await missingReplies();
    }
  } catch (error) {
    await app.stop();
    await cleanUp();
    throw error;
  }

  return {
    target,
    async run(durationSec, connections, runOptions = {}) {
      accepted = new Set<number>();
      const errorLinesBefore = app.errorLogLines();
      const cpuBefore = processCpuMs(app.child.pid);
      const rss: RssSample[] = [];
      const began = Date.now();
      const sample = () => {
        const mb = processRssMb(app.child.pid);
        if (mb !== undefined) rss.push({ atSec: (Date.now() - began) / 1000, rssMb: mb });
      };
      const sampler = runOptions.rssEveryMs ? setInterval(sample, runOptions.rssEveryMs) : undefined;
      if (sampler) sample();
      const result = await drive(durationSec, connections);
      if (sampler) {
        clearInterval(sampler);
        sample();
      }
      // A direct message is answered after its acknowledgement; give the last answers a moment to arrive.
      const missing = await missingReplies();
      const cpuAfter = processCpuMs(app.child.pid);
      return {
        target,
        durationSec: result.duration,
        connections,
        requestsPerSec: result.requests.average,
        total: result.requests.total,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        ok: result["2xx"],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        replies: target === "desk" ? accepted.size - missing.length : result["2xx"],
        unanswered: missing.slice(0, 10).map((k) => `${isCommand(k, mix) ? "command" : "direct message"} #${k}`),
        warnings: app.warnings(),
        errorLogLines: app.errorLogLines() - errorLinesBefore,
        appCpuMsPerRequest:
          cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0
            ? (cpuAfter - cpuBefore) / result.requests.total
            : undefined,
        slackRequests: slack.requests(),
        slackConnections: slack.connections(),
        ...(sampler ? { rss, rssAtStartMb } : {}),
      };
    },
    async close() {
      await app.stop();
      await cleanUp();
    },
  };
}

/** Starts an app, runs the warm-up and one measured run, and stops it again. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const session = await startSession(options);
  try {
    return await session.run(options.durationSec, options.connections);
  } finally {
    await session.close();
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds; undefined where /proc is not available. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th, in clock
    // ticks (USER_HZ, 100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** A process's resident memory in MB (VmRSS); undefined where /proc is not available. */
export function processRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
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

/** The PASS/FAIL verdict on each target of a single run. */
export function judge(f: LoadFigures, targets: typeof TARGETS = TARGETS): { pass: boolean; lines: string[] } {
  const checks: Array<[boolean, string]> = [
    [
      f.requestsPerSec >= targets.requestsPerSec,
      `throughput ≥ ${targets.requestsPerSec.toLocaleString("en-US")} requests/s: ${Math.round(f.requestsPerSec).toLocaleString("en-US")}`,
    ],
    [f.p99Ms < targets.p99Ms, `p99 latency < ${targets.p99Ms} ms: ${f.p99Ms} ms`],
    [
      f.errors === 0 && f.timeouts === 0 && f.non2xx === 0 && f.errorLogLines === 0,
      `zero errors: ${f.errors} connection errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx responses, ${f.errorLogLines} error log lines`,
    ],
    [
      f.replies === f.ok,
      `every accepted request was answered: ${f.replies.toLocaleString("en-US")} replies for ${f.ok.toLocaleString("en-US")} accepted`,
    ],
  ];
  return { pass: checks.every(([ok]) => ok), lines: checks.map(([ok, text]) => `${ok ? "PASS" : "FAIL"} ${text}`) };
}

/** One app's runs taken together: requests/s and p99 averaged over the runs, counts summed. */
export function combine(runs: readonly LoadFigures[]): LoadFigures {
  const first = runs[0];
  if (!first) throw new Error("no runs to combine");
  const sum = (pick: (f: LoadFigures) => number) => runs.reduce((total, f) => total + pick(f), 0);
  const mean = (pick: (f: LoadFigures) => number) => sum(pick) / runs.length;
  const cpu = runs.every((f) => f.appCpuMsPerRequest !== undefined) ? mean((f) => f.appCpuMsPerRequest!) : undefined;
  return {
    ...first,
    durationSec: sum((f) => f.durationSec),
    requestsPerSec: mean((f) => f.requestsPerSec),
    total: sum((f) => f.total),
    p50Ms: mean((f) => f.p50Ms),
    p99Ms: mean((f) => f.p99Ms),
    maxMs: Math.max(...runs.map((f) => f.maxMs)),
    ok: sum((f) => f.ok),
    non2xx: sum((f) => f.non2xx),
    errors: sum((f) => f.errors),
    timeouts: sum((f) => f.timeouts),
    replies: sum((f) => f.replies),
    unanswered: runs.flatMap((f) => f.unanswered ?? []).slice(0, 10),
    errorLogLines: sum((f) => f.errorLogLines),
    appCpuMsPerRequest: cpu,
  };
}

/** Privacy Desk's figures over bare Bolt's: requests/s and p99. */
export function ratios(desk: LoadFigures, bare: LoadFigures): { throughput: number; p99: number } {
  return { throughput: desk.requestsPerSec / bare.requestsPerSec, p99: desk.p99Ms / bare.p99Ms };
}

/** The PASS/FAIL verdict on Privacy Desk beside bare Bolt. */
export function judgeComparison(
  desk: LoadFigures,
  bare: LoadFigures,
  targets: typeof RATIO_TARGETS = RATIO_TARGETS,
): { pass: boolean; lines: string[] } {
  const r = ratios(desk, bare);
  const checks: Array<[boolean, string]> = [
    [r.throughput >= targets.minThroughputRatio, `throughput ≥ ${targets.minThroughputRatio}× bare Bolt's: ${r.throughput.toFixed(2)}×`],
    [r.p99 <= targets.maxP99Ratio, `p99 ≤ ${targets.maxP99Ratio}× bare Bolt's: ${r.p99.toFixed(2)}×`],
    [
      bare.errors === 0 && bare.timeouts === 0 && bare.non2xx === 0,
      `bare Bolt without errors: ${bare.errors} connection errors, ${bare.timeouts} timeouts, ${bare.non2xx} non-2xx responses`,
    ],
  ];
  const single = judge(desk);
  const lines = [
    ...checks.map(([ok, text]) => `${ok ? "PASS" : "FAIL"} ${text}`),
    ...single.lines.map((l) => l.replace(/^(PASS|FAIL) /, "$1 Privacy Desk: ")),
  ];
  return { pass: checks.every(([ok]) => ok) && single.pass, lines };
}

/** Resident memory at the start and end of a soak, and how far it moved. */
export function rssDrift(samples: readonly RssSample[]): { startMb: number; endMb: number; maxMb: number; drift: number } | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return undefined;
  return { startMb: first.rssMb, endMb: last.rssMb, maxMb: Math.max(...samples.map((s) => s.rssMb)), drift: last.rssMb / first.rssMb - 1 };
}

/** The PASS/FAIL verdict on a soak: memory flat within the target, and every request answered without errors. */
export function judgeSoak(f: LoadFigures, targets: typeof RATIO_TARGETS = RATIO_TARGETS): { pass: boolean; lines: string[] } {
  const drift = rssDrift(f.rss ?? []);
  const flat: [boolean, string] = drift
    ? [
        Math.abs(drift.drift) <= targets.maxRssDrift,
        `resident memory flat within ${targets.maxRssDrift * 100}%: ${drift.startMb.toFixed(0)} MB → ${drift.endMb.toFixed(0)} MB (${drift.drift >= 0 ? "+" : ""}${(drift.drift * 100).toFixed(1)}%)`,
      ]
    : [false, "resident memory flat: not measured (no /proc)"];
  const single = judge(f);
  // Throughput and p99 are the comparison's business; a soak is about memory, errors and lost replies.
  const rest = single.lines.slice(2);
  return { pass: flat[0] && rest.every((l) => l.startsWith("PASS")), lines: [`${flat[0] ? "PASS" : "FAIL"} ${flat[1]}`, ...rest] };
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");

function machineLine(): string {
  const cpu = cpus();
  return `  Node ${process.version}, ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, load average ${(loadavg()[0] ?? 0).toFixed(2)}`;
}

function runLine(label: string, f: LoadFigures): string {
  const cpu = f.appCpuMsPerRequest === undefined ? "" : `   CPU ${f.appCpuMsPerRequest.toFixed(2)} ms/req`;
  const errors = f.errors + f.timeouts + f.non2xx;
  return `${label.padEnd(22)}${n0(f.requestsPerSec).padStart(7)} req/s   p50 ${String(f.p50Ms).padStart(4)} ms   p99 ${String(Math.round(f.p99Ms * 10) / 10).padStart(5)} ms   errors ${errors}${cpu}`;
}

const MIX_TEXT: Record<Mix, string> = {
  commands: "/privacy commands",
  mixed: "half /privacy commands, half direct-message events (unique event_id)",
};

/** The report of bare Bolt and Privacy Desk side by side. */
export function formatComparisonReport(runs: readonly LoadFigures[], mix: Mix, verdict: { lines: string[] }): string {
  const bare = combine(runs.filter((f) => f.target === "bare"));
  const desk = combine(runs.filter((f) => f.target === "desk"));
  const r = ratios(desk, bare);
  const first = runs[0]!;
  const counts = new Map<Target, number>();
  const label = (f: LoadFigures) => {
    const k = (counts.get(f.target ?? "desk") ?? 0) + 1;
    counts.set(f.target ?? "desk", k);
    return `${f.target === "bare" ? "bare Bolt" : "Privacy Desk"} run ${k}`;
  };
  return [
    "Privacy Desk beside a bare Bolt 5 app — HTTP receiver on 127.0.0.1, requests signed as Slack signs them",
    `  alternating runs of ${n0(first.durationSec)} s, ${first.connections} connections; ${MIX_TEXT[mix]}; every request from a different user;`,
    "  bare Bolt only acknowledges /privacy with a fixed text; Privacy Desk answers (default settings and log level)",
    machineLine(),
    "",
    ...runs.map((f) => runLine(label(f), f)),
    "",
    runLine("bare Bolt (mean)", bare),
    runLine("Privacy Desk (mean)", desk),
    `ratio desk/bare        throughput ${r.throughput.toFixed(2)}×   p99 ${r.p99.toFixed(2)}×`,
    `replies                ${n0(desk.replies)} of ${n0(desk.ok)} accepted Privacy Desk requests answered`,
    ...(desk.unanswered?.length ? [`unanswered ${desk.unanswered.join(", ")}`] : []),
    ...(desk.warnings?.length ? ["app warnings:", ...desk.warnings.map((w) => `  ${w}`)] : []),
    "",
    ...verdict.lines,
    "",
  ].join("\n");
}

/** The report of a soak: throughput, and resident memory over time. */
export function formatSoakReport(f: LoadFigures, users: number, warmupSec: number, verdict: { lines: string[] }, everySec = 5): string {
  const samples = f.rss ?? [];
  // The first sample of every `everySec`-th second, and the last sample.
  const seen = new Set<number>();
  const shown = samples.filter((s, i) => {
    const second = Math.round(s.atSec);
    const wanted = second % everySec === 0 || i === samples.length - 1;
    if (!wanted || seen.has(second)) return false;
    seen.add(second);
    return true;
  });
  const lines = shown.map((s) => `  ${s.atSec.toFixed(0).padStart(4)} s  ${s.rssMb.toFixed(1).padStart(7)} MB`);
  return [
    "Privacy Desk soak — HTTP receiver on 127.0.0.1, requests signed as Slack signs them",
    `  ${n0(f.durationSec)} s, ${f.connections} connections; ${MIX_TEXT.mixed}; ${n0(users)} distinct users in turn;`,
    `  measured after a ${n0(warmupSec)} s warm-up at the same load; rate limit raised so every question is answered;`,
    "  otherwise default settings and log level",
    machineLine(),
    "",
    runLine("Privacy Desk", f),
    `replies               ${n0(f.replies)} of ${n0(f.ok)} accepted requests answered`,
    `resident memory (RSS): ${f.rssAtStartMb === undefined ? "" : `${f.rssAtStartMb.toFixed(1)} MB once listening, before the warm-up; then during the soak:`}`,
    ...lines,
    ...(f.unanswered?.length ? [`unanswered ${f.unanswered.join(", ")}`] : []),
    ...(f.warnings?.length ? ["app warnings:", ...f.warnings.map((w) => `  ${w}`)] : []),
    "",
    ...verdict.lines,
    "",
  ].join("\n");
}

/** Starts bare Bolt and Privacy Desk, warms both, and runs them in turn: bare, desk, bare, desk, … */
export async function runComparison(options: LoadOptions & { rounds: number }): Promise<LoadFigures[]> {
  const mix = options.mix ?? "commands";
  // Each app's CPU profile, when asked for, in a folder of its own.
  const profile = (target: Target) => (options.profileDir ? { profileDir: join(options.profileDir, target) } : {});
  const bare = await startSession({ ...options, mix, target: "bare", ...profile("bare") });
  let desk: LoadSession | undefined;
  try {
    desk = await startSession({ ...options, mix, target: "desk", ...profile("desk") });
    const runs: LoadFigures[] = [];
    for (let round = 0; round < options.rounds; round++) {
      runs.push(await bare.run(options.durationSec, options.connections));
      runs.push(await desk.run(options.durationSec, options.connections));
    }
    return runs;
  } finally {
    await desk?.close();
    await bare.close();
  }
}

/** Drives Privacy Desk for a while with a fixed crowd of users, sampling its resident memory every second. */
export async function runSoak(options: LoadOptions & { users: number }): Promise<LoadFigures> {
  const session = await startSession({
    ...options,
    target: "desk",
    mix: "mixed",
    // Every question reaches the engine and every time is kept by the rate limiter: the heavier case for memory.
    env: { RATE_LIMIT_PER_MINUTE: "10000", ...options.env },
  });
  try {
    return await session.run(options.durationSec, options.connections, { rssEveryMs: 1000 });
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  // `--replicas N`: one replica on SQLite beside N on one PostgreSQL (src/bench/replicas.ts).
  if (process.argv.slice(2).some((a) => a === "--replicas" || a.startsWith("--replicas="))) {
    await (await import("./replicas.js")).main(process.argv.slice(2), { request: loadRequest, isReply: isEphemeralReply });
    return;
  }
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      warmup: { type: "string" },
      rounds: { type: "string", default: "2" },
      mix: { type: "string", default: "commands" },
      soak: { type: "string" },
      users: { type: "string", default: "10000" },
      profile: { type: "string" },
    },
  });
  const bounded = (value: string, name: string, min: number, max: number): number => {
    const x = Number(value);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return x;
  };
  if (values.mix !== "commands" && values.mix !== "mixed") throw new Error("--mix must be commands or mixed");
  const soakSec = values.soak === undefined ? undefined : bounded(values.soak, "soak", 1, 600);
  const options: LoadOptions = {
    durationSec: soakSec ?? bounded(values.duration, "duration", 1, 120),
    connections: bounded(values.connections, "connections", 1, 500),
    // A soak is measured once the heap has grown to its working size under the load, so that what it shows is drift.
    warmupSec: bounded(values.warmup ?? (soakSec === undefined ? "2" : "15"), "warmup", 0, 60),
    mix: values.mix,
    cli: join(ROOT, "dist/cli.js"),
    ...(values.profile ? { profileDir: resolve(values.profile) } : {}),
  };
  const rounds = bounded(values.rounds, "rounds", 1, 10);
  const users = bounded(values.users, "users", 1, 1_000_000);
  // A hard stop, so a hung run cannot go on for ever.
  const runs = soakSec === undefined ? rounds * 2 : 1;
  const guard = setTimeout(
    () => {
      process.stderr.write("load test did not finish in time\n");
      killRunningApps();
      process.exit(1);
    },
    (runs * (options.durationSec + 15) + 2 * options.warmupSec + 60) * 1000,
  );
  guard.unref();
  if (soakSec !== undefined) {
    const figures = await runSoak({ ...options, users });
    const verdict = judgeSoak(figures);
    process.stdout.write(formatSoakReport(figures, users, options.warmupSec, verdict));
    process.exitCode = verdict.pass ? 0 : 1;
    return;
  }
  const figures = await runComparison({ ...options, rounds });
  const verdict = judgeComparison(combine(figures.filter((f) => f.target === "desk")), combine(figures.filter((f) => f.target === "bare")));
  process.stdout.write(formatComparisonReport(figures, options.mix ?? "commands", verdict));
  process.exitCode = verdict.pass ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
