import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AnswerEngine } from "../search/answer.js";
import type { CorpusStatus } from "../search/holder.js";

/** Extra facts for /healthz from other parts of the app (the store, pending deliveries); a throw, or a `problem` among them, marks it unhealthy. */
export type HealthExtra = () => Record<string, unknown>;

/** The /healthz body. */
export interface HealthReport {
  status: "ok" | "stopping" | "degraded";
  mode: string;
  /** The statements serving now, with the date each was last updated. */
  statements: Array<{ id: string; title: string; updated: string }>;
  /** When they were loaded, how often reloaded, and the last reload refused (if the latest one was). */
  corpus?: CorpusStatus;
  inFlight: number;
  [extra: string]: unknown;
}

/** Builds the health report from the engine serving now and any extra facts. */
export function buildHealthReport(args: {
  mode: string;
  engine: AnswerEngine;
  stopping: boolean;
  inFlight: number;
  extra?: HealthExtra;
  corpus?: CorpusStatus;
}): HealthReport {
  const base: HealthReport = {
    status: args.stopping ? "stopping" : "ok",
    mode: args.mode,
    statements: args.engine.statements.map((s) => ({ id: s.id, title: s.title, updated: s.updated })),
    ...(args.corpus ? { corpus: args.corpus } : {}),
    inFlight: args.inFlight,
  };
  if (!args.extra) return base;
  try {
    const extra = args.extra();
    // An extra that names a `problem` (the database does not answer) marks the report degraded too.
    const degraded = base.status === "ok" && typeof extra.problem === "string";
    return { ...extra, ...base, ...(degraded ? { status: "degraded" as const } : {}) };
  } catch (error) {
    return { ...base, status: "degraded", problem: error instanceof Error ? error.name : "unknown" };
  }
}

/** Writes a report as JSON: 200 when ok, 503 otherwise (so a load balancer stops sending work while stopping). */
export function writeHealth(res: ServerResponse, report: HealthReport): void {
  const body = JSON.stringify(report);
  res.writeHead(report.status === "ok" ? 200 : 503, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(body);
}

/** A small server that answers only GET /healthz; Socket Mode has no HTTP server of its own. */
export async function startHealthServer(
  listen: { port: number; host?: string },
  report: () => HealthReport,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && path === "/healthz") return writeHealth(res, report());
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Errors after listening (rare) must not take the bot down.
  server.on("error", () => undefined);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
