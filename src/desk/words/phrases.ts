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
