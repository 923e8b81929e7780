import { z } from "zod";
import phrases from "./help.json" with { type: "json" };
import { normalisePhrase } from "./phrases.js";

/** Ways of asking how to use Privacy Desk, kept as data beside human.json and smalltalk.json. */
const HelpPhrasesSchema = z.object({
  /** Messages that ask for usage and nothing else ("help", "can you help me?", "how do I use this?"). */
  alone: z.array(z.string().min(1)),
  /** Words around such a message that change nothing ("hi", "please"). */
  polite: z.array(z.string().min(1)),
});
const lists = HelpPhrasesSchema.parse(phrases);

const ALONE = new Set(lists.alone.map(normalisePhrase));
const POLITE = lists.polite.map(normalisePhrase).sort((a, b) => b.length - a.length);

/** Drops politeness from both ends ("hi, can you help me please" → "can you help me"). */
function withoutPoliteness(folded: string): string {
  let text = folded;
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of POLITE) {
      // "p " at the start or " p" at the end, without building either string for every phrase.
      if (text.length <= p.length) continue;
      if (text.startsWith(p) && text[p.length] === " ") text = text.slice(p.length + 1);
      else if (text.endsWith(p) && text[text.length - p.length - 1] === " ") text = text.slice(0, -p.length - 1);
      else continue;
      changed = true;
    }
  }
  return text;
}

/**
 * True when a message asks how to use Privacy Desk rather than asking about a statement: an empty message or
 * "?", the bare word "help", and everyday requests for help ("can you help me?", "I need help", "help please",
 * "how do I use this?"). A question that only contains such words ("how do I use Zoom's recording?") is not.
 */
export function isHelpRequest(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "?") return true;
  const folded = normalisePhrase(trimmed);
  return folded !== "" && (ALONE.has(folded) || ALONE.has(withoutPoliteness(folded)));
}
