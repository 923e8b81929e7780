import { stemmer } from "stemmer";
import verbExceptions from "wink-lexicon/src/wn-verb-exceptions.js";
import { z } from "zod";
import { PROTECTED_DATA as protectedData, STOPWORD_DATA as stopwordData } from "./data.js";

/** Words dropped from questions and paragraphs alike (data: `data/stopwords.json`). */
export const STOP_WORDS: ReadonlySet<string> = new Set(stopwordData.words);
const PROTECTED: ReadonlySet<string> = new Set(protectedData.words);
const IRREGULAR: ReadonlyMap<string, string> = new Map(Object.entries(protectedData.irregular));
/** WordNet's irregular verb forms (built → build, taught → teach, withheld → withhold), as wink-lexicon ships them. */
const VERB_FORMS: ReadonlyMap<string, string> = new Map(Object.entries(z.record(z.string(), z.string()).parse(verbExceptions)));

/** Longest text the engine reads; longer input is cut here so its cost stays bounded. */
export const MAX_ANALYSED_CHARS = 4_000;

/**
 * Removes what Slack and keyboards add around a question: user/channel mentions and `<!channel>`-style pings,
 * link markup (keeping the label), control characters and emoji. Compatibility forms (full-width letters,
 * ligatures) fold to plain ones.
 */
export function normalizeText(text: string): string {
  const cut = text.slice(0, MAX_ANALYSED_CHARS);
  // Most questions are printable ASCII, where there is nothing to fold, no curly quote, control character or
  // emoji, and markup only after a "<": each pass below would read the whole text to change nothing.
  const plain = PRINTABLE_ASCII.test(cut);
  let out = plain ? cut : cut.normalize("NFKC");
  if (out.includes("<"))
    out = out
      .replace(/<[@#!][^>\s]*>/g, " ")
      .replace(/<(?:https?|mailto):[^|>\s]*\|([^>]*)>/g, "$1")
      .replace(/<((?:https?|mailto):[^>\s]*)>/g, "$1");
  return plain ? out : out.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\p{Cc}\p{Cf}\p{So}\p{Cs}]/gu, " ");
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A name written in camel case says its words too: "PineCard" is a card, "MyWellness" wellness. Such names are
 * written in ASCII; a Unicode class here would cost more than all the rest of tokenize.
 */
const CAMEL = /[a-z][A-Z]/;
const WORD = /[\p{L}\p{N}]+/gu;
const CAMEL_JOIN = /([a-z])([A-Z])/g;
/** "Wi-Fi" and "e-mail" are the words "wifi" and "email" that people type: a hyphen after one letter or between two pairs joins. */
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
const LETTERS = /^\p{L}+$/u;
function joinHyphenated(word: string): string {
  const parts = word.split("-");
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const before = parts[i - 1]!;
    const after = parts[i]!;
    const join = LETTERS.test(before) && LETTERS.test(after) && (before.length === 1 || (before.length === 2 && after.length === 2));
    out += join ? after : `-${after}`;
  }
  return out;
}

/**
 * Splits text into lower-case words. Possessive `'s` goes; `US` in capitals, or `U.S.`, stays as `usa` so it
 * survives the stop word `us` (and the letters `u` and `s`), and `IT` or `ITS` in capitals as `infotech`, an IT department, not the stop word `it`; a
 * hyphen after one letter or between two pairs of letters joins ("e-mail" is "email", "Wi-Fi" "wifi").
 */
export function tokenize(text: string): string[] {
  return words(text, true);
}

/** As tokenize, but a name in camel case is one word only: a title's "CedarSafe" names the app, not "safe". */
export function tokenizeNamesWhole(text: string): string[] {
  return words(text, false);
}

function words(text: string, nameParts: boolean): string[] {
  let out = normalizeText(text)
    .replace(/\bUS\b|\b[Uu]\.[Ss]\.(?:[Aa]\.)?(?![\p{L}\p{N}])/gu, "usa")
    .replace(/\bITS?\b/g, "infotech");
  // Most text has neither; a plain test first keeps the two passes below off the hot path.
  if (nameParts && CAMEL.test(out)) out = out.replace(WORD, (w) => (CAMEL.test(w) ? `${w} ${w.replace(CAMEL_JOIN, "$1 $2")}` : w));
  if (out.includes("-")) out = out.replace(HYPHENATED, joinHyphenated);
  const words = out
    .toLowerCase()
    .replace(/'s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u);
  return words.filter((w) => w.length > 0 && w.length <= 40);
}

/**
 * The statements' stems, kept as an index is built (see rememberingStems): the Porter rules are a dozen regular
 * expressions, and a corpus says the same words over and over. A question's words are looked up here and, when
 * absent, stemmed afresh and not added: nothing a person typed stays in memory.
 */
const STEMS = new Map<string, string>();
/** Past this many, the kept stems start afresh (a few MB at most). */
const STEMS_KEPT = 50_000;
let remembering = false;

/** Runs `build` (an index being built from statements) keeping every stem it works out, for the questions after. */
export function rememberingStems<T>(build: () => T): T {
  const was = remembering;
  remembering = true;
  try {
    return build();
  } finally {
    remembering = was;
  }
}

/** The Porter stem, except for the few words it would turn into a word with another meaning or cannot relate. */
export function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    // A plural is read as its singular is: "registrations" is "register" as "registration" is, and
    // "organizations" the protected "organization".
    const singular = word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : undefined;
    const form = IRREGULAR.get(word) ?? (singular && IRREGULAR.get(singular)) ?? VERB_FORMS.get(word) ?? word;
    s = PROTECTED.has(form) ? form : singular && PROTECTED.has(singular) ? singular : stemmer(form);
    if (remembering) {
      if (STEMS.size >= STEMS_KEPT) STEMS.clear();
      STEMS.set(word, s);
    }
  }
  return s;
}

/**
 * A word without its inflection (plural, past, -ing, final e), its irregular forms read as their verb: "graduates",
 * "graduating" and "graduate" are one word, and so are "kept" and "keep", but not "department" and "depart",
 * "provider" and "provide" or "information" and "informed", which the Porter stem conflates.
 */
export function inflectionBase(word: string): string {
  let w = IRREGULAR.get(word) ?? VERB_FORMS.get(word) ?? word;
  const cut = (n: number, add = "") => (w.length - n >= 2 ? `${w.slice(0, -n)}${add}` : w);
  if (/ie[sd]$/.test(w)) w = cut(3, "i");
  else if (w.endsWith("ing")) w = cut(3);
  else if (w.endsWith("ed") || w.endsWith("es")) w = cut(2);
  else if (w.endsWith("s") && !w.endsWith("ss")) w = cut(1);
  else if (w.endsWith("e")) w = cut(1);
  else if (w.endsWith("y")) w = cut(1, "i");
  // "stopped", "setting": the doubled consonant goes too.
  return w.length > 3 && w.at(-1) === w.at(-2) ? w.slice(0, -1) : w;
}

/** Tokens → content stems: what the index stores for a paragraph. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) if (!STOP_WORDS.has(word)) out.push(stem(word));
  return out;
}
