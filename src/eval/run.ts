import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadCorpus } from "../corpus/load.js";
import { createEngine } from "../search/engine.js";
import { scoreAnswers, type EvalItem, type EvalReport } from "./score.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

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

/** Scores one question set; paths are relative to the project root. */
export function evaluateSet(questionsFile: string, keysFile: string, corpusDir: string): EvalReport {
  const items: EvalItem[] = readFileSync(questionsFile, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => ItemSchema.parse(JSON.parse(l)));
  const keys = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(keysFile, "utf8")));
  const engine = createEngine(loadCorpus(corpusDir));
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
  const sets = SetsSchema.parse(JSON.parse(readFileSync(join(ROOT, "test/eval/sets.json"), "utf8")));
  const all: EvalReport[] = [];
  for (const set of sets) {
    const questions = join(ROOT, set.questions);
    if (set.optional && !existsSync(questions)) continue;
    const report = evaluateSet(questions, join(ROOT, set.keys), join(ROOT, set.corpus));
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
