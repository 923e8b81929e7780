import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchQuestions, CORPORA, type CorpusKind, type Figures, FiguresSchema, measure, SEARCHES, type SearchKind } from "./measure.js";
import { formatReport } from "./report.js";
import { measureStartup, measureStartupLarge, type StartupFigures } from "./startup.js";
import { elapsedMs } from "./stats.js";

/** The package root, whether this runs as dist/bench/run.js or src/bench/run.ts. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = "--measure";

/** Measures one corpus with one search in a fresh process, so its peak RSS is its own. */
function measureInChild(corpus: CorpusKind, search: SearchKind): Promise<Figures> {
  return new Promise((resolvePromise, reject) => {
    // Same Node flags (--expose-gc, or a TypeScript loader when run from src/).
    const child = fork(SELF, [CHILD_FLAG, corpus, search], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let figures: Figures | undefined;
    child.on("message", (m) => {
      figures = FiguresSchema.parse(m);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (figures) resolvePromise(figures);
      else reject(new Error(`measuring ${corpus} with ${search} exited with code ${code} and no figures`));
    });
  });
}

async function child(corpus: string | undefined, search: string | undefined): Promise<void> {
  const c = CORPORA.find((k) => k === corpus);
  const s = SEARCHES.find((k) => k === search);
  if (!c || !s) throw new Error(`usage: run.js ${CHILD_FLAG} <${CORPORA.join("|")}> <${SEARCHES.join("|")}>`);
  const figures = measure(c, s, ROOT);
  await new Promise<void>((done, fail) => process.send!(figures, (err: Error | null) => (err ? fail(err) : done())));
  process.disconnect?.();
}

async function main(): Promise<void> {
  const start = process.hrtime.bigint();
  // Other work on the machine shows up in the tail latencies; the report says how busy it was.
  const loadAtStart = loadavg()[0] ?? 0;
  const figures: Figures[] = [];
  // One after another: on two cores, parallel runs would measure each other.
  for (const corpus of CORPORA) for (const search of SEARCHES) figures.push(await measureInChild(corpus, search));

  const cli = join(ROOT, "dist/cli.js");
  const startup: StartupFigures[] = [];
  if (existsSync(cli)) startup.push(await measureStartup(cli, ROOT, 5), await measureStartupLarge(cli, ROOT, 5));

  const { questions, source } = benchQuestions(ROOT);
  const cpu = cpus();
  process.stdout.write(
    `${formatReport({
      environment: `Node ${process.version} on ${cpu[0]?.model.trim() ?? "unknown CPU"} (${cpu.length} cores), ${process.platform}, load average ${loadAtStart.toFixed(2)} at start`,
      load: { average: loadAtStart, cores: cpu.length },
      questionSource: source,
      distinctQuestions: questions.length,
      figures,
      startup,
      totalSeconds: elapsedMs(start) / 1000,
    })}\n`,
  );
}

const [flag, corpusArg, searchArg] = process.argv.slice(2);
// A report, not a gate: exit 0 even when a target is missed (the report says FAIL); non-zero only if it could not measure.
(flag === CHILD_FLAG ? child(corpusArg, searchArg) : main()).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
