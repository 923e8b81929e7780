import type { Statement } from "../corpus/statement.js";
import { englishRarity } from "./rarity.js";
import { STOP_WORDS } from "./text.js";

/**
 * A run of capitalised words, with the small words a name may have inside it ("Office of Student Rights").
 * Capitals only: "Human Resources" is a name, "human resources" may be any two words.
 */
const NAME = /\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][a-z]+)+/g;

/** Names are at most this many capitalised words long, and so their initials this many letters. */
const LONGEST = 5;

/** Initials that stand for more names than this are too ambiguous to stand for any. */
const MOST_NAMES = 2;

/**
 * Below this rarity in everyday English (rarity.ts), a run of letters is a word people write for itself ("ok",
 * "tv"), not a name's initials.
 */
const MIN_RARITY = 0.5;

/**
 * The initials people use for names the statements spell out and never shorten: "HR" for "Human Resources",
 * "RA" for "Your Resident Assistant and hall director get …", "SEVIS" for "the Student and Exchange Visitor
 * Information System". Read from every run of two to five capitalised words in headings and paragraphs (the
 * small words inside a name add no letter). Initials the statements write themselves, a stop word, or initials
 * of more than two names are left out: a statement that writes "RA" is matched by the word itself. Initials →
 * the names they stand for, as written. Whether a question's word is a word of everyday English, and so no
 * initials ("ok"), is asked when the question is read (see `initialsFor`): the table of everyday English is
 * loaded for the question anyway, and a server building its index need not hold it before the first question.
 */
export function initialisms(statements: readonly Statement[], corpusWords: ReadonlySet<string>): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const statement of statements)
    for (const section of statement.sections)
      for (const text of [section.heading, ...section.paragraphs.map((p) => p.text)])
        for (const m of text.matchAll(NAME)) {
          const capitals = m[0].split(/\s+/).filter((w) => /^[A-Z]/.test(w));
          // A sentence's first word may start a run without belonging to the name ("Your Resident Assistant").
          for (let from = 0; from < capitals.length - 1; from++)
            for (let to = from + 2; to <= Math.min(capitals.length, from + LONGEST); to++) {
              const name = capitals.slice(from, to);
              const key = name.map((w) => w[0]!.toLowerCase()).join("");
              if (corpusWords.has(key) || STOP_WORDS.has(key)) continue;
              const names = found.get(key) ?? new Set<string>();
              names.add(name.join(" "));
              found.set(key, names);
            }
        }
  const out = new Map<string, string[]>();
  for (const [key, names] of found) if (names.size <= MOST_NAMES) out.set(key, [...names]);
  return out;
}

/** The names (as stems) a question's word stands for as initials, when it is no word of everyday English. */
export function initialsFor(word: string, initials: ReadonlyMap<string, string[][]>): string[][] | undefined {
  const names = initials.get(word);
  return names && englishRarity(word) >= MIN_RARITY ? names : undefined;
}
