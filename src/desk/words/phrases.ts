import { tokenize } from "../../search/text.js";

/** The last message folded: one message is checked against several phrase lists in turn. */
let last: { text: string; folded: string } | undefined;

/**
 * Folds a message for matching against the phrase lists people maintain (small talk, asking for a person, asking
 * for help): Slack's emoji shortcodes and `<…>` markup go, then the engine's own tokenizer gives the words, so a
 * phrase list and the engine read a message the same way.
 */
export function normalisePhrase(text: string): string {
  if (last?.text === text) return last.folded;
  const folded = tokenize(text.replace(/:[a-z0-9_+-]+:/gi, " ").replace(/<[^<>]*>/g, " ")).join(" ");
  last = { text, folded };
  return folded;
}
