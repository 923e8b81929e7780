import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadCorpus } from "../corpus/load.js";
import type { AnswerEngine } from "../search/answer.js";
import { createEngine } from "../search/engine.js";
import { scoreAnswers, type EvalItem, type EvalReport } from "./score.js";

/** The package root: question sets and data paths are relative to it. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `test/eval/sets.json`: each question set with its paragraph keys and the corpus it is asked of. */
const SetsSchema = z.array(
  z.object({
    name: z.string(),
    questions: z.string(),
    keys: z.string(),
    corpus: z.string(),
    optional: z.boolean().default(false),
  }),
);

const ItemSchema = z.object({ q: z.string(), expect: z.array(z.string()) });

/** A question set ready to ask: its items, its paragraph keys and an engine over its corpus. */
export interface LoadedSet {
  name: string;
  items: EvalItem[];
  keys: Record<string, string>;
  engine: AnswerEngine;
}

/** Reads test/eval/sets.json and every set in it (optional sets only when asked for and present). */
export function loadQuestionSets({ includeOptional }: { includeOptional: boolean }): LoadedSet[] {
  const sets = SetsSchema.parse(JSON.parse(readFileSync(join(ROOT, "test/eval/sets.json"), "utf8")));
  const engines = new Map<string, AnswerEngine>();
  const out: LoadedSet[] = [];
  for (const set of sets) {
    const questions = join(ROOT, set.questions);
    if (set.optional && (!includeOptional || !existsSync(questions))) continue;
    const items: EvalItem[] = readFileSync(questions, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => ItemSchema.parse(JSON.parse(l)));
    const keys = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(join(ROOT, set.keys), "utf8")));
    const corpus = join(ROOT, set.corpus);
    let engine = engines.get(corpus);
    if (!engine) engines.set(corpus, (engine = createEngine(loadCorpus(corpus))));
    out.push({ name: set.name, items, keys, engine });
  }
  return out;
}

/** Scores one loaded question set. */
export function evaluateSet({ items, keys, engine }: LoadedSet): EvalReport {
  return scoreAnswers(items, items.map((i) => engine.ask(i.q)), keys);
}

/** Formats a report as the one summary line `npm run eval` prints per set. */
export function summaryLine(name: string, r: EvalReport): string {
  const pct = (a: number, b: number) => (b === 0 ? "n/a" : (a / b).toFixed(3));
  return (
    `${name}: accuracy ${r.accuracy.toFixed(3)} (${r.right}/${r.total}); answerable top-1 ${r.top1}/${r.answerable}, ` +
    `hit@3 ${r.hit3}/${r.answerable}, false escalations ${r.falseEscalations}/${r.answerable} (${pct(r.falseEscalations, r.answerable)}); ` +
    `unanswerable escalated ${r.escalated}/${r.unanswerable} (${pct(r.escalated, r.unanswerable)})`
  );
}

/** `privacy-desk eval [--verbose]`: every set of test/eval/sets.json, then the sets together. Exit code 0. */
export async function runEval(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { verbose: { type: "boolean", default: false } } });
  const all: EvalReport[] = [];
  for (const set of loadQuestionSets({ includeOptional: true })) {
    const report = evaluateSet(set);
    all.push(report);
    process.stdout.write(`${summaryLine(set.name, report)}\n`);
    if (values.verbose) for (const m of report.misses) process.stdout.write(`  MISS ${m}\n`);
  }
  const sum = (f: (r: EvalReport) => number) => all.reduce((a, r) => a + f(r), 0);
  const total: EvalReport = {
    total: sum((r) => r.total),
    right: sum((r) => r.right),
    accuracy: sum((r) => r.right) / Math.max(1, sum((r) => r.total)),
    answerable: sum((r) => r.answerable),
    top1: sum((r) => r.top1),
    hit3: sum((r) => r.hit3),
    falseEscalations: sum((r) => r.falseEscalations),
    unanswerable: sum((r) => r.unanswerable),
    escalated: sum((r) => r.escalated),
    misses: [],
  };
  process.stdout.write(`${summaryLine("overall", total)}\n`);
  return 0;
}
