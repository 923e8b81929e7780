import { ROLE_DATA as roleData } from "./data.js";
import { STOP_WORDS, stem, tokenize } from "./text.js";

/**
 * Who receives information, read from the wording with a few word patterns (data: `data/roles.json`).
 *
 * Two paragraphs can share every word of a question and differ in who gets the data: "Harvard may also obtain
 * log files of the IP addresses" and "… may be released by Harvard to Zoom. This may include log files of the IP
 * addresses". "Does Zoom see my IP?" asks about the second, "can Harvard tell which browser I use" about the
 * first. Ranking favours the paragraph where the question's recipient is a recipient too.
 */
const RECEIVING: ReadonlySet<string> = new Set(roleData.receiving.map(stem));
const GIVING: ReadonlySet<string> = new Set(roleData.giving.map(stem));
/** Verbs of receiving or giving information, as stems ("see", "keep", "share", "record"). */
export const DATA_VERBS: ReadonlySet<string> = new Set([...RECEIVING, ...GIVING]);
const TOWARDS: ReadonlySet<string> = new Set(roleData.towards.map(stem));
const AUXILIARIES: ReadonlySet<string> = new Set(roleData.auxiliaries);
/** "… is stored", "… are kept": what comes before is received, not the receiver. */
const PASSIVE: ReadonlySet<string> = new Set(roleData.passive);
const ADVERBS: ReadonlySet<string> = new Set(roleData.adverbs);
/** Phrases between a question's name and its verb ("does Zoom have access to"), as words. */
const PERIPHRASES: ReadonlyArray<readonly string[]> = roleData.periphrases.map((p) => p.split(" "));
/** Receiving verbs that are as often nouns ("ip logs", "my records"): never read as "<name> <verb>s". */
const ALSO_NOUNS: ReadonlySet<string> = new Set(roleData.alsoNouns.map(stem));
/** Stop words that still name someone ("all others"). */
const NAMES: ReadonlySet<string> = new Set(roleData.names);
/** Words that may open a name without being part of it ("the host", "all others"). */
const DETERMINERS: ReadonlySet<string> = new Set(["the", "a", "an", "any", "all", "other", "these", "those", "such", "its", "their"]);

/** Longest name of a recipient, in content words ("third party vendors", "Zoom Video Communications"). */
const MAX_NAME = 3;
/** How far after a giving verb its "to …" may come ("released by Harvard to Zoom"). */
const GIVING_REACH = 6;
/** How far after a receiving verb its "by …" may come ("accessed and used by all others"). */
const AGENT_REACH = 3;

/** Who a paragraph says receives information, and who gives it. */
export interface ParagraphRoles {
  /** "Harvard may obtain", "accessible by Harvard", "released to Zoom". */
  recipients: Set<string>;
  /** "Harvard may share", "released by Harvard". */
  givers: Set<string>;
}

/** The stems of the names a paragraph gives each role. */
export function paragraphRoles(text: string): ParagraphRoles {
  const recipients = new Set<string>();
  const givers = new Set<string>();
  // Clauses, so that a "to" never reaches back into the previous sentence.
  for (const clause of text.split(/[.;:!?](?:\s|$)/)) {
    const words = tokenize(clause);
    addRecipients(words, true, recipients);
    words.forEach((word, i) => {
      if (!GIVING.has(stem(word))) return;
      for (const n of subjectOf(words, i, true) ?? []) givers.add(n);
      for (const n of agentAfter(words, i) ?? []) givers.add(n);
    });
  }
  return { recipients, givers };
}

/**
 * Stems of the recipients a question asks about: "does Zoom see …", "what Harvard gets", "is my IP seen by
 * Zoom", "what does Harvard give to Zoom". `words` are the question's tokens after typo correction.
 */
export function questionRecipients(words: readonly string[]): string[] {
  const found = new Set<string>();
  addRecipients(words, false, found);
  return [...found];
}

/** Adds the names the words say receive: subjects and agents of receiving verbs, and who is given to. */
function addRecipients(words: readonly string[], statement: boolean, into: Set<string>): void {
  words.forEach((word, i) => {
    const s = stem(word);
    if (RECEIVING.has(s)) {
      for (const n of subjectOf(words, i, statement) ?? []) into.add(n);
      for (const n of agentAfter(words, i) ?? []) into.add(n);
    }
    if (GIVING.has(s) || TOWARDS.has(s)) for (const n of towards(words, i) ?? []) into.add(n);
  });
}

/** Where the words before a periphrasis ending at `j` end ("police ever" of "police ever be able to"), else `j`. */
function beforePeriphrasis(words: readonly string[], j: number): number {
  for (const p of PERIPHRASES) {
    const start = j - p.length + 1;
    if (start >= 0 && p.every((w, k) => words[start + k] === w)) {
      let before = start - 1;
      while (before >= 0 && ADVERBS.has(words[before]!)) before--;
      return before;
    }
  }
  return j;
}

/**
 * The name before the verb at `i`: after an auxiliary ("does Zoom see", "Harvard may also obtain": the
 * auxiliary comes before the name in a question, after it in a statement), or before a present-tense verb
 * ("Canvas receives", "what Harvard gets").
 */
function subjectOf(words: readonly string[], i: number, statement: boolean): string[] | undefined {
  let j = i - 1;
  while (j >= 0 && ADVERBS.has(words[j]!)) j--;
  if (statement) {
    if (j >= 0 && PASSIVE.has(words[j]!)) return undefined;
    if (j >= 0 && AUXILIARIES.has(words[j]!)) {
      j--;
      while (j >= 0 && ADVERBS.has(words[j]!)) j--;
      return nameEndingAt(words, j)?.stems;
    }
  } else {
    j = beforePeriphrasis(words, j);
    const name = nameEndingAt(words, j);
    if (name) {
      const before = j - name.span;
      // A question names its recipient's head last ("zoom marketplace apps" are apps, not Zoom).
      if (before >= 0 && AUXILIARIES.has(words[before]!)) return name.stems.slice(-1);
    }
  }
  const verb = words[i]!;
  if (/[^s]s$/.test(verb) && !ALSO_NOUNS.has(stem(verb)) && j === i - 1) return nameEndingAt(words, j, 1)?.stems;
  return undefined;
}

/** The name (content words, with a leading determiner) that ends at `end`, if the word there is one. */
function nameEndingAt(words: readonly string[], end: number, max = MAX_NAME): { stems: string[]; span: number } | undefined {
  const stems: string[] = [];
  let j = end;
  while (j >= 0 && stems.length < max && isNameWord(words[j]!)) stems.unshift(stem(words[j--]!));
  if (stems.length === 0) return undefined;
  while (j >= 0 && DETERMINERS.has(words[j]!)) j--;
  return { stems, span: end - j };
}

/** The name after "by" that follows the verb at `i` closely ("accessed by Harvard", "used by third parties"). */
function agentAfter(words: readonly string[], i: number): string[] | undefined {
  for (let k = i + 1; k <= i + AGENT_REACH && k < words.length; k++) {
    if (words[k] === "by") return nameStartingAt(words, k + 1);
    if (words[k] !== "and" && words[k] !== "or" && !ADVERBS.has(words[k]!) && !RECEIVING.has(stem(words[k]!))) return undefined;
  }
  return undefined;
}

/** The name after "to" or "with" that follows a giving verb ("released by Harvard to Zoom", "share with vendors"). */
function towards(words: readonly string[], i: number): string[] | undefined {
  for (let k = i + 1; k <= i + GIVING_REACH && k < words.length; k++) {
    if (words[k] === "to" || words[k] === "with") return nameStartingAt(words, k + 1);
  }
  return undefined;
}

function nameStartingAt(words: readonly string[], start: number): string[] | undefined {
  let k = start;
  while (k < words.length && DETERMINERS.has(words[k]!)) k++;
  const stems: string[] = [];
  while (k < words.length && stems.length < MAX_NAME && isNameWord(words[k]!)) stems.push(stem(words[k++]!));
  return stems.length > 0 ? stems : undefined;
}

function isNameWord(word: string): boolean {
  if (NAMES.has(word)) return true;
  if (STOP_WORDS.has(word) || AUXILIARIES.has(word) || DETERMINERS.has(word) || /^\d+$/.test(word)) return false;
  const s = stem(word);
  return !RECEIVING.has(s) && !GIVING.has(s);
}
