import type { Statement } from "../corpus/statement.js";
import { CONCEPT_LEXICON } from "./concepts.js";
import { ROUTING_DATA } from "./data.js";
import type { DefinedTerm } from "./defined-terms.js";
import { englishRarity, isEnglishWord } from "./rarity.js";
import { DATA_VERBS } from "./roles.js";
import { STOP_WORDS, stem, tokenizeNamesWhole } from "./text.js";

const ROUTING = ROUTING_DATA;
const GENERIC: ReadonlySet<string> = new Set(ROUTING.genericTitleWords.map(stem));
/** The one-word phrases of the privacy concepts ("tracker", "camera", "analytics"): privacy topics, not services. */
const CONCEPT_WORDS: ReadonlySet<string> = new Set(CONCEPT_LEXICON.flatMap((c) => c.phrases.filter((p) => !p.includes(" ")).map(stem)));

/** For each stem that names a service, the statements about that service. */
export type ServiceNames = ReadonlyMap<string, readonly string[]>;

/**
 * The words that name each statement's service, read from its title: "Ashford College Library Privacy Statement"
 * names the library, "Parking and License Plate Recognition" names parking, plates and recognition. A title word
 * names a service when no other title says it, it is not a word for a kind of document ("privacy", "FAQ"),
 * not a verb of handling information ("share") and not a one-word phrase of a privacy concept ("tracker",
 * "camera": data/concepts.json);
 * within a run of title words ("License Plate Recognition") the last word that may name one names it ("email" of "Alumni
 * Email Forwarding", whose "forwarding" is a verb of handling information), and the others do when most
 * paragraphs that say them are that statement's ("plate", not "license", which the library's licences say too) or
 * no paragraph says them ("EventDesk" of "Greybrook EventDesk Privacy FAQ", said only in its headings).
 * An acronym the statement defines for its title's words ("Accessibility Resource Center (the "ARC")") names the
 * service too. A product's name written as one word ("CedarSafe", "MyWellness") names it as written, not by the
 * words inside it: "is my data safe" is asked of every service. With one statement there is nothing to route between.
 *
 * `paragraphStems` gives, for each statement, the stems of each of its paragraphs; `defined`, the terms each
 * statement defines (see defined-terms.ts).
 */
export function serviceNames(
  statements: readonly Statement[],
  paragraphStems: ReadonlyMap<string, ReadonlyArray<ReadonlySet<string>>>,
  defined: ReadonlyMap<string, readonly DefinedTerm[]> = new Map(),
): ServiceNames {
  const names = new Map<string, string[]>();
  if (statements.length < 2) return names;
  const titleRuns = new Map(statements.map((s) => [s.id, titleRunsOf(s.title)]));
  const titlesSaying = new Map<string, number>();
  for (const runs of titleRuns.values()) for (const t of new Set(runs.flat())) titlesSaying.set(t, (titlesSaying.get(t) ?? 0) + 1);
  // Only title words are ever looked up: count the paragraphs saying each, per statement, in one pass.
  const titleWords = new Set([...titleRuns.values()].flat(2));
  const saying = new Map<string, Map<string, number>>();
  for (const [sid, list] of paragraphStems) {
    for (const p of list) {
      for (const t of p) {
        if (!titleWords.has(t)) continue;
        const counts = saying.get(t) ?? new Map<string, number>();
        counts.set(sid, (counts.get(sid) ?? 0) + 1);
        saying.set(t, counts);
      }
    }
  }
  const paragraphsSaying = (t: string, id?: string) => {
    const counts = saying.get(t);
    if (!counts) return 0;
    if (id !== undefined) return counts.get(id) ?? 0;
    let n = 0;
    for (const c of counts.values()) n += c;
    return n;
  };
  for (const s of statements) {
    const chosen = new Set<string>();
    for (const run of titleRuns.get(s.id)!) {
      // A verb of giving or receiving information ("share", "record") may be in a title, but names no service.
      // Nor does a word of a privacy concept ("Shuttle Tracker", "Campus Camera"): "are there ad trackers on the
      // streaming page" asks about cookies, not the shuttle. The last word that may name one is the run's head:
      // "email" of "Alumni Email Forwarding".
      const names = run.map((t) => !DATA_VERBS.has(t) && !CONCEPT_WORDS.has(t));
      const last = names.lastIndexOf(true);
      run.forEach((t, i) => {
        if (titlesSaying.get(t) !== 1 || !names[i]) return;
        const head = i === last;
        const all = paragraphsSaying(t);
        if (head || all === 0 || paragraphsSaying(t, s.id) / all >= ROUTING.minOwnShare) chosen.add(t);
      });
    }
    // An acronym the statement defines for the words of its own title ("the Accessibility Resource Center (the
    // "ARC")") names its service as those words do.
    const title = new Set(titleRuns.get(s.id)!.flat());
    for (const d of defined.get(s.id) ?? []) {
      const content = d.meaning.filter((w) => !STOP_WORDS.has(w)).map(stem);
      const term = d.term.map(stem).join(" ");
      if (
        d.acronym &&
        d.term.length === 1 &&
        content.length >= 2 &&
        content.every((w) => title.has(w) || GENERIC.has(w)) &&
        !titlesSaying.has(term)
      )
        chosen.add(term);
    }
    for (const t of chosen) names.set(t, [...(names.get(t) ?? []), s.id]);
  }
  return names;
}

/**
 * The names a statement's own text gives its systems, vendors and places: a word written with a capital letter
 * inside a sentence ("sign in to RecPass", "hosted by Movara Health", "flagged by Invigilo"), or starting one when
 * the statement never writes it in small letters ("Sona Systems Ltd. hosts …"), that no other
 * statement says at all, written so in two of its paragraphs or in the name of a term it defines ("the
 * TechLaunch job-posting platform (the "Platform")"). People ask with these names ("who runs the techlaunch
 * platform"). That such a word is no word of everyday English ("Invigilo", "RecPass", not "Google", "Accommodation"
 * or a defined term such as "the Platform") is checked when a question is routed (see routeQuestion), where that
 * table is loaded anyway.
 */
export function namesInText(
  statements: readonly Statement[],
  statementsSaying: ReadonlyMap<string, readonly string[]>,
  defined: ReadonlyMap<string, readonly DefinedTerm[]> = new Map(),
): ServiceNames {
  const names = new Map<string, string[]>();
  if (statements.length < 2) return names;
  for (const s of statements) {
    const nameWords = new Set((defined.get(s.id) ?? []).flatMap((d) => d.meaning.map(stem)));
    const paragraphsSaying = new Map<string, number>();
    const texts = s.sections.flatMap((section) => section.paragraphs.map((p) => p.text));
    // A word that starts a sentence names something too when the statement never writes it in small letters
    // ("Sona Systems Ltd. hosts …" and "… licensed from Sona Systems Ltd").
    const lower = new Set<string>();
    for (const text of texts) for (const m of text.matchAll(LOWER_CASE_WORD)) lower.add(m[0]);
    for (const text of texts) for (const t of capitalisedStems(text, lower)) paragraphsSaying.set(t, (paragraphsSaying.get(t) ?? 0) + 1);
    for (const [t, n] of paragraphsSaying) {
      const saying = statementsSaying.get(t) ?? [];
      if ((n >= 2 || nameWords.has(t)) && saying.length === 1 && saying[0] === s.id) names.set(t, [s.id]);
    }
  }
  return names;
}

/** The stems of the words a text writes with a capital inside a sentence, leaving out stop and document words. */
function capitalisedStems(text: string, writtenLower: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (const sentence of text.split(SENTENCE_END)) {
    const first = sentence.search(/\p{L}/u);
    for (const m of sentence.matchAll(CAPITALISED)) {
      const word = m[0].toLowerCase();
      if ((m.index === first && writtenLower.has(word)) || STOP_WORDS.has(word)) continue;
      const t = stem(word);
      if (!GENERIC.has(t)) found.add(t);
    }
  }
  return found;
}

/** Where a sentence ends, for telling a capital that starts one from a capital that names something. */
const SENTENCE_END = /(?<=[.!?:;])\s+|\n/;
/** A word written in small letters only. */
const LOWER_CASE_WORD = /(?<![\p{L}\p{N}])\p{Ll}[\p{Ll}\p{N}]*(?![\p{L}\p{N}])/gu;
/** A word written with a capital and at least one small letter: "RecPass", "Invigilo", not "HIPAA". */
const CAPITALISED = /\p{Lu}[\p{L}\p{N}]*\p{Ll}[\p{L}\p{N}]*/gu;

const TITLE_NAMES = new WeakMap<Statement, ReadonlySet<string>>();

/**
 * The stems of a statement's title that say which service and whose it is ("cedar", "hill", "cedarsaf", "app",
 * "camera" of "Cedar Hill University CedarSafe App and Campus Camera Privacy Statement"), not what kind of
 * document it is nor the words of campus life (data/routing.json).
 */
export function titleNames(statement: Statement): ReadonlySet<string> {
  let names = TITLE_NAMES.get(statement);
  if (!names) {
    names = new Set(titleRunsOf(statement.title).flat());
    TITLE_NAMES.set(statement, names);
  }
  return names;
}

/** A title as runs of content stems, split at "and", commas and the words for a kind of document. */
function titleRunsOf(title: string): string[][] {
  const runs: string[][] = [[]];
  for (const word of tokenizeNamesWhole(title.replace(/[,;:&/()–—-]/g, " and "))) {
    const s = stem(word);
    if (word === "and" || word === "or" || GENERIC.has(s) || STOP_WORDS.has(word)) {
      if (runs.at(-1)!.length > 0) runs.push([]);
      continue;
    }
    runs.at(-1)!.push(s);
  }
  return runs.filter((r) => r.length > 0);
}

/** What a question is routed by: the names read from the titles and from each statement's text. */
export interface Routes {
  services: ServiceNames;
  textNames: ServiceNames;
}

/** The statements a question names by their service, and the words of the question that name them. */
export interface Routing {
  statements: string[];
  /** The question's words, as typed, that named a statement's service ("recpass", "library"). */
  by: string[];
}

/**
 * The statements a question (its words, as typed and as stems) names by their service, or none when it names none
 * (then every statement counts).
 */
export function routeQuestion(words: readonly { word: string; stem: string }[], { services, textNames }: Routes): Routing {
  const routed = new Set<string>();
  const by: string[] = [];
  const name = (word: string, ids: readonly string[]) => {
    for (const id of ids) routed.add(id);
    if (!by.includes(word)) by.push(word);
  };
  for (const { word, stem: s } of words) {
    // A word of everyday speech that a product's name says ("well" of MyWellness, "ask" of an assistant named
    // "Ask …") names no service: "… with my employer as well". Read here, where the table of everyday English is
    // loaded for the question anyway, rather than when the index is built.
    const ids = services.get(s);
    if (ids && englishRarity(s) >= ROUTING.minEverydayRarity) name(word, ids);
    // A name from a statement's text is no everyday word ("Invigilo", not "Google").
    const named = textNames.get(s);
    if (named && !isEnglishWord(word)) name(word, named);
  }
  return { statements: [...routed].sort(), by };
}
