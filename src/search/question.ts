import SearchableMap from "minisearch/SearchableMap";
import { CONCEPT_LEXICON, conceptSpans } from "./concepts.js";
import { anyOf, EXPANSION_DATA as expansionData, FRAMING_DATA as framing } from "./data.js";
import type { CorpusIndex } from "./index.js";
import { initialsFor } from "./initialisms.js";
import { englishRarity, everydayNeighbours, isEnglishWord } from "./rarity.js";
import { questionRecipients } from "./roles.js";
import { STOP_WORDS, stem, tokenize } from "./text.js";

/** One content word of a question, with the stems that count as saying the same thing. */
export interface Concept {
  /** The word as the person typed it (after typo correction). */
  word: string;
  stem: string;
  /**
   * Phrases from the privacy vocabulary that say the same, as stems (not including `stem` alone). A paragraph
   * says the concept when it holds `stem`, or every stem of one alternative.
   */
  alternatives: string[][];
  /** Where each alternative comes from, in the same order: the general vocabulary, a statement's alias, a concept. */
  sources: AlternativeSource[];
  /** The privacy vocabulary lists this word ("sell", "how long"): its absence from every statement is telling. */
  privacyTerm: boolean;
  /**
   * Said aside from the question rather than in it. "asker": of the person asking ("as a staff member"), or in
   * another question of the message than the one answered; it ranks no paragraph. "around": in a sentence around
   * the question that does not ask ("I sold my car. Do I need …?"); it ranks paragraphs at asideShare of its
   * weight. Either counts in the decision asideShare of its weight, for a best paragraph that says it and never
   * against one that does not. "when": in a clause that ends the question and tells when it applies ("… after I
   * graduate"); it ranks paragraphs at asideShare of its weight, and the decision reads it as any word of the
   * question: a best paragraph that never says it does not answer.
   */
  aside?: Aside;
}

/** How a concept is said aside from the question (see Concept.aside). */
export type Aside = "asker" | "around" | "when";

/** Where a concept's alternative comes from (see Concept.sources). */
export type AlternativeSource = "vocabulary" | "alias" | "concept";

/** A question reduced to what ranking and the decision need. */
export interface AnalysedQuestion {
  concepts: Concept[];
  /** Words that were corrected as typos, `typed → corrected`, for the decision's reasons. */
  corrections: string[];
  /** The question's words after typo correction, lower case, for patterns that read the wording. */
  corrected: string;
  /** The question as typed with its misspelled words corrected, for the patterns that read how it is worded. */
  spelled: string;
  /** Stems of whoever the question asks receives information ("does Zoom see …"), with their vocabulary aliases. */
  recipients: string[];
}

/** The framing patterns as one: a question is read once for all of them, not once for each (same answers on every set). */
const QUESTION_FRAMES = [anyOf(framing.questionFrames, "gi")];

/** A list of the data's patterns as the source of one alternation, to build into a larger expression. */
const oneOf = (patterns: readonly string[]) => anyOf(patterns, "").source;

/**
 * How people open a message before they ask ("hi! quick question:", "I was wondering,"; `data/framing.json`), as
 * many openings as follow each other, with the punctuation after them. Each ends at the end of a word: "hi" is
 * not the start of "highway", nor "so" of "so-called".
 */
const PREAMBLE = new RegExp(`^(?:\\W*(?:${oneOf(framing.preamble)})(?![\\w']|-\\w)[\\s,;:!.?-]*)+`, "i");

/** How people end a message after the question ("… thanks!", "… pls"): one closing, at the very end. */
const CLOSING = new RegExp(`(?<![\\w'-])(?:${oneOf(framing.closing)})\\W*$`, "i");

/** The most closings taken off one question ("… please, thanks!"). */
const MAX_CLOSINGS = 3;

/** Chat spellings of function words ("u", "wat"; `data/framing.json`), each a whole word: not the "u" of "U.S.". */
const SPELLINGS = new Map(Object.entries(framing.spellings));
const SPELLED = new RegExp(`(?<![\\w.'’/-])(?:${[...SPELLINGS.keys()].join("|")})(?![\\w.'’/-])`, "gi");

/**
 * Contractions typed without their apostrophe that are words too ("id"; `data/framing.json`): the contraction only
 * before what it says ("id like to know" is "i would like to know"); anywhere else the word ("my id photo").
 */
const CONTRACTIONS = framing.contractions.map(({ typed, reads, before }) => ({
  pattern: new RegExp(`(?<![\\w.'’/-])${typed}(?=\\s+(?:${before.join("|")})\\b)`, "gi"),
  reads,
}));

/** Adverbs that only stress ("what exactly …", "who actually …"; `data/framing.json`), with the space after them. */
const EMPHASIS = new RegExp(`(?<![\\w'-])(?:${framing.emphasis.join("|")})(?![\\w'-])\\s*`, "gi");

/**
 * How people say who they are before they ask ("As a staff member,", "I'm a grad student at the law school.";
 * `data/framing.json`), with the punctuation after it.
 */
const ASKER_FORMS = oneOf(framing.asker);
const ASKER = new RegExp(`^\\W*(?:${ASKER_FORMS})[\\s,;:!.?-]*`, "i");

/** The same at the end of a message ("… I'm a TA.", "… as a staff member?"), after a word or a sentence. */
const ASKER_END = new RegExp(`(?<=^|[\\s.!?,;:])(?:${ASKER_FORMS})[\\s.!?]*$`, "i");

/** The most openings read off one message ("Hi! I'm a TA, and I was wondering …"). */
const MAX_OPENINGS = 3;

/**
 * A message read as a question: what it asks, how the person said who they are, what they tell around it and the
 * other questions it asks (each empty when there is none).
 */
export interface AskedText {
  question: string;
  asker: string;
  /** The sentences around the question that do not ask ("I sold my car. Do I need …?"): what the person tells. */
  around: string;
  /** The questions after the first, when a message asks several: the first is the one answered. */
  others: string;
  /** The clause that ends the question and tells when it applies ("after I graduate"); see whenApart. */
  when: string;
}

/**
 * The question without how the person opened and closed the message, so that it is read as if they had asked it
 * straight away: "hi, how do I record a meeting?" is a how-to question, "quick question: how long …" asks for a
 * length of time, "what does this statement cover? thanks!" asks for an overview; "can u …" is "can you …", and
 * "what exactly does it capture" is "what does it capture". Who the person says they are ("As a staff member,
 * …") is kept apart: it tells who asks, not what about; so are the sentences around the question and the
 * questions after the first (see questionSentences). A message that is nothing but an opening or a closing
 * ("hi!", "thanks") stays as it is.
 */
export function asAsked(message: string): AskedText {
  // A message in capitals throughout says nothing by its capitals: "WHO CAN USE IT?" asks of "it", not of IT.
  let text = (/\p{Ll}/u.test(message) ? message : message.toLowerCase())
    .slice(0, 4_000)
    .replace(SPELLED, (w) => SPELLINGS.get(w.toLowerCase()) ?? w)
    .replace(EMPHASIS, "");
  for (const { pattern, reads } of CONTRACTIONS) text = text.replace(pattern, reads);
  const asker: string[] = [];
  for (let i = 0; i < MAX_OPENINGS; i++) {
    const opening = PREAMBLE.exec(text.slice(0, 1_000))?.[0];
    if (opening) text = text.slice(opening.length);
    const self = ASKER.exec(text.slice(0, 1_000))?.[0];
    if (self) {
      asker.push(self.trim());
      text = text.slice(self.length);
    }
    if (!opening && !self) break;
  }
  for (let i = 0; i < MAX_CLOSINGS; i++) {
    const closing = CLOSING.exec(text.slice(-200));
    if (!closing) break;
    text = text.slice(0, text.length - closing[0].length);
  }
  const last = ASKER_END.exec(text.slice(-300));
  if (last) {
    asker.push(last[0].trim());
    text = text.slice(0, text.length - last[0].length);
  }
  // Nothing but an opening or a closing ("hi!", "thanks") is left as it is; who asks with no question asks nothing.
  if (!/\p{L}/u.test(text)) return { question: asker.length > 0 ? "" : message, asker: asker.join(" "), around: "", others: "", when: "" };
  const { asked, around, others } = questionSentences(text);
  const { main, when } = whenApart(asked);
  return { question: main, asker: asker.join(" "), around, others, when };
}

/** A clause that ends a question and tells when it applies: "… after I graduate", "… until we leave". */
const WHEN_CLAUSE = /[\s,]+(?:after|once|before|until)\s+(?:i|i'm|i've|we|we're|we've|you)\b([^?]*)\?*\s*$/i;

/**
 * The question without the clause that ends it and tells when it applies ("how long do you keep my address after I
 * graduate"): what it asks ranks the paragraphs, and "graduate" does not bring the paragraphs about graduating that
 * say nothing of keeping. A clause that asks ("… after I graduate, what happens") stays in the question.
 */
function whenApart(question: string): { main: string; when: string } {
  const clause = WHEN_CLAUSE.exec(question);
  if (!clause || ANY_QUESTION_WORD.test(clause[1]!)) return { main: question, when: "" };
  const main = question.slice(0, clause.index);
  return saysNothing(main) ? { main: question, when: "" } : { main, when: clause[0].trim() };
}

/** Whether a text is stop words alone ("Why?", "does it"): it asks nothing on its own. */
function saysNothing(text: string): boolean {
  return tokenize(text).every((w) => STOP_WORDS.has(w));
}

/** The words a question starts with. */
const QUESTION_WORDS =
  "what|how|who|whom|whose|where|when|why|which|can|could|do|does|did|is|are|was|were|will|would|should|has|have|may|am";

/** Any word a question starts with, anywhere. */
const ANY_QUESTION_WORD = new RegExp(`\\b(${QUESTION_WORDS})\\b`, "i");

/**
 * A sentence that asks: it ends with a question mark, or starts as a question does, or after a condition ("if i
 * add an app does the app get my data", "if i click a link, whose policy applies").
 */
const ASKS = new RegExp(
  `\\?\\s*$|^\\W*(${QUESTION_WORDS})\\b|^\\W*(if|when|whenever|after|once|before|until)\\b[^?]*?(,\\s*(what|how|who|whose|where|why|which)\\s+\\w|\\s(${QUESTION_WORDS})\\s+(it|i|you|we|they|he|she|this|that|there|anyone|someone|the|my|your|our|their)\\b)`,
  "i",
);

/**
 * A word that points back at what a sentence before said ("My recordings. How long are they kept?", "I heard Zoom
 * sells my data. Is that true?").
 */
const POINTS_BACK =
  /\b(it|its|they|them|their|theirs|these|those|he|she|him|her)\b|\b(this|that)(?=\s+(is|was|true|right|correct|ok|okay|allowed|legal|possible|normal)\b|\s*[?.!]|\s*$)/i;

/**
 * Where one sentence ends and the next starts: after its mark, or before a capitalised question word (or "Also",
 * "And") that follows a lower-case word. "May" is left out: "graduating in May" starts no question.
 */
const RUN_ON = new RegExp(
  `(?<=[.!?])\\s+|(?<=\\p{Ll})\\s+(?=(?:Also|And|${QUESTION_WORDS.split("|")
    .filter((w) => w !== "may")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("|")})\\b)`,
  "u",
);

/**
 * The sentences of a message that ask, and those around them (what the person tells before or after asking). A
 * question that points back at the sentences around it ("I sold my car. Do I need to take it off my account?")
 * is read whole: they say what it is about. Of several questions the first is answered ("Does Zoom record? Also,
 * is this statement current?"): the others weigh as who asks does, ranking nothing.
 */
function questionSentences(text: string): { asked: string; around: string; others: string } {
  // A sentence ends at a full stop, question or exclamation mark before a space: "the U.S.?" is one sentence.
  // A question left without its mark ends where a capitalised one starts: "… my meetings Also, who sees them?"
  const sentences = text.split(RUN_ON).filter((s) => /\p{L}/u.test(s));
  if (sentences.length < 2) return { asked: text, around: "", others: "" };
  // A sentence without a full stop that says nothing of the person, before any that asks ("browser log files
  // Also, is …?", "I'm moving abroad. huid"), asks in a few words, as a search box is asked; after a question it
  // is told ("… this one time? money's tight").
  const firstAsking = sentences.findIndex((s) => ASKS.test(s));
  const asks = (s: string, i: number) => ASKS.test(s) || ((firstAsking < 0 || i < firstAsking) && !/[.!]\s*$/.test(s) && !TELLS.test(s));
  const asking = sentences.filter(asks);
  // A question that says nothing on its own ("Why?") is about what the sentences around it say.
  // One that points back ("Do I need to take it off my account?") is about what was told before it.
  const told = (i: number) => sentences.slice(0, i).some((s, j) => !asks(s, j));
  const pointsBack = (s: string) => {
    const m = POINTS_BACK.exec(s);
    if (!m || !told(sentences.indexOf(s))) return false;
    // "if i add a zoom app does it get my data": what "it" stands for is said before it, in the same question.
    return !(m[1] !== undefined && SAYS_A_THING.test(s.slice(0, m.index)));
  };
  if (asking.length === 0 || asking.some((s) => pointsBack(s) || saysNothing(s))) return { asked: text, around: "", others: "" };
  // Several questions in one message: the first is answered, the others weigh as who asks does.
  const [first] = asking;
  return { asked: first!, around: sentences.filter((s, i) => s !== first && !asks(s, i)).join(" "), others: asking.slice(1).join(" ") };
}

/** A thing named with its determiner ("a zoom app", "my data"): what a later "it" or "they" may stand for. */
const SAYS_A_THING = /\b(a|an|the|my|your|our|their|his|her|this|that|these|those|some|any)\s+[\p{L}-]{3,}/iu;

/**
 * A sentence that tells of the person: "I sold my car.", "My advisor asked me …", "Our lab uses Zoom." Not "us",
 * which people also write for the United States ("non-US users privacy").
 */
const TELLS = /\b(i|i'm|i've|i'd|i'll|im|me|my|mine|we|we're|we've|our|ours)\b/i;

/** Longest phrase (in words) the vocabulary table uses as a key. */
const MAX_PHRASE = 3;

/** phrase → the phrases (as stems) it expands to; built once from `data/expansions.json`. */
const EXPANSIONS: ReadonlyMap<string, string[][]> = new Map(
  Object.entries({ ...expansionData.expansions, ...expansionData.idioms }).map(([key, phrases]) => [
    tokenize(key).join(" "),
    phrases
      .map((p) =>
        tokenize(p)
          .filter((w) => !STOP_WORDS.has(w))
          .map(stem),
      )
      .filter((p) => p.length > 0),
  ]),
);

/** Vocabulary phrases whose words apart say nothing of them (see `data/expansions.json`). */
const IDIOMS: ReadonlySet<string> = new Set(Object.keys(expansionData.idioms).map((k) => tokenize(k).join(" ")));

/** For each word that starts a key of a phrase table, the most words such a key has (up to MAX_PHRASE). */
function longestFrom(keys: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) {
    const words = key.split(" ");
    out.set(words[0]!, Math.min(MAX_PHRASE, Math.max(out.get(words[0]!) ?? 0, words.length)));
  }
  return out;
}

/** The vocabulary table's keys by first word: most question words start none, and are looked up no further. */
const VOCABULARY_STARTS = longestFrom(EXPANSIONS.keys());
/** The same for each index's aliases, worked out on first use. */
const ALIAS_STARTS = new WeakMap<ReadonlyMap<string, string[][]>, Map<string, number>>();

/** The vocabulary table's one-word keys: a typo of "covered" is corrected to it even if no statement says it. */
const VOCABULARY_WORDS = new SearchableMap<true>();
for (const key of EXPANSIONS.keys()) if (!key.includes(" ")) VOCABULARY_WORDS.set(key, true);

/**
 * Every word of the privacy vocabulary's keys and of the concepts' phrases: a word people ask with, never a typo
 * ("opt" of "opt out" is not clipped from "option", nor "heads" of "heads up" a misspelling).
 */
const PHRASE_WORDS: ReadonlySet<string> = new Set(
  [...EXPANSIONS.keys(), ...CONCEPT_LEXICON.flatMap((c) => c.phrases)].flatMap((p) => tokenize(p)),
);

/**
 * An inflected or agent form (…s, …es, …ed, …ing, …er) of an everyday English word is a word too: "copiers",
 * "torrenting", "spammer". Not inflectionBase (text.ts): its doubled-consonant step would read the typo "recordd"
 * as "record".
 */
function isInflectedEnglish(word: string): boolean {
  const bases: string[] = [];
  if (word.endsWith("s")) bases.push(word.slice(0, -1));
  if (word.endsWith("es") || word.endsWith("ed")) bases.push(word.slice(0, -2));
  if (word.endsWith("ed")) bases.push(word.slice(0, -1));
  if (word.endsWith("ing")) bases.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  const agent = /(?:er|ers)$/.exec(word);
  if (agent) {
    const base = word.slice(0, agent.index);
    bases.push(base, `${base}e`);
    if (base.length > 3 && base.at(-1) === base.at(-2)) bases.push(base.slice(0, -1));
  }
  return bases.some((b) => b.length >= 3 && isEnglishWord(b));
}

/** Stop words of three letters or more: "doez" is "does", and then says nothing. */
const STOP_WORD_MAP = new SearchableMap<true>();
for (const w of STOP_WORDS) if (w.length >= 3) STOP_WORD_MAP.set(w, true);

/** The shortest misspelled word corrected against everyday English rather than the statements' words alone. */
const EVERYDAY_MIN_LENGTH = 7;

/** Cap on the words of one question that reach the index: a pasted essay is still answered, in bounded time. */
export const MAX_CONCEPTS = 32;

/**
 * Turns a question into concepts: tokens, typo correction against the corpus vocabulary (edit distance 1, or 2
 * for words of 8+ letters), then the privacy vocabulary, matched on phrases of up to three words.
 */
export function analyseQuestion(question: string, index: CorpusIndex): AnalysedQuestion {
  const corrections: string[] = [];
  let spelled = question.slice(0, 4_000);
  let words = wordsOf(spelled);
  const fixes = new Map<string, string>();
  for (const w of words) {
    const fixed = correctTypo(w, index);
    if (fixed !== w && !fixes.has(w)) {
      fixes.set(w, fixed);
      corrections.push(`${w} → ${fixed}`);
    }
  }
  // A misspelled word is corrected in the text itself, and the text read again: the framing, and the patterns
  // that read how a question is worded, then see what was meant ("what does the privacy statment cover?" asks for
  // an overview as "statement" would). Most questions have no typo and are read once.
  if (fixes.size > 0) {
    spelled = spelled.replace(/[\p{L}\p{N}]+/gu, (w) => fixes.get(w.toLowerCase()) ?? w);
    words = wordsOf(spelled);
  }

  let aliasStarts = ALIAS_STARTS.get(index.aliases);
  if (!aliasStarts) {
    aliasStarts = longestFrom(index.aliases.keys());
    ALIAS_STARTS.set(index.aliases, aliasStarts);
  }
  const concepts: Concept[] = [];
  const seen = new Map<string, Concept>();
  let i = 0;
  while (i < words.length && concepts.length < MAX_CONCEPTS) {
    let matched = 0;
    let alternatives: Array<[string[], AlternativeSource]> = [];
    const longest = Math.max(VOCABULARY_STARTS.get(words[i]!) ?? 0, aliasStarts.get(words[i]!) ?? 0, index.initials.has(words[i]!) ? 1 : 0);
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      const key = words.slice(i, i + n).join(" ");
      const general = EXPANSIONS.get(key);
      const own = index.aliases.get(key) ?? (n === 1 ? initialsFor(key, index.initials) : undefined);
      if (general || own) {
        matched = n;
        alternatives = [
          ...(general ?? []).map((a) => [a, "vocabulary"] as [string[], AlternativeSource]),
          ...(own ?? []).map((a) => [a, "alias"] as [string[], AlternativeSource]),
        ];
        break;
      }
    }
    const span = words.slice(i, i + Math.max(matched, 1));
    const idiom = matched > 1 && IDIOMS.has(span.join(" "));
    if (matched > 1 && alternatives.length === 0 && !idiom) {
      // Privacy vocabulary no statement may say ("end to end") is one idea: its words apart ("end" of "end
      // users") say nothing of it.
      // A paragraph that says each of its different words says it ("does not use facial recognition"); one that
      // repeats a single word ("end to end") is not said by that word.
      const phrase = span.join(" ");
      const s = span.map(stem).join(" ");
      if (!seen.has(s)) {
        const own = [...new Set(span.filter((w) => !STOP_WORDS.has(w)).map(stem))];
        const said = own.length > 1 ? { alternatives: [own], sources: ["vocabulary" as const] } : { alternatives: [], sources: [] };
        const concept: Concept = { word: phrase, stem: s, ...said, privacyTerm: true };
        seen.set(s, concept);
        concepts.push(concept);
      }
      i += matched;
      continue;
    }
    // A phrase of stop words only ("get into") says something when the vocabulary says what, and an idiom is
    // said only by what it means ("keep an eye on" says nothing of eyes): each is one concept. An idiom that
    // means nothing in particular ("end up") is none.
    if (idiom || (matched > 1 && span.every((w) => STOP_WORDS.has(w)))) {
      const s = span.map(stem).join(" ");
      if (alternatives.length > 0 && !seen.has(s)) {
        const concept: Concept = {
          word: span.join(" "),
          stem: s,
          alternatives: alternatives.map(([a]) => a),
          sources: alternatives.map(([, source]) => source),
          privacyTerm: true,
        };
        seen.set(s, concept);
        concepts.push(concept);
      }
      i += matched;
      continue;
    }
    for (const word of span) {
      if (STOP_WORDS.has(word)) continue;
      // A number the statements never use ("is zoom 100% secure") is emphasis, not topic.
      if (/^\d+$/.test(word) && !index.words.has(word)) continue;
      const s = stem(word);
      const concept: Concept = seen.get(s) ?? { word, stem: s, alternatives: [], sources: [], privacyTerm: false };
      if (matched > 0) concept.privacyTerm = true;
      for (const [a, source] of alternatives) {
        const key = a.join(" ");
        if (key !== s && !concept.alternatives.some((b) => b.join(" ") === key)) {
          concept.alternatives.push(a);
          concept.sources.push(source);
        }
      }
      if (!seen.has(s)) {
        seen.set(s, concept);
        concepts.push(concept);
      }
    }
    i += Math.max(matched, 1);
  }
  addConcepts(words, concepts, seen);
  const recipients = new Set<string>();
  for (const r of questionRecipients(words)) {
    recipients.add(r);
    // "HUIT" names Harvard, "advertisers" are third parties: a vocabulary alternative's last word (its head
    // noun) is an alias of the recipient.
    for (const alt of seen.get(r)?.alternatives ?? []) recipients.add(alt[alt.length - 1]!);
  }
  return { concepts, corrections, recipients: [...recipients], corrected: words.join(" "), spelled };
}

/**
 * The question's concepts, then those said aside from it that it does not say itself — how the person said who
 * they are, or the sentences around it — marked so (see Concept.aside); within MAX_CONCEPTS.
 */
export function withAside(question: AnalysedQuestion, aside: AnalysedQuestion, as: Aside): AnalysedQuestion {
  const said = new Set(question.concepts.map((c) => c.stem));
  const added = aside.concepts.filter((c) => !said.has(c.stem)).map((c) => ({ ...c, aside: as }));
  return {
    ...question,
    concepts: [...question.concepts, ...added].slice(0, MAX_CONCEPTS),
    corrections: [...question.corrections, ...aside.corrections],
  };
}

/**
 * The privacy concepts the question says (see concepts.ts): each is one more way its words are said ("cops" is
 * said by "law enforcement" and "subpoena"); a concept said only in stop words ("who do I ask") is a concept of
 * its own.
 */
function addConcepts(words: readonly string[], concepts: Concept[], seen: Map<string, Concept>): void {
  for (const { start, end, token } of conceptSpans(words)) {
    const span = words.slice(start, end);
    const owners = span
      .filter((w) => !STOP_WORDS.has(w))
      .map((w) => seen.get(stem(w)))
      .filter((c): c is Concept => c !== undefined);
    if (owners.length === 0) {
      if (!seen.has(token) && concepts.length < MAX_CONCEPTS) {
        const concept: Concept = { word: span.join(" "), stem: token, alternatives: [], sources: [], privacyTerm: true };
        seen.set(token, concept);
        concepts.push(concept);
      }
      continue;
    }
    for (const c of owners) {
      if (c.stem !== token && !c.alternatives.some((a) => a.length === 1 && a[0] === token)) {
        c.alternatives.push([token]);
        c.sources.push("concept");
      }
    }
  }
}

/** A question's words as they reach the index: framing removed, at most four times MAX_CONCEPTS. */
function wordsOf(question: string): string[] {
  let text = question;
  for (const frame of QUESTION_FRAMES) text = text.replace(frame, " ");
  return tokenize(text).slice(0, 4 * MAX_CONCEPTS);
}

/** Misspellings already corrected, per index: the same few come back question after question. */
const CORRECTIONS = new WeakMap<CorpusIndex, Map<string, string>>();
/** Past this many words, an index's kept corrections start afresh. */
const CORRECTIONS_KEPT = 20_000;

/**
 * A word the corpus does not know, and the vocabulary table does not either, is likely a typo of one it does:
 * take the closest corpus, vocabulary or stop word; failing those, the closest word in everyday English, so that
 * "replacemnt" weighs what "replacement" does. Short words are left alone (too many near neighbours).
 */
function correctTypo(word: string, index: CorpusIndex): string {
  let kept = CORRECTIONS.get(index);
  if (!kept) {
    kept = new Map();
    CORRECTIONS.set(index, kept);
  }
  let fixed = kept.get(word);
  if (fixed === undefined) {
    fixed = correctTypoOnce(word, index);
    // Only a misspelling of a word the statements, the vocabulary or everyday English know is kept: a word left
    // as typed (a name, a word of another language) is worked out afresh each time, so none stays in memory.
    if (fixed !== word) {
      if (kept.size >= CORRECTIONS_KEPT) kept.clear();
      kept.set(word, fixed);
    }
  }
  return fixed;
}

function correctTypoOnce(word: string, index: CorpusIndex): string {
  if (word.length < CLIPPED_MIN_LENGTH || STOP_WORDS.has(word) || /\d/.test(word)) return word;
  if (
    index.words.has(word) ||
    index.documentFrequency.has(stem(word)) ||
    EXPANSIONS.has(word) ||
    PHRASE_WORDS.has(word) ||
    index.aliases.has(word) ||
    initialsFor(word, index.initials)
  )
    return word;
  const whole = clippedFrom(word, index);
  if (whole !== undefined) return whole;
  if (word.length < 4) return word;
  // A real English word is not a typo ("game" is not "name"), however close it is to a corpus word.
  if (isEnglishWord(word) || isInflectedEnglish(word)) return word;
  const known = closest(word, [
    ...nearWords(index.fuzzyWords, word, 2),
    ...nearWords(VOCABULARY_WORDS, word, 2),
    ...nearWords(STOP_WORD_MAP, word, 1),
  ]);
  // Only long words against everyday English: a short one is as likely a name ("gmail" is not "gail").
  if (known || word.length < EVERYDAY_MIN_LENGTH) return known ?? word;
  return (
    closest(
      word,
      everydayNeighbours(word).map((w): [string, [true, number]] => [w, [true, 1]]),
    ) ?? word
  );
}

/** The shortest clipped word read as the statements' whole one ("eval"); shorter ones start too many words. */
const CLIPPED_MIN_LENGTH = 3;
/** A clipped word is rare in everyday speech ("eval", "promo"; not "bus", which "business" starts too). */
const CLIPPED_MIN_RARITY = 0.9;

/**
 * The statements' word that a word no statement says is clipped from ("eval" of "evaluation", "promo" of
 * "promotional"), when every longer word of the statements it starts is one word in its forms ("evaluate",
 * "evaluations"); only words of everyday English count. Undefined when it starts none, or words of more than
 * one stem ("res" of "residence" and "research", "repo" of "repository" and "report").
 */
function clippedFrom(word: string, index: CorpusIndex): string | undefined {
  if (englishRarity(word) < CLIPPED_MIN_RARITY) return undefined;
  // "evals" is clipped from "evaluations".
  const clipped = word.length > 4 && word.endsWith("s") ? word.slice(0, -1) : word;
  let whole: string | undefined;
  for (const [w] of index.fuzzyWords.atPrefix(clipped)) {
    // A name the statements give ("Evaluora") is no word a clipping comes from.
    if (w.length < clipped.length + 2 || !isEnglishWord(w)) continue;
    if (whole !== undefined && stem(w) !== stem(whole)) return undefined;
    if (whole === undefined || w.length < whole.length) whole = w;
  }
  return whole;
}

/**
 * The words of `map` within `maxDistance` edits of `word` that start as it does, and the word with its first two
 * letters swapped ("rpivacy"): people rarely mistype the first letter, so a word that differs there is more likely
 * a name the statements do not use ("gmail" is not "email"). Searching only under the first letter is a fraction
 * of the work of searching the whole map.
 */
function nearWords(map: SearchableMap<true>, word: string, maxDistance: number): [string, [true, number]][] {
  const first = word[0]!;
  const near: [string, [true, number]][] = [];
  for (const [rest, found] of map.atPrefix(first).fuzzyGet(word.slice(1), maxDistance)) near.push([first + rest, found]);
  const swapped = word[1]! + first + word.slice(2);
  if (maxDistance >= 2 && swapped !== word && map.has(swapped)) near.push([swapped, [true, 2]]);
  return near;
}

/**
 * The nearest plausible correction among fuzzy matches that keep the first letter or swap it with the second
 * (nearWords, everydayNeighbours), or undefined.
 */
function closest(word: string, candidates: Iterable<[string, [true, number]]>): string | undefined {
  const letters = sortedLetters(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const [candidate, [, distance]] of candidates) {
    // Two edits only for long words, or when they are one swapped pair of letters ("cookeis").
    if (distance === 2 && word.length < 8 && sortedLetters(candidate) !== letters) continue;
    // Prefer the nearest; among equals, the one sharing the first letter, then the last ("coverd" is "covered",
    // a dropped letter, more likely than "cover").
    const d = distance + (candidate[0] === word[0] ? 0 : 0.5) + (candidate.at(-1) === word.at(-1) ? 0 : 0.25);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function sortedLetters(word: string): string {
  return [...word].sort().join("");
}
