import { tokenize } from "../../search/text.js";

/**
 * Folds a message for matching against the phrase lists people maintain (small talk, asking for a person, asking
 * for help): Slack's emoji shortcodes and `<…>` markup go, then the engine's own tokenizer gives the words, so a
 * phrase list and the engine read a message the same way.
 */
export function normalisePhrase(text: string): string {
  return tokenize(text.replace(/:[a-z0-9_+-]+:/gi, " ").replace(/<[^<>]*>/g, " ")).join(" ");
}
