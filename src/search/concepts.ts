import { CONCEPT_DATA } from "./data.js";
import { inflectionBase, stem, tokenize } from "./text.js";

/** The privacy-domain concept lexicon (`data/concepts.json`), validated at load. */
export const CONCEPT_LEXICON = CONCEPT_DATA.concepts;

/** The token a concept adds to a question and to the paragraphs and headings that say it; no word looks like it. */
export function conceptToken(name: string): string {
  return `§${name}`;
}

interface Phrase {
  stems: string[];
  /** Each word's inflection base: a word says a phrase's word when both agree, not the stem alone. */
  bases: string[];
  token: string;
}

/** Each phrase as stems, filed under its first stem; longest first, so "single sign on" wins over "sign on". */
const PHRASES: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const byFirst = new Map<string, Phrase[]>();
  for (const c of CONCEPT_LEXICON) {
    for (const p of c.phrases) {
      const words = tokenize(p);
      const stems = words.map(stem);
      if (stems.length === 0) continue;
      const list = byFirst.get(stems[0]!) ?? [];
      list.push({ stems, bases: words.map(inflectionBase), token: conceptToken(c.name) });
      byFirst.set(stems[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return byFirst;
})();

/** Where a concept is said in a run of words (lower-case tokens, stop words included): `[start, end)` spans. */
export function conceptSpans(words: readonly string[]): Array<{ start: number; end: number; token: string }> {
  const stems = words.map(stem);
  // Worked out only for words whose stem begins a phrase: most words begin none.
  const bases: string[] = [];
  const base = (k: number) => (bases[k] ??= inflectionBase(words[k]!));
  const spans: Array<{ start: number; end: number; token: string }> = [];
  for (let i = 0; i < stems.length; i++) {
    for (const p of PHRASES.get(stems[i]!) ?? []) {
      if (p.stems.every((s, k) => stems[i + k] === s && base(i + k) === p.bases[k])) {
        spans.push({ start: i, end: i + p.stems.length, token: p.token });
        break;
      }
    }
  }
  return spans;
}

/** The concept tokens a text says. */
export function conceptsIn(text: string): string[] {
  return [...new Set(conceptSpans(tokenize(text)).map((s) => s.token))];
}
