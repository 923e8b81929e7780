import { z } from "zod";
import phrases from "./human.json" with { type: "json" };
import { byFirstWord, normalisePhrase } from "./phrases.js";

/** Ways of asking for a person, kept as data beside smalltalk.json so they can be extended without touching code. */
const HumanPhrasesSchema = z.object({
  /** Messages that are nothing but a request for a person ("human please", "contact ithelp"). */
  alone: z.array(z.string().min(1)),
  /** Politeness around such a message that changes nothing ("hi", "please"). */
  polite: z.array(z.string().min(1)),
  /** What comes before a verb when the person is asking for themselves ("can I", "I'd like to"). */
  leads: z.array(z.string().min(1)),
  /** "talk to", "contact" … followed by someone in `whom`. */
  verbs: z.array(z.string().min(1)),
  /** Verbs that are a request on their own, wherever they stand ("connect me with"). */
  imperatives: z.array(z.string().min(1)),
  whom: z.array(z.string().min(1)),
  /** Words that do not make a question of their own ("about", "this", "please"). */
  fillers: z.array(z.string().min(1)),
});
const lists = HumanPhrasesSchema.parse(phrases);

const tokensOf = (phrase: string): string[] => normalisePhrase(phrase).split(" ").filter(Boolean);
const byLength = (a: string[], b: string[]) => b.length - a.length;

const ALONE = new Set(lists.alone.map((p) => tokensOf(p).join(" ")));
/** The most words of a message that is a request on its own: a longer one is not looked up. */
const ALONE_MOST_WORDS = Math.max(0, ...lists.alone.map((p) => tokensOf(p).length));
const POLITE = lists.polite.map(tokensOf).sort(byLength);
const LEADS = lists.leads.map(tokensOf).sort(byLength);
const VERBS = lists.verbs.map(tokensOf).sort(byLength);
const IMPERATIVES = new Set(lists.imperatives.map((p) => tokensOf(p).join(" ")));
const WHOM = lists.whom.map(tokensOf).sort(byLength);
const FILLERS = new Set(lists.fillers.flatMap(tokensOf));
// The verbs by their first word, longest first within each.
const VERBS_BY_FIRST = byFirstWord(VERBS, (verb) => verb);

// A plain loop: every message is checked against each polite phrase, lead and verb.
function startsAt(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}
const endsAt = (tokens: readonly string[], end: number, phrase: readonly string[]): boolean =>
  end - phrase.length >= 0 && startsAt(tokens, end - phrase.length, phrase);

/** Drops politeness from both ends ("hi, human please!" → "human"). */
function withoutPoliteness(tokens: string[]): string[] {
  let start = 0;
  let end = tokens.length;
  for (let changed = true; changed && start < end; ) {
    changed = false;
    for (const p of POLITE) {
      if (start + p.length <= end && startsAt(tokens, start, p)) {
        start += p.length;
        changed = true;
        break;
      }
      if (end - p.length >= start && endsAt(tokens, end, p)) {
        end -= p.length;
        changed = true;
        break;
      }
    }
  }
  return tokens.slice(start, end);
}

/** Where the request for a person stands in the message, if it has one. */
interface HumanRequest {
  /** Token range of the request (lead, verb and whom), to tell what else the message says. */
  from: number;
  to: number;
}

function findRequest(tokens: string[]): HumanRequest | undefined {
  const bare = withoutPoliteness(tokens);
  if (bare.length <= ALONE_MOST_WORDS && ALONE.has(bare.join(" "))) return { from: 0, to: tokens.length };
  for (let i = 0; i < tokens.length; i++) {
    for (const verb of VERBS_BY_FIRST.get(tokens[i]!) ?? []) {
      if (!startsAt(tokens, i, verb)) continue;
      const whom = WHOM.find((w) => startsAt(tokens, i + verb.length, w));
      if (!whom) continue;
      const to = i + verb.length + whom.length;
      if (IMPERATIVES.has(verb.join(" "))) return { from: i, to };
      // Only the person asking for themselves counts: "can I talk to someone", not "does Harvard talk to someone".
      const before = withoutPoliteness(tokens.slice(0, i));
      if (before.length === 0) return { from: i, to };
      const lead = LEADS.find((l) => endsAt(tokens, i, l));
      if (lead) return { from: i - lead.length, to };
    }
  }
  return undefined;
}

/**
 * True when the message asks for a person rather than an answer: "talk to a person", "contact ithelp",
 * "can I speak to someone?". A question that merely mentions people ("can a human read my chats?",
 * "does Zoom collect my user agent?") is not such a request.
 */
export function wantsHuman(text: string): boolean {
  return findRequest(tokensOf(text)) !== undefined;
}

/**
 * True when a request for a person also says what it is about ("can I talk to someone about who sees my
 * recordings?"), so the message itself is the question to pass on; false for a bare "talk to a person".
 */
export function carriesQuestion(text: string): boolean {
  const tokens = tokensOf(text);
  const request = findRequest(tokens);
  const rest = request ? [...tokens.slice(0, request.from), ...tokens.slice(request.to)] : tokens;
  return rest.filter((t) => !FILLERS.has(t)).length >= 2;
}
