import type { Statement } from "../corpus/statement.js";
import { ROUTING_DATA } from "./data.js";
import type { DefinedTerm } from "./defined-terms.js";
import { englishRarity } from "./rarity.js";
import { DATA_VERBS } from "./roles.js";
import { STOP_WORDS, stem, tokenize } from "./text.js";

const ROUTING = ROUTING_DATA;
const GENERIC: ReadonlySet<string> = new Set(ROUTING.genericTitleWords.map(stem));

/** For each stem that names a service, the statements about that service. */
export type ServiceNames = ReadonlyMap<string, readonly string[]>;

/**
 * The words that name each statement's service, read from its title: "Ashford College Library Privacy Statement"
 * names the library, "Parking and License Plate Recognition" names parking, plates and recognition. A title word
 * names a service when no other title says it, it is not a word for a kind of document ("privacy", "FAQ") and
 * not a verb of handling information ("share");
 * within a run of title words ("License Plate Recognition") the last word names it, and the others do when most
 * paragraphs that say them are that statement's ("plate", not "license", which the library's licences say too).
 * An acronym the statement defines for its title's words ("Accessibility Resource Center (the "ARC")") names the
 * service too. With one statement there is nothing to route between.
 *
 * `paragraphStems` gives, for each statement, the stems of each of its paragraphs; `defined`, the terms each
 * statement defines (see defined-terms.ts).
 */
export function serviceNames(
  statements: readonly Statement[],
  paragraphStems: ReadonlyMap<string, ReadonlyArray<ReadonlySet<string>>>,
  defined: ReadonlyMap<string, readonly DefinedTerm[]> = new Map(),
): ServiceNames {
  const names = new Map<string, string[]>();
  if (statements.length < 2) return names;
  const titleRuns = new Map(statements.map((s) => [s.id, titleRunsOf(s.title)]));
  const titlesSaying = new Map<string, number>();
  for (const runs of titleRuns.values()) for (const t of new Set(runs.flat())) titlesSaying.set(t, (titlesSaying.get(t) ?? 0) + 1);
  // Only title words are ever looked up: count the paragraphs saying each, per statement, in one pass.
  const titleWords = new Set([...titleRuns.values()].flat(2));
  const saying = new Map<string, Map<string, number>>();
  for (const [sid, list] of paragraphStems) {
    for (const p of list) {
      for (const t of p) {
        if (!titleWords.has(t)) continue;
        const counts = saying.get(t) ?? new Map<string, number>();
        counts.set(sid, (counts.get(sid) ?? 0) + 1);
        saying.set(t, counts);
      }
    }
  }
  const paragraphsSaying = (t: string, id?: string) => {
    const counts = saying.get(t);
    if (!counts) return 0;
    if (id !== undefined) return counts.get(id) ?? 0;
    let n = 0;
    for (const c of counts.values()) n += c;
    return n;
  };
  for (const s of statements) {
    const chosen = new Set<string>();
    for (const run of titleRuns.get(s.id)!) {
      run.forEach((t, i) => {
        // A verb of giving or receiving information ("share", "record") may be in a title, but names no service.
        if (titlesSaying.get(t) !== 1 || DATA_VERBS.has(t)) return;
        const head = i === run.length - 1;
        const all = paragraphsSaying(t);
        if (head || (all > 0 && paragraphsSaying(t, s.id) / all >= ROUTING.minOwnShare)) chosen.add(t);
      });
    }
    // An acronym the statement defines for the words of its own title ("the Accessibility Resource Center (the
    // "ARC")") names its service as those words do.
    const title = new Set(titleRuns.get(s.id)!.flat());
    for (const d of defined.get(s.id) ?? []) {
      const content = d.meaning.filter((w) => !STOP_WORDS.has(w)).map(stem);
      const term = d.term.map(stem).join(" ");
      if (
        d.acronym &&
        d.term.length === 1 &&
        content.length >= 2 &&
        content.every((w) => title.has(w) || GENERIC.has(w)) &&
        !titlesSaying.has(term)
      )
        chosen.add(term);
    }
    for (const t of chosen) names.set(t, [...(names.get(t) ?? []), s.id]);
  }
  return names;
}

/** A title as runs of content stems, split at "and", commas and the words for a kind of document. */
function titleRunsOf(title: string): string[][] {
  const runs: string[][] = [[]];
  for (const word of tokenize(title.replace(/[,;:&/()–—-]/g, " and "))) {
    const s = stem(word);
    if (word === "and" || word === "or" || GENERIC.has(s) || STOP_WORDS.has(word)) {
      if (runs.at(-1)!.length > 0) runs.push([]);
      continue;
    }
    runs.at(-1)!.push(s);
  }
  return runs.filter((r) => r.length > 0);
}

/** The statements a question names by their service, or none when it names none (then every statement counts). */
export function routeQuestion(stems: Iterable<string>, names: ServiceNames): string[] {
  const routed = new Set<string>();
  for (const s of stems) {
    const ids = names.get(s);
    // A word of everyday speech that a product's name says ("well" of MyWellness, "ask" of an assistant named
    // "Ask …") names no service: "… with my employer as well". Read here, where the table of everyday English is
    // loaded for the question anyway, rather than when the index is built.
    if (!ids || englishRarity(s) < ROUTING.minEverydayRarity) continue;
    for (const id of ids) routed.add(id);
  }
  return [...routed].sort();
}
