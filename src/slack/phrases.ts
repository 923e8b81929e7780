/**
 * Folds a message for matching against the phrase lists people maintain (small talk, asking for a person):
 * lower case, plain apostrophes, no emoji shortcodes, Slack mentions or links, punctuation or extra spaces.
 */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[‘’`´]/g, "'")
    .replace(/:[a-z0-9_+-]+:/g, " ") // Slack emoji shortcodes
    .replace(/<[^<>]*>/g, " ") // Slack mentions and links
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
