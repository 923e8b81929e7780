import { z } from "zod";
import { byFirstWord, normalisePhrase } from "./phrases.js";
import words from "./smalltalk.json" with { type: "json" };

/** Word lists for small talk; kept as data so they can be extended without touching code. */
const SmallTalkSchema = z.object({
  greetings: z.array(z.string().min(1)),
  thanks: z.array(z.string().min(1)),
  fillers: z.array(z.string().min(1)),
});
const lists = SmallTalkSchema.parse(words);

/** What kind of small talk a message is, if it is nothing more than that. */
export type SmallTalk = "greeting" | "thanks";

type Kind = SmallTalk | "filler";

// Longest phrases first, so "thank you so much" wins over "thank you".
const PHRASES: ReadonlyArray<{ tokens: string[]; kind: Kind }> = [
  ...lists.greetings.map((p) => ({ p, kind: "greeting" as const })),
  ...lists.thanks.map((p) => ({ p, kind: "thanks" as const })),
  ...lists.fillers.map((p) => ({ p, kind: "filler" as const })),
]
  .map(({ p, kind }) => ({ tokens: normalisePhrase(p).split(" "), kind }))
  .sort((a, b) => b.tokens.length - a.tokens.length);
/** The phrases by their first word, longest first still. */
const BY_FIRST = byFirstWord(PHRASES, (phrase) => phrase.tokens);

/**
 * Classifies a message that is only a greeting or only thanks ("hi there!", "thanks so much :pray:").
 * Anything with more in it — "hi, is my Zoom meeting recorded?" — is a question and returns null.
 */
export function classifySmallTalk(text: string): SmallTalk | null {
  const tokens = normalisePhrase(text).split(" ").filter(Boolean);
  if (tokens.length === 0 || tokens.length > 8) return null;
  let sawGreeting = false;
  let sawThanks = false;
  let i = 0;
  while (i < tokens.length) {
    const phrase = BY_FIRST.get(tokens[i]!)?.find((ph) => ph.tokens.every((t, k) => tokens[i + k] === t));
    if (!phrase) return null;
    if (phrase.kind === "greeting") sawGreeting = true;
    if (phrase.kind === "thanks") sawThanks = true;
    i += phrase.tokens.length;
  }
  if (sawThanks) return "thanks";
  if (sawGreeting) return "greeting";
  return null;
}

/** True when the message is only a greeting. */
export function isGreeting(text: string): boolean {
  return classifySmallTalk(text) === "greeting";
}

/** True when the message is only thanks. */
export function isThanks(text: string): boolean {
  return classifySmallTalk(text) === "thanks";
}
