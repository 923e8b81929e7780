import { BENCH_PLAN, type Figures } from "./measure.js";
import { STARTUP_QUESTION, type StartupFigures } from "./startup.js";

/** One speed target of the project, checked against a measured figure. */
export interface TargetResult {
  target: string;
  measured: string;
  pass: boolean;
}

/** Targets the issue sets (milliseconds). */
export const TARGETS = {
  realP99Ms: 1,
  syntheticP50Ms: 0.5,
  syntheticP99Ms: 5,
  askStartupMs: 1_000,
} as const;

const CORPUS_LABEL = { real: "real corpus", synthetic: "synthetic, 100 statements" } as const;
const SEARCH_LABEL = { "privacy-desk": "Privacy Desk", "minisearch-defaults": "MiniSearch, default options" } as const;

const ms = (x: number) => (x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));
const mb = (x: number | null) => (x === null ? "n/a" : x.toFixed(1));

/** Checks the project's targets; only the Privacy Desk rows count, MiniSearch is the baseline. */
export function checkTargets(figures: readonly Figures[], startup: readonly StartupFigures[]): TargetResult[] {
  const ours = (corpus: Figures["corpus"]) => figures.find((f) => f.corpus === corpus && f.search === "privacy-desk");
  const results: TargetResult[] = [];
  const real = ours("real");
  const synthetic = ours("synthetic");
  if (real) {
    results.push({
      target: `p99 < ${TARGETS.realP99Ms} ms on the real corpus`,
      measured: `${ms(real.p99Ms)} ms`,
      pass: real.p99Ms < TARGETS.realP99Ms,
    });
  }
  if (synthetic) {
    const n = synthetic.paragraphs.toLocaleString("en-US");
    results.push(
      {
        target: `p50 < ${TARGETS.syntheticP50Ms} ms on ${n} paragraphs`,
        measured: `${ms(synthetic.p50Ms)} ms`,
        pass: synthetic.p50Ms < TARGETS.syntheticP50Ms,
      },
      {
        target: `p99 < ${TARGETS.syntheticP99Ms} ms on ${n} paragraphs`,
        measured: `${ms(synthetic.p99Ms)} ms`,
        pass: synthetic.p99Ms < TARGETS.syntheticP99Ms,
      },
    );
  }
  for (const s of startup) {
    results.push(
      {
        target: `\`ask\` from process start to first answer < ${TARGETS.askStartupMs / 1000} s, ${s.corpus}, first run (nothing cached)`,
        measured: `${ms(s.firstMs)} ms`,
        pass: s.firstMs < TARGETS.askStartupMs,
      },
      {
        target: `\`ask\` from process start to first answer < ${TARGETS.askStartupMs / 1000} s, ${s.corpus}, statements and index cached (median of ${s.runs.length})`,
        measured: `${ms(s.medianMs)} ms (max ${ms(s.maxMs)} ms)`,
        pass: s.medianMs < TARGETS.askStartupMs,
      },
    );
  }
  if (startup.length === 0) {
    results.push({
      target: `\`ask\` from process start to first answer < ${TARGETS.askStartupMs / 1000} s`,
      measured: "not measured (dist/cli.js missing; run `npm run build`)",
      pass: false,
    });
  }
  return results;
}

/** Everything needed to print the report. */
export interface BenchReport {
  environment: string;
  /** One-minute load average when the bench started, and the number of cores. */
  load: { average: number; cores: number };
  questionSource: string;
  distinctQuestions: number;
  figures: Figures[];
  /** `ask` over the shipped statements, then over a large corpus; empty when dist/cli.js is missing. */
  startup: StartupFigures[];
  totalSeconds: number;
}

/** The Markdown the bench prints: figures, `ask` start-up, targets, then PASS/FAIL lines. */
export function formatReport(r: BenchReport): string {
  const lines = [
    "## Speed — `npm run bench`",
    "",
    `${r.environment}. Each corpus and search runs in a process of its own, so peak RSS (which includes Node itself, ` +
      `about 40–50 MB) belongs to that corpus alone. Index build: median of ${BENCH_PLAN.builds} builds. Latency: ` +
      `${BENCH_PLAN.timedRounds} rounds of ${BENCH_PLAN.questionsPerRound.toLocaleString("en-US")} questions drawn with a fixed seed ` +
      `from the ${r.distinctQuestions} of ${r.questionSource}, after a warm-up of ${BENCH_PLAN.warmupRounds} passes over them; p50 and p99 are the median over the rounds, ` +
      `max the slowest answer of all. Index heap: heap the built index keeps alive after a full GC.`,
    "",
    "| Corpus | Search | Statements | Paragraphs | Load + parse (ms) | Index build (ms) | p50 (ms) | p99 (ms) | max (ms) | Index heap (MB) | Peak RSS (MB) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...r.figures.map(
      (f) =>
        `| ${CORPUS_LABEL[f.corpus]} | ${SEARCH_LABEL[f.search]} | ${f.statements} | ${f.paragraphs.toLocaleString("en-US")} | ` +
        `${ms(f.loadMs)} | ${ms(f.buildMs)} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ${mb(f.indexHeapMb)} | ${mb(f.peakRssMb)} |`,
    ),
    "",
  ];
  for (const s of r.startup) {
    lines.push(
      `\`ask\` from process start to first answer (\`node dist/cli.js ask "${STARTUP_QUESTION}"\`, ${s.corpus}): ` +
        `first run, parsing and indexing the statements, ${ms(s.firstMs)} ms; then, reading both from the cache it wrote, ` +
        `median ${ms(s.medianMs)} ms, max ${ms(s.maxMs)} ms (${s.runs.length} runs: ${s.runs.map(ms).join(", ")} ms).`,
      "",
    );
  }
  const targets = checkTargets(r.figures, r.startup);
  lines.push(
    "| Target | Measured | Result |",
    "|---|---|---|",
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.pass ? "PASS" : "FAIL"} |`),
    "",
  );
  const failed = targets.filter((t) => !t.pass);
  if (failed.length === 0) lines.push("All speed targets met.");
  else for (const t of failed) lines.push(`FAIL: ${t.target} — measured ${t.measured}`);
  if (failed.length > 0 && r.load.average > r.load.cores / 2) {
    lines.push(
      `Note: the machine was busy (load average ${r.load.average.toFixed(2)} on ${r.load.cores} cores); tail latencies include ` +
        "time other processes held the CPU. Rerun on a quiet machine before trusting a p99 FAIL.",
    );
  }
  lines.push("", `(bench took ${r.totalSeconds.toFixed(1)} s)`);
  return lines.join("\n");
}
