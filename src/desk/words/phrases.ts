import { tokenize } from "../../search/text.js";

/**
 * Folds a message for matching against the phrase lists people maintain (small talk, asking for a person, asking
 * for help): Slack's emoji shortcodes and `<…>` markup go, then the engine's own tokenizer gives the words, so a
 * phrase list and the engine read a message the same way.
 */
export function normalisePhrase(text: string): string {
  // Each pass only where it can change something: most messages have neither a shortcode nor markup.
  const unmarked = text.includes(":") ? text.replace(/:[a-z0-9_+-]+:/gi, " ") : text;
  return tokenize(unmarked.includes("<") ? unmarked.replace(/<[^<>]*>/g, " ") : unmarked).join(" ");
}

/**
 * Phrases (as folded words) by their first word, in the order given (longest first when so sorted): a message's
 * word is checked against the few phrases that start with it rather than against every phrase.
 */
export function byFirstWord<T>(phrases: readonly T[], wordsOf: (phrase: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const phrase of phrases) {
    const first = wordsOf(phrase)[0];
    if (first === undefined) continue;
    const list = out.get(first);
    if (list) list.push(phrase);
    else out.set(first, [phrase]);
  }
  return out;
}
