import { createEngine } from "../search/engine.js";
import type { Ranking } from "../search/ranking.js";
import { normalizeKeys, scoreItem } from "./score.js";
import type { LoadedSet } from "./sets.js";

/** The values each ranking weight is tried at; nested weights are named by their path ("fieldBoost.section"). */
export const RANKING_GRID: Readonly<Record<string, readonly number[]>> = {
  bm25Share: [0, 0.1, 0.2, 0.35, 0.5],
  phraseBonus: [0, 0.075, 0.15, 0.3],
  roleBonus: [0, 0.075, 0.15, 0.3],
  statementShare: [0, 0.1, 0.2, 0.35],
  typeShare: [0.25, 0.5, 0.75, 1],
  pointerFactor: [0.5, 0.7, 0.85, 1],
  contextCredit: [0.25, 0.5, 0.75, 1],
  alternativeBoost: [0.25, 0.5, 0.75, 1],
  weightExponent: [1, 1.5, 2, 2.5],
  everydayShare: [0.15, 0.3, 0.5, 0.75, 1],
  "fieldBoost.section": [0.5, 1, 1.5, 2.5],
  "fieldBoost.concepts": [0, 0.5, 1, 2],
  "fieldBoost.sectionConcepts": [0, 0.75, 1.5, 3],
  "bm25.b": [0.5, 0.7, 0.9, 1],
};

/** A copy of the weights with one (possibly nested) weight set. */
export function withWeight(ranking: Ranking, path: string, value: number): Ranking {
  const [head, tail] = path.split(".") as [keyof Ranking, string | undefined];
  if (tail === undefined) return { ...ranking, [head]: value };
  return { ...ranking, [head]: { ...(ranking[head] as Record<string, number>), [tail]: value } };
}

/** Reads a (possibly nested) weight. */
export function weightOf(ranking: Ranking, path: string): number {
  const [head, tail] = path.split(".") as [keyof Ranking, string | undefined];
  const v = ranking[head];
  return tail === undefined ? (v as number) : (v as Record<string, number>)[tail]!;
}

/**
 * How well a ranking orders the answerable questions of the statements kept: each statement's rank-1 plus half
 * its hit@3, as shares of its questions, averaged over statements so that a statement with many questions does
 * not outvote the others.
 */
export function rankingObjective(sets: readonly LoadedSet[], ranking: Ranking, keep: (statement: string) => boolean): number {
  const per = new Map<string, { n: number; score: number }>();
  const engines = new Map<string, ReturnType<typeof createEngine>>();
  for (const set of sets) {
    let engine = engines.get(set.corpus);
    if (!engine) {
      engine = createEngine(set.statements, { ranking });
      engines.set(set.corpus, engine);
    }
    const keys = normalizeKeys(set.keys);
    for (const item of set.items) {
      if (item.expect.length === 0 || !keep(item.statement)) continue;
      const o = scoreItem(item, engine.ask(item.q), keys);
      const s = per.get(item.statement) ?? { n: 0, score: 0 };
      s.n += 1;
      s.score += (o.rank1 ? 1 : 0) + (o.hit3 ? 0.5 : 0);
      per.set(item.statement, s);
    }
  }
  const shares = [...per.values()].map((s) => s.score / s.n);
  return shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
}

/**
 * Coordinate search: each weight in turn is set to the grid value that scores best (keeping the current one on a
 * tie), for a few rounds or until nothing changes. Small, and deterministic.
 */
export function fitRanking(
  sets: readonly LoadedSet[],
  start: Ranking,
  keep: (statement: string) => boolean,
  rounds = 2,
): { ranking: Ranking; objective: number } {
  let ranking = start;
  let best = rankingObjective(sets, ranking, keep);
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (const [path, values] of Object.entries(RANKING_GRID)) {
      for (const v of values) {
        if (v === weightOf(ranking, path)) continue;
        const candidate = withWeight(ranking, path, v);
        const score = rankingObjective(sets, candidate, keep);
        if (score > best + 1e-9) {
          best = score;
          ranking = candidate;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { ranking, objective: best };
}
