import type { Concept } from "./question.js";

/**
 * How much of a question each statement says, counting the words that tell the statements apart: with a
 * university's statements served together, "how long do you keep my permit account" belongs with the statement
 * that says "permit" at all, even where another statement's paragraph says more of the common words ("keep",
 * "account"). Each question word weighs its ranking weight times ln(statements / statements saying it), so a word
 * every statement says, or none does, counts for nothing; a statement's affinity is the share of that weight it
 * says anywhere (text, headings, title). Empty with one statement: there is nothing to tell apart.
 *
 * This is collection selection as federated search does it, kept soft: it adds to a paragraph's rank (see
 * `statementShare` in data/ranking.json) rather than ruling a statement out the way a named service does (route.ts).
 */
export function statementAffinity(
  concepts: readonly Concept[],
  weights: readonly number[],
  saying: ReadonlyMap<string, readonly string[]>,
  statementCount: number,
): ReadonlyMap<string, number> {
  const affinity = new Map<string, number>();
  if (statementCount < 2) return affinity;
  let total = 0;
  concepts.forEach((c, i) => {
    const said = statementsSayingConcept(c, saying);
    if (said.size === 0) return;
    const w = (weights[i] ?? 0) * Math.log(statementCount / said.size);
    total += w;
    for (const id of said) affinity.set(id, (affinity.get(id) ?? 0) + w);
  });
  for (const [id, w] of affinity) affinity.set(id, total === 0 ? 0 : w / total);
  return affinity;
}

/**
 * The statements that say a concept anywhere: its own stem, or every stem of one of its vocabulary phrases
 * (`saying`: for each stem, the statements saying it; see CorpusIndex.statementsSaying).
 */
export function statementsSayingConcept(c: Concept, saying: ReadonlyMap<string, readonly string[]>): Set<string> {
  const said = new Set(saying.get(c.stem) ?? []);
  for (const phrase of c.alternatives) {
    let inAll: readonly string[] | undefined;
    for (const s of phrase) {
      const here = saying.get(s) ?? [];
      inAll = inAll === undefined ? here : inAll.filter((id) => here.includes(id));
      if (inAll.length === 0) break;
    }
    for (const id of inAll ?? []) said.add(id);
  }
  return said;
}
