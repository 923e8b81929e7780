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
 * Renter may", as a formal statement names its reader), and of each later item of the same list that starts with
 * the same verb, or of a sentence that tells them what to do ("Request a copy of your record").
 */
export function selfServiceOf(paragraph: string): string[][] {
  const offers: string[][] = [];
  for (const match of paragraph.matchAll(SELF_SERVICE)) {
    const offered = match[1] ?? match[2]!;
    // The concepts it says too: "Request a correction" offers what "how do I get it fixed" asks.
    offers.push([...analyze(offered), ...conceptsIn(offered)]);
    // A list of offers that repeats its verb is one offer each: "You can ask for a new ID photo, ask to see the
    // door records …, or ask us to correct something".
    const verb = offered.split(/\s+/, 1)[0]!;
    const rest = paragraph.slice(match.index + match[0].length).split(SENTENCE_END, 1)[0]!;
    for (const item of rest.matchAll(LIST_ITEM)) {
      const words = item[1]!.split(/\s+/);
      if (words[0]!.toLowerCase() !== verb.toLowerCase()) continue;
      const again = words.slice(0, OFFER_WORDS).join(" ");
      offers.push([...analyze(again), ...conceptsIn(again)]);
    }
  }
  return offers;
}

/** As many words as the pattern reads after "you can" (data/intents.json). */
const OFFER_WORDS = 6;
const SENTENCE_END = /[.!?;](?:\s|$)/;
/** An item of a list after a comma: ", ask to see …", ", or ask us to …". */
const LIST_ITEM = /,\s*(?:(?:and|or)\s+)?([^,]+)/g;

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
