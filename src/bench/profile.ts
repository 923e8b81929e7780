import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `node dist/bench/profile.js <file.cpuprofile> [top]`: where a CPU profile written by `node --cpu-prof` (as
 * `npm run load -- --profile <dir>` writes one per app) spends its time, as self time summed by area of the
 * code (the engine, the Slack layer, Bolt, Node's HTTP, garbage collection …) and by function. Idle time is left
 * out of the shares.
 */

/** The parts of V8's .cpuprofile format read here. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one area or function, in milliseconds and as a share of the busy (non-idle) time. */
export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

/** The area of the code a function belongs to, from its script's URL (natives and regular expressions: their caller's). */
export function areaOf(functionName: string, url: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "writev" || functionName === "writeString" || functionName === "writeBuffer" || functionName === "writeUtf8String")
    return "socket writes";
  if (url.includes("/dist/search/") || url.includes("/src/search/") || url.includes("minisearch") || url.includes("stemmer"))
    return "engine";
  if (url.includes("/dist/slack/") || url.includes("/src/slack/")) return "Slack layer";
  if (url.includes("/dist/escalation/") || url.includes("/src/escalation/") || url.includes("better-sqlite3")) return "escalations";
  if (url.includes("/dist/logger") || url.includes("/src/logger") || url.includes("pino") || url.includes("sonic-boom")) return "logging";
  if (url.includes("@slack/") || url.includes("raw-body") || url.includes("tsscmp")) return "Bolt";
  if (url.includes("crypto")) return "crypto (request signatures)";
  if (
    url.includes("modules/") ||
    url.includes("zod") ||
    url.includes("micromark") ||
    url.includes("mdast") ||
    url.includes("remark") ||
    url.includes("yaml")
  )
    return "start-up";
  if (url.startsWith("node:")) return "Node (HTTP, streams, timers)";
  return url === "" ? "other native" : "other";
}

/** Sums a profile's self time by area and by function. */
export function summariseProfile(profile: CpuProfile): { busyMs: number; areas: ProfileLine[]; functions: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") continue;
    busy += us;
    const { functionName } = node.callFrame;
    let { url } = node.callFrame;
    const name =
      `${functionName || "(anonymous)"} ${url ? `${url.replace(/^file:\/\//, "").replace(/.*node_modules\//, "")}:${node.callFrame.lineNumber + 1}` : ""}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
    // A regular expression or native without a script counts where it was called from.
    for (let up = parent.get(id); !url && up !== undefined && functionName !== "(garbage collector)"; up = parent.get(up)) {
      const caller = byId.get(up)!.callFrame;
      if (caller.url) url = caller.url;
    }
    const area = areaOf(functionName, url);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const lines = (m: Map<string, number>): ProfileLine[] =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000, share: busy > 0 ? us / busy : 0 })).sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000, areas: lines(areas), functions: lines(functions) };
}

function main(): void {
  const [file, top = "25"] = process.argv.slice(2);
  if (!file) throw new Error("usage: node dist/bench/profile.js <file.cpuprofile> [top]");
  const summary = summariseProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const line = (l: ProfileLine) => `${(l.share * 100).toFixed(1).padStart(5)}%  ${l.ms.toFixed(0).padStart(6)} ms  ${l.name}`;
  process.stdout.write(
    [
      `busy ${summary.busyMs.toFixed(0)} ms (idle left out)`,
      "",
      "self time by area:",
      ...summary.areas.map(line),
      "",
      "self time by function:",
      ...summary.functions.slice(0, Number(top)).map(line),
      "",
    ].join("\n"),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`profile: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
