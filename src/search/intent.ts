import { conceptsIn } from "./concepts.js";
import { anyOf, INTENT_DATA as intentData } from "./data.js";
import { analyze } from "./text.js";

interface Intent {
  name: string;
  /** The intent's patterns as one: a question is read once per intent, not once per pattern. */
  pattern: RegExp;
}

const INTENTS: readonly Intent[] = intentData.intents.map((i) => ({ name: i.name, pattern: anyOf(i.patterns, "i") }));

/** The kinds of message (from `data/intents.json`) a question reads as: `request-for-action`, `how-to`. */
export function detectIntent(question: string): string[] {
  const text = question.slice(0, 1_000).replace(/[\u2018\u2019]/g, "'");
  return INTENTS.filter((intent) => intent.pattern.test(text)).map((intent) => intent.name);
}

const SELF_SERVICE = new RegExp(intentData.selfService, "gi");

/**
 * What a paragraph says the reader can do themselves: the stems of the few words after each "you can" (or "a
 * Renter may", as a formal statement names its reader), or of a sentence that tells them what to do ("Request a
 * copy of your record").
 */
export function selfServiceOf(paragraph: string): string[][] {
  // The concepts it says too: "Request a correction" offers what "how do I get it fixed" asks.
  return [...paragraph.matchAll(SELF_SERVICE)].map((match) => {
    const offered = match[1] ?? match[2]!;
    return [...analyze(offered), ...conceptsIn(offered)];
  });
}

/**
 * Whether a paragraph tells the reader they can do themselves what the question asks ("delete bio from my
 * profile" → "You can change or remove your profile photo, pronouns and biography"): one of the question's words,
 * or a word the vocabulary says means the same, within the few words after "you can" (`offered`, see
 * selfServiceOf).
 */
export function offersSelfService(
  offered: ReadonlyArray<readonly string[]>,
  // A question's concepts (see question.ts), by the two fields read: the index builds on this module, not on that one.
  concepts: ReadonlyArray<{ stem: string; alternatives: readonly (readonly string[])[] }>,
): boolean {
  if (offered.length === 0) return false;
  const wanted = new Set(concepts.flatMap((c) => [c.stem, ...c.alternatives.filter((a) => a.length === 1).map((a) => a[0]!)]));
  return offered.some((stems) => stems.some((s) => wanted.has(s)));
}
