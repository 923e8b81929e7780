import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { z } from "zod";
import { loadCorpus } from "../corpus/load.js";
import type { Statement } from "../corpus/statement.js";
import { createEngine } from "../search/engine.js";
import { elapsedMs, median, percentile } from "./stats.js";
import { countParagraphs, mulberry32, syntheticCorpus } from "./synthetic.js";

/** The corpora the bench measures. */
export const CORPORA = ["real", "synthetic"] as const;
export type CorpusKind = (typeof CORPORA)[number];

/** The project's engine, and MiniSearch with default options as the baseline it is compared against. */
export const SEARCHES = ["privacy-desk", "minisearch-defaults"] as const;
export type SearchKind = (typeof SEARCHES)[number];

/**
 * How much work one measurement does; small enough for well under a minute on two cores. The answer engine runs
 * in a long-lived process, so latency is measured once V8 has compiled its hot paths: 20 passes over the
 * questions (about 4,000 answers) first. With 2, the first timed round still paid for compiling and its p99
 * read several times the steady one.
 */
export const BENCH_PLAN = { builds: 5, warmupRounds: 20, timedRounds: 3, questionsPerRound: 1_000, questionSeed: 7 } as const;

/** Figures for one corpus searched by one engine, measured in a process of its own. */
export const FiguresSchema = z.object({
  corpus: z.enum(CORPORA),
  search: z.enum(SEARCHES),
  statements: z.number(),
  paragraphs: z.number(),
  /** Reading and parsing the Markdown (or generating and parsing it, for the synthetic corpus). */
  loadMs: z.number(),
  /** Median over BENCH_PLAN.builds. */
  buildMs: z.number(),
  /** Median over the timed rounds of each round's percentile, so a burst of load from another process skews one round only. */
  p50Ms: z.number(),
  p99Ms: z.number(),
  /** Slowest single answer of all rounds. */
  maxMs: z.number(),
  questions: z.number(),
  /** Peak resident set size of the whole process (Node itself included). */
  peakRssMb: z.number(),
  /** Heap the built index keeps alive, measured after a full GC; null when GC is not exposed. */
  indexHeapMb: z.number().nullable(),
});
export type Figures = z.infer<typeof FiguresSchema>;

const QuestionLineSchema = z.object({ q: z.string() });

/** Used only when the project's question set is not there (e.g. an installed package without test/). */
const FALLBACK_QUESTIONS = [
  "does Zoom see my IP?",
  "what personal information does Harvard collect about me?",
  "can the police get my recordings?",
  "are my meetings recorded?",
  "does Harvard sell my data to advertisers?",
  "who do I contact with privacy questions?",
  "how long is my data kept?",
  "can Harvard read my chat messages?",
];

/** Realistic questions: the project's Zoom question set, one `{"q": …}` per line. */
export function benchQuestions(root: string): { questions: string[]; source: string } {
  const file = join(root, "test/eval/zoom.questions.jsonl");
  if (!existsSync(file)) return { questions: FALLBACK_QUESTIONS, source: "built-in fallback list" };
  const questions = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => QuestionLineSchema.parse(JSON.parse(l)).q);
  return { questions, source: "test/eval/zoom.questions.jsonl" };
}

/** Loads a corpus the way its kind is loaded; timed by the caller. */
export function loadBenchCorpus(kind: CorpusKind, root: string): Statement[] {
  return kind === "real" ? loadCorpus(join(root, "corpus")) : syntheticCorpus();
}

type Ask = (question: string) => number;

/** Builds a search over the statements and returns a function that answers one question (returning a size, so the work is not optimised away). */
function builder(kind: SearchKind): (statements: readonly Statement[]) => Ask {
  if (kind === "privacy-desk") {
    return (statements) => {
      const engine = createEngine(statements);
      return (q) => engine.ask(q).matches.length;
    };
  }
  return (statements) => {
    const search = new MiniSearch({ fields: ["text", "section", "title"] });
    search.addAll(
      statements.flatMap((s) =>
        s.sections.flatMap((sec) => sec.paragraphs.map((p) => ({ id: p.id, text: p.text, section: sec.heading, title: s.title }))),
      ),
    );
    return (q) => search.search(q).length;
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;

/** Measures one corpus with one search in this process: load, build (median of several), answer latency, memory. */
export function measure(corpus: CorpusKind, search: SearchKind, root: string): Figures {
  const { questions } = benchQuestions(root);

  let start = process.hrtime.bigint();
  const statements = loadBenchCorpus(corpus, root);
  const loadMs = elapsedMs(start);

  const build = builder(search);
  gc?.();
  const heapBefore = heapMb();
  const buildTimes: number[] = [];
  start = process.hrtime.bigint();
  const ask = build(statements);
  buildTimes.push(elapsedMs(start));
  gc?.();
  // Clamped: for a tiny index, GC noise can exceed what the index holds.
  const indexHeapMb = gc ? Math.max(0, heapMb() - heapBefore) : null;
  for (let i = 1; i < BENCH_PLAN.builds; i++) {
    start = process.hrtime.bigint();
    build(statements);
    buildTimes.push(elapsedMs(start));
    gc?.();
  }

  let sink = 0;
  for (let r = 0; r < BENCH_PLAN.warmupRounds; r++) for (const q of questions) sink += ask(q);

  // A fixed, shuffled draw, so every run asks the same questions in the same order.
  const random = mulberry32(BENCH_PLAN.questionSeed);
  const rounds: number[][] = [];
  for (let r = 0; r < BENCH_PLAN.timedRounds; r++) {
    const draw = Array.from({ length: BENCH_PLAN.questionsPerRound }, () => questions[Math.floor(random() * questions.length)]!);
    const latencies = new Array<number>(draw.length);
    gc?.();
    for (let i = 0; i < draw.length; i++) {
      const t = process.hrtime.bigint();
      sink += ask(draw[i]!);
      latencies[i] = elapsedMs(t);
    }
    rounds.push(latencies);
  }
  if (sink < 0) throw new Error("unreachable: keeps the answers alive");

  return {
    corpus,
    search,
    statements: statements.length,
    paragraphs: countParagraphs(statements),
    loadMs,
    buildMs: median(buildTimes),
    p50Ms: median(rounds.map((l) => percentile(l, 0.5))),
    p99Ms: median(rounds.map((l) => percentile(l, 0.99))),
    maxMs: Math.max(...rounds.flat()),
    questions: rounds.flat().length,
    // maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    indexHeapMb,
  };
}
