import type { Paragraph, Statement } from "../corpus/statement.js";
import { createEngine } from "../search/engine.js";
import { fitDecision } from "./calibrate.js";
import { type AskedQuestion, examplesOf, leaveOneStatementOut, redecide } from "./loso.js";
import { type EvalItem, type EvalReport, type ItemOutcome, normalizeForScoring, normalizeKeys, scoreItem, summarize } from "./score.js";
import type { LoadedSet } from "./sets.js";

/** One statement's figures before and after phrasings written from half its questions. */
export interface PhrasingRow {
  statement: string;
  written: number;
  tested: number;
  before: EvalReport;
  after: EvalReport;
  /** The first half itself, asked again: what the statement's readers get once their question is a phrasing. */
  againBefore: EvalReport;
  againAfter: EvalReport;
}

/**
 * Phrasings measured as the privacy office would use them: for each statement, its answerable questions in
 * file order are split alternately; each question of the first half becomes an `asked:` phrasing of the paragraph
 * that answers it, and the second half (with every other unanswerable question) is asked with and without them.
 * The decision is the one fitted without the statement's questions, so nothing of the second half is fitted on.
 */
export function phrasingRows(sets: readonly LoadedSet[]): PhrasingRow[] {
  const asked: AskedQuestion[] = sets.flatMap((s) =>
    s.items.map((item) => ({ set: s.name, item, answer: s.engine.ask(item.q), keys: s.keys })),
  );
  const setOf = new Map(sets.map((s) => [s.name, s]));
  return leaveOneStatementOut(asked).map((fold) => {
    const decision = fitDecision(examplesOf(fold.train));
    const { write, test } = splitHalves(fold.test);
    const rows = {
      before: [] as ItemOutcome[],
      after: [] as ItemOutcome[],
      againBefore: [] as ItemOutcome[],
      againAfter: [] as ItemOutcome[],
    };
    // The statements of each corpus the fold's questions are asked of, with the first half's phrasings written in.
    const corpora = new Map<string, { set: LoadedSet; phrased: Statement[] }>();
    let written = 0;
    for (const a of write) {
      const set = setOf.get(a.set)!;
      const entry = corpora.get(set.corpus) ?? { set, phrased: structuredClone(set.statements) as Statement[] };
      corpora.set(set.corpus, entry);
      const paragraph = answeringParagraph(entry.phrased, a.item, set.keys);
      if (!paragraph) continue;
      paragraph.asked = [...(paragraph.asked ?? []), a.item.q];
      written++;
    }
    const engines = new Map([...corpora].map(([corpus, { phrased }]) => [corpus, createEngine(phrased)]));
    const ask = (list: readonly AskedQuestion[], before: ItemOutcome[], after: ItemOutcome[]) => {
      for (const a of list) {
        const set = setOf.get(a.set)!;
        const keys = normalizeKeys(set.keys);
        before.push(scoreItem(a.item, redecide(a.answer, decision), keys));
        const engine = engines.get(set.corpus) ?? set.engine;
        after.push(scoreItem(a.item, redecide(engine.ask(a.item.q), decision), keys));
      }
    };
    ask(test, rows.before, rows.after);
    ask(write, rows.againBefore, rows.againAfter);
    return {
      statement: fold.statement,
      written,
      tested: test.length,
      before: summarize(rows.before),
      after: summarize(rows.after),
      againBefore: summarize(rows.againBefore),
      againAfter: summarize(rows.againAfter),
    };
  });
}

/** Alternate answerable questions are written as phrasings; the others, and every other unanswerable one, are asked. */
export function splitHalves<T extends { item: EvalItem }>(questions: readonly T[]): { write: T[]; test: T[] } {
  const write: T[] = [];
  const test: T[] = [];
  let answerable = 0;
  let unanswerable = 0;
  for (const q of questions) {
    if (q.item.expect.length > 0) (answerable++ % 2 === 0 ? write : test).push(q);
    else if (unanswerable++ % 2 === 1) test.push(q);
  }
  return { write, test };
}

/** The paragraph holding the phrase of the question's first expected key. */
function answeringParagraph(statements: readonly Statement[], item: EvalItem, keys: Record<string, string>): Paragraph | undefined {
  const phrase = keys[item.expect[0]!];
  if (phrase === undefined) return undefined;
  const wanted = normalizeForScoring(phrase);
  for (const s of statements.filter((x) => x.id === item.statement)) {
    for (const section of s.sections) for (const p of section.paragraphs) if (normalizeForScoring(p.text).includes(wanted)) return p;
  }
  return undefined;
}

/** The before/after table `npm run eval -- --phrasings` prints. */
export function formatPhrasingRows(rows: readonly PhrasingRow[]): string {
  const pct = (r: EvalReport) => `${r.accuracy.toFixed(3)} (${r.right}/${r.total})`;
  const lines = [
    "## Phrasings written from half of each statement's questions, asked the other half",
    "",
    "| statement | phrasings written | other half asked | accuracy before | accuracy after | rank-1 before | rank-1 after | written half asked again: accuracy before | after |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.statement} | ${r.written} | ${r.tested} | ${pct(r.before)} | ${pct(r.after)} | ${r.before.rank1}/${r.before.answerable} | ${r.after.rank1}/${r.after.answerable} | ${pct(r.againBefore)} | ${pct(r.againAfter)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
