import { STOP_WORDS, tokenize } from "./text.js";

/**
 * The names a statement defines and then uses in their place. A formal statement names a thing once and refers
 * to it by a short term after that: "the TechLaunch job board (the "Platform")", "Harvard University
 * Information Technology (HUIT)". A question says the name people know ("can employers see my TechLaunch
 * profile"), and the paragraph that answers says the term ("the Platform"): each paragraph that says the term
 * also says, for matching, what it stands for; and, for an acronym, each that says the name also says the acronym.
 */
export interface DefinedTerm {
  /** The term as tokens: ["platform"], ["huit"]. */
  term: string[];
  /** What it stands for, as tokens: ["techlaunch", "job", "board"], ["center", "for", "digital", "learning"]. */
  meaning: string[];
  /** The term is an acronym of its meaning (HUIT, "NTS"): the meaning said in full also says the term. */
  acronym: boolean;
}

/** Longest name, in words, read before a defined term. */
const MAX_MEANING = 6;

/** `… (the "Platform")`, `… ("NTS")`, `… (“Cookies”)`: a term in quotes, in brackets, after what it names. */
const QUOTED_TERM = /\((?:the\s+|a\s+|an\s+)?["“]([^"”()]{1,40})["”]\)/g;
/** `… (HUIT)`, `… (LPR)`: capitals in brackets, the initials of the words before them. */
const ACRONYM = /\(([A-Z][A-Za-z]?[A-Z]{1,6})\)/g;
/** Where a name before a term starts at the latest: the clause's start. */
const CLAUSE_BREAK = /[.;:,()!?]/;
/** Words a name does not run back past ("a member of the Police Department"): it starts after them. */
const NAME_START = new Set(["the", "a", "an", "its", "our", "their", "his", "her", "your", "this", "that", "these", "those"]);
/** Small words a name may hold between capitalised words. */
const JOINING = new Set(["of", "for", "and"]);

/** The terms defined in a statement's texts, once each (the first definition of a term holds). */
export function definedTerms(texts: readonly string[]): DefinedTerm[] {
  const found = new Map<string, DefinedTerm>();
  const add = (d: DefinedTerm | undefined) => {
    if (!d) return;
    const key = d.term.join(" ");
    const content = d.meaning.filter((w) => !STOP_WORDS.has(w));
    if (key && content.length > 0 && content.join(" ") !== key && !found.has(key)) found.set(key, d);
  };
  for (const text of texts) {
    for (const m of text.matchAll(QUOTED_TERM)) {
      const term = tokenize(m[1]!);
      // A term in capitals ("NTS", "ESUPD") is an acronym, whatever its letters.
      add({ term, meaning: nameBefore(text.slice(0, m.index)), acronym: /^[A-Z]{2,6}$/.test(m[1]!) });
    }
    for (const m of text.matchAll(ACRONYM)) add(acronymMeaning(m[1]!, text.slice(0, m.index)));
  }
  return [...found.values()];
}

/**
 * The name just before a position, within its clause: its words back to a determiner or another small word,
 * "of", "for" and "and" kept between capitalised words ("Center for Career Development"); at most MAX_MEANING.
 */
function nameBefore(before: string): string[] {
  const words = clauseWordsBefore(before);
  const name: string[] = [];
  for (let i = words.length - 1; i >= 0 && name.length < MAX_MEANING; i--) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (NAME_START.has(lower)) break;
    if (STOP_WORDS.has(lower)) {
      if (!JOINING.has(lower) || !/^\p{Lu}/u.test(words[i - 1] ?? "") || name.length === 0) break;
    }
    name.unshift(word);
  }
  return tokenize(name.join(" "));
}

/**
 * An acronym's meaning: the words before it whose initials spell it, read back from its last letter ("Center
 * for Digital Learning (CDL)": small words between may be passed over). Undefined when they do not spell it.
 */
function acronymMeaning(acronym: string, before: string): DefinedTerm | undefined {
  const words = clauseWordsBefore(before);
  const letters = acronym.toLowerCase();
  let at = letters.length - 1;
  let i = words.length - 1;
  const meaning: string[] = [];
  while (at >= 0 && i >= 0) {
    const word = words[i]!.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, "");
    if (word && word[0] === letters[at]) {
      at--;
      meaning.unshift(word);
    } else if (STOP_WORDS.has(word) && meaning.length > 0) meaning.unshift(word);
    else return undefined;
    i--;
  }
  if (at >= 0) return undefined;
  return { term: tokenize(acronym), meaning: tokenize(meaning.join(" ")), acronym: true };
}

/** The words, as written, of the clause a text ends in: where a name before a term may start. */
function clauseWordsBefore(before: string): string[] {
  return (before.split(CLAUSE_BREAK).at(-1) ?? "").split(/\s+/).filter(Boolean);
}

/**
 * The words a paragraph (its tokens) says through its statement's defined terms: what each term it says stands
 * for, and each acronym whose meaning it writes out.
 */
export function wordsSaidThrough(defined: readonly DefinedTerm[], words: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of defined) {
    if (saysPhrase(words, d.term)) out.push(...d.meaning);
    else if (d.acronym && saysPhrase(words, d.meaning)) out.push(...d.term);
  }
  return out;
}

/** Whether `words` says the phrase `phrase` (tokens, in order). */
function saysPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
