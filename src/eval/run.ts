import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { RANKING, type Ranking } from "../search/ranking.js";
import { createBaseline } from "./baseline.js";
import { diffRuns, formatDiff, readSavedRun, type SavedQuestion, type SavedRun } from "./diff.js";
import type { EvalRun, StatementRow } from "./eval-run.js";
import { fitRanking, RANKING_GRID, rankingObjective, weightOf } from "./fit-ranking.js";
import { type AskedQuestion, runLeaveOneStatementOut } from "./loso.js";
import { formatPhrasingRows, phrasingRows } from "./phrasings.js";
import { renderPlot } from "./plot.js";
import { reliability } from "./reliability.js";
import { formatRewordingRows, rewordingRows } from "./rewordings.js";
import { type EvalReport, type ItemOutcome, normalizeKeys, scoreItem, summarize } from "./score.js";
import { type LoadedSet, loadQuestionSets } from "./sets.js";

export { type LoadedSet, loadQuestionSets, ROOT } from "./sets.js";

/** Scores one loaded question set with the shipped decision (the engine as the CLI answers). */
export function evaluateSet({ items, keys, engine }: LoadedSet): EvalReport {
  const k = normalizeKeys(keys);
  return summarize(items.map((i) => scoreItem(i, engine.ask(i.q), k)));
}

/**
 * Asks every question of every set once, then: scores the shipped decision per set; for each statement, fits the
 * decision without its questions and scores them with it; asks plain MiniSearch the same questions of the same
 * corpora; and measures how well the held-out confidences are calibrated.
 */
export function collectRun(sets: readonly LoadedSet[]): EvalRun {
  const asked: AskedQuestion[] = sets.flatMap((s) =>
    s.items.map((item) => ({ set: s.name, item, answer: s.engine.ask(item.q), keys: s.keys })),
  );
  const keysOf = new Map(sets.map((s) => [s.name, normalizeKeys(s.keys)]));
  const shipped = sets.map((s) => ({
    set: s.name,
    report: summarize(asked.filter((a) => a.set === s.name).map((a) => scoreItem(a.item, a.answer, keysOf.get(s.name)!))),
  }));
  const baselines = new Map(sets.map((s) => [s.corpus, createBaseline(s.statements)]));
  const corpusOf = new Map(sets.map((s) => [s.name, s.corpus]));
  const questions: SavedQuestion[] = [];
  const rows: StatementRow[] = [];
  const all: { engine: ItemOutcome[]; baseline: ItemOutcome[] } = { engine: [], baseline: [] };
  const heldOut: { set: string; outcome: ItemOutcome }[] = [];
  for (const fold of runLeaveOneStatementOut(asked)) {
    const engine: ItemOutcome[] = [];
    const baseline: ItemOutcome[] = [];
    for (const { asked: a, response } of fold.responses) {
      const keys = keysOf.get(a.set)!;
      const outcome = scoreItem(a.item, response, keys);
      const plain = scoreItem(a.item, baselines.get(corpusOf.get(a.set)!)!.ask(a.item.q), keys);
      engine.push(outcome);
      heldOut.push({ set: a.set, outcome });
      baseline.push(plain);
      const { q, statement, expect, ...rest } = outcome;
      questions.push({ set: a.set, statement, q, expect, ...rest, baselineRank1: plain.rank1, baselineHit3: plain.hit3 });
    }
    all.engine.push(...engine);
    all.baseline.push(...baseline);
    rows.push({
      statement: fold.statement,
      engine: summarize(engine),
      baseline: summarize(baseline),
      threshold: fold.decision.threshold,
      examples: fold.decision.fittedOn.examples,
    });
  }
  // Confidence claims "the best paragraph answers the question": right is rank-1 for an answerable question,
  // never for an unanswerable one.
  const heldOutBySet = sets.map((s) => ({ set: s.name, report: summarize(heldOut.filter((h) => h.set === s.name).map((h) => h.outcome)) }));
  const calibration = reliability(all.engine.map((o) => ({ confidence: o.confidence ?? 0, right: o.rank1 })));
  return {
    shipped,
    rows,
    heldOutBySet,
    total: { engine: summarize(all.engine), baseline: summarize(all.baseline) },
    calibration,
    questions,
  };
}

const frac = (a: number, b: number) => (b === 0 ? "–" : `${a}/${b} = ${(a / b).toFixed(2)}`);
const ratio = (a: number, b: number) => (b === 0 ? "–" : `${(a / b).toFixed(2)}×`);

/** The summary line of one report, worded as score.py's. */
export function summaryLine(name: string, r: EvalReport): string {
  return (
    `${name}: accuracy ${r.accuracy.toFixed(3)} (${r.right}/${r.total}); answerable top-1 ${r.top1}/${r.answerable}, hit@3 ${r.hit3}/${r.answerable}, ` +
    `false-escalations ${r.falseEscalations}/${r.answerable}, single-paragraph answers ${r.single}/${r.answerable}; ` +
    `unanswerable escalated ${r.escalated}/${r.unanswerable}; rank-1 ${r.rank1}/${r.answerable}; ` +
    `confident answers right ${r.confidentRight}/${r.confident}; useful responses ${r.useful}/${r.total}`
  );
}

/** The report `npm run eval` prints: Markdown tables, so they can go straight into a note. */
export function formatRun(run: EvalRun, verbose: boolean): string {
  const lines: string[] = [];
  lines.push("## Leave one statement out", "");
  lines.push("Each statement's questions are decided by a fit (weights, bias, threshold) made without them.", "");
  lines.push(
    "| statement | questions (answerable / not) | accuracy | rank-1 | hit@3 | false escalations | unanswerable escalated | confident answers right | useful | threshold (fitted on) |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|");
  const row = (name: string, r: EvalReport, fit: string) =>
    `| ${name} | ${r.total} (${r.answerable} / ${r.unanswerable}) | ${r.accuracy.toFixed(3)} | ${frac(r.rank1, r.answerable)} | ${frac(r.hit3, r.answerable)} | ` +
    `${frac(r.falseEscalations, r.answerable)} | ${frac(r.escalated, r.unanswerable)} | ${frac(r.confidentRight, r.confident)} | ${frac(r.useful, r.total)} | ${fit} |`;
  for (const r of run.rows) lines.push(row(r.statement, r.engine, `${r.threshold} (${r.examples})`));
  lines.push(row("**total**", run.total.engine, ""));
  lines.push("", "Per question set, held out the same way:", "");
  for (const s of run.heldOutBySet) lines.push(`- ${summaryLine(s.set, s.report)}`);
  lines.push("", "## Beside plain MiniSearch (stop words, Porter stemmer, fuzzy 0.2, prefix, OR; answers whenever anything matches)", "");
  lines.push("| statement | rank-1 engine | rank-1 MiniSearch | ratio | hit@3 engine | hit@3 MiniSearch | ratio | MiniSearch accuracy |");
  lines.push("|---|---|---|---|---|---|---|---|");
  const base = (name: string, e: EvalReport, b: EvalReport) =>
    `| ${name} | ${e.rank1}/${e.answerable} | ${b.rank1}/${b.answerable} | ${ratio(e.rank1, b.rank1)} | ${e.hit3}/${e.answerable} | ${b.hit3}/${b.answerable} | ${ratio(e.hit3, b.hit3)} | ${b.accuracy.toFixed(3)} |`;
  for (const r of run.rows) lines.push(base(r.statement, r.engine, r.baseline));
  lines.push(base("**total**", run.total.engine, run.total.baseline));
  lines.push("", `## Calibration of the held-out confidences: ECE ${run.calibration.ece.toFixed(3)} (10 equal-width bins)`, "");
  lines.push("| confidence | questions | mean confidence | share right |", "|---|---|---|---|");
  for (const b of run.calibration.bins) {
    if (b.count === 0) continue;
    lines.push(`| ${b.lo.toFixed(1)}–${b.hi.toFixed(1)} | ${b.count} | ${b.meanConfidence.toFixed(3)} | ${b.shareRight.toFixed(3)} |`);
  }
  lines.push("", "## The shipped decision (src/search/data/calibration.json), per set, as `ask --json` answers", "");
  for (const s of run.shipped) lines.push(summaryLine(s.set, s.report));
  if (verbose) {
    lines.push("", "## Held-out misses");
    for (const r of run.rows) {
      lines.push("", `### ${r.statement}`);
      for (const m of r.engine.misses) lines.push(`  MISS ${m}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `privacy-desk eval --ranking`: for each statement, the ranking weights fitted without its questions (see
 * fit-ranking.ts) against the shipped ones, on its questions. Slower (a fit a statement, seconds each).
 */
export function rankingFolds(sets: readonly LoadedSet[]): Array<{ statement: string; shipped: number; fitted: number; ranking: Ranking }> {
  const statements = [...new Set(sets.flatMap((s) => s.items.map((i) => i.statement)))];
  return statements.map((statement) => {
    const { ranking } = fitRanking(sets, RANKING, (s) => s !== statement);
    const held = (s: string) => s === statement;
    return { statement, shipped: rankingObjective(sets, RANKING, held), fitted: rankingObjective(sets, ranking, held), ranking };
  });
}

function formatRankingFolds(folds: ReturnType<typeof rankingFolds>): string {
  const lines = [
    "## Ranking weights fitted leave one statement out",
    "",
    "Objective: rank-1 + ½ hit@3, as shares of the statement's answerable questions (at most 1.5).",
    "",
    "| statement | shipped weights | weights fitted without it | weights that moved |",
    "|---|---|---|---|",
  ];
  for (const f of folds) {
    const moved = Object.keys(RANKING_GRID)
      .filter((p) => weightOf(f.ranking, p) !== weightOf(RANKING, p))
      .map((p) => `${p} ${weightOf(RANKING, p)}→${weightOf(f.ranking, p)}`);
    lines.push(`| ${f.statement} | ${f.shipped.toFixed(3)} | ${f.fitted.toFixed(3)} | ${moved.join(", ") || "none"} |`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  lines.push(`| **mean** | ${mean(folds.map((f) => f.shipped)).toFixed(3)} | ${mean(folds.map((f) => f.fitted)).toFixed(3)} | |`);
  return `${lines.join("\n")}\n`;
}

/**
 * `privacy-desk eval [--verbose] [--json FILE] [--diff FILE] [--plot FILE.svg] [--ranking] [--phrasings] [--rewordings] [--sets FILE]…`: the
 * leave-one-statement-out report over every set of test/eval/sets.json (the shared sets when ../shared is present)
 * and of each `--sets` file. Exit code 0.
 */
export async function runEval(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      verbose: { type: "boolean", default: false },
      json: { type: "string" },
      diff: { type: "string" },
      plot: { type: "string" },
      ranking: { type: "boolean", default: false },
      phrasings: { type: "boolean", default: false },
      rewordings: { type: "boolean", default: false },
      sets: { type: "string", multiple: true, default: [] },
    },
  });
  const started = performance.now();
  const sets = loadQuestionSets({ includeOptional: true, more: values.sets });
  // A report of its own (--phrasings, --rewordings, --ranking) is printed with the time it took, and is all.
  const alone = (text: string): number => {
    process.stdout.write(`${text}\n${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  };
  if (values.phrasings) return alone(formatPhrasingRows(phrasingRows(sets)));
  if (values.rewordings) return alone(formatRewordingRows(rewordingRows(sets)));
  if (values.ranking) return alone(formatRankingFolds(rankingFolds(sets)));
  const run = collectRun(sets);
  process.stdout.write(formatRun(run, values.verbose));
  const saved: SavedRun = { version: 1, questions: run.questions };
  // The saved run is read before this one is written, so --diff and --json may name the same file.
  if (values.diff) {
    const before = readSavedRun(JSON.parse(readFileSync(values.diff, "utf8")), values.diff);
    process.stdout.write(`\n${formatDiff(diffRuns(before, saved), values.diff)}`);
  }
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(saved, null, 1)}\n`);
    process.stdout.write(`\nsaved ${run.questions.length} questions to ${values.json}\n`);
  }
  if (values.plot) {
    writeFileSync(values.plot, renderPlot(run));
    process.stdout.write(`\nwrote ${values.plot}\n`);
  }
  process.stdout.write(`\n${run.questions.length} questions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
