import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import type { Paragraph, Statement } from "../corpus/statement.js";
import { givenAnswerTypes } from "./answer-type.js";
import { conceptSpans } from "./concepts.js";
import { FRAMING_DATA as framing } from "./data.js";
import { type DefinedTerm, definedTerms, wordsSaidThrough } from "./defined-terms.js";
import { initialisms } from "./initialisms.js";
import { selfServiceOf } from "./intent.js";
import { type ParagraphRoles, paragraphRoles } from "./roles.js";
import { namesInText, type ServiceNames, serviceNames } from "./route.js";
import { analyze, rememberingStems, STOP_WORDS, stem, tokenize } from "./text.js";

const POINTER_PARAGRAPHS = framing.pointerParagraphs.map((p) => new RegExp(p, "i"));

/**
 * A paragraph with what ranking needs about it. Its stems are worked out at build time; its bigrams, roles,
 * answer types, pointing and self-service at build time too, unless the index is built `deferred` (then when first read, once).
 */
export interface IndexedParagraph {
  paragraph: Paragraph;
  statement: Statement;
  section: string;
  /** Content stems of the text, its heading, its list lead-in and its statement's title. */
  stems: ReadonlySet<string>;
  /** Content stems of the text and its list lead-in only: what the paragraph itself says. */
  ownStems: ReadonlySet<string>;
  /** Content stems the text says through a term its statement defined ("the Platform"; see defined-terms.ts). */
  standsFor: ReadonlySet<string>;
  /** Each `asked:` phrasing's content stems and concepts: a question said by one is answered here. */
  phrasings: ReadonlyArray<ReadonlySet<string>>;
  /** Adjacent content stems of the text, `a b`: a question's phrase said as a phrase ranks higher. */
  bigrams: ReadonlySet<string>;
  /** Stems of those the paragraph says receive information, and give it (see roles.ts). */
  roles: ParagraphRoles;
  /** The kinds of answer the paragraph gives: a length of time, a place, a count (see answer-type.ts). */
  answerTypes: ReadonlySet<string>;
  /** The paragraph only points elsewhere (see `data/framing.json`) or introduces a list whose items answer. */
  pointer: boolean;
  /** What the paragraph says the reader can do themselves, as stems (see intent.ts). */
  selfService: ReadonlyArray<readonly string[]>;
}

/** The searchable form of a corpus: MiniSearch over paragraphs plus the statistics the answer decision uses. */
export interface CorpusIndex {
  search: MiniSearch<IndexDocument>;
  paragraphs: IndexedParagraph[];
  /** Number of paragraphs each stem occurs in. */
  documentFrequency: ReadonlyMap<string, number>;
  /** For each kind of answer, the paragraphs that give it, in index order (see answer-type.ts). */
  givingAnswerType: ReadonlyMap<string, readonly number[]>;
  /** Every word of the corpus as written (lower case). */
  words: ReadonlySet<string>;
  /** The same words as a map that finds near spellings, for typo correction. */
  fuzzyWords: SearchableMap<true>;
  /** The stems that name a statement's service (see route.ts). */
  services: ServiceNames;
  /** The names each statement's text gives its systems, vendors and places (see route.ts). */
  textNames: ServiceNames;
  /** The statements' own aliases: a name people use (lower-case words) → the statement's terms for it, as stems. */
  aliases: ReadonlyMap<string, string[][]>;
  /**
   * Initials → the names the statements spell out for them, as stems (see initialisms.ts); a question's word is
   * read as one only when it is no everyday word, which is checked when a question is read.
   */
  initials: ReadonlyMap<string, string[][]>;
  /** The statements with at least one paragraph. */
  statementCount: number;
  /** For each stem, the ids of the statements that say it anywhere (text, headings, title, concepts). */
  statementsSaying: ReadonlyMap<string, readonly string[]>;
  /**
   * Every bigram some paragraph says: a question's phrase no paragraph says is not looked up in each candidate.
   * Absent when the index is built `deferred`, where it would take every paragraph's bigrams.
   */
  bigramsSaid?: ReadonlySet<string>;
}

interface IndexDocument {
  id: number;
  text: string;
  section: string;
  context: string;
  /** Concept tokens the text says (see concepts.ts). */
  concepts: string;
  /** The ways people ask what the paragraph answers (its `asked:` phrasings), never shown. */
  asked: string;
  /** Concept tokens the section heading says. */
  sectionConcepts: string;
}

/** The indexed fields, in the order MiniSearch scores them. */
export const INDEX_FIELDS = ["text", "section", "context", "concepts", "sectionConcepts", "asked"] as const;

/** Fields that hold concept tokens, already analysed. */
const CONCEPT_FIELDS: ReadonlySet<string> = new Set(["concepts", "sectionConcepts"]);

/** Options for createIndex. */
export interface IndexOptions {
  /**
   * Leave what only some questions read (each paragraph's bigrams, roles, answer types, self-service and whether it
   * points elsewhere, the paragraphs by answer type, the typo-correction map) to be worked out when first read: a one-off
   * question from the command line then pays for the little it touches. The results are the same; a long-running server builds it all upfront.
   */
  deferred?: boolean;
}

/** How MiniSearch reads the paragraphs' fields, and takes the engine's already analysed questions. */
function miniSearchOptions(tokensOf: (text: string) => string[]): Options<IndexDocument> {
  return {
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: (text: string, field?: string) => (field && CONCEPT_FIELDS.has(field) ? text.split(" ").filter(Boolean) : tokensOf(text)),
    processTerm: (word: string, field?: string) => (field && CONCEPT_FIELDS.has(field) ? word : STOP_WORDS.has(word) ? null : stem(word)),
    searchOptions: {
      // Questions arrive already analysed (see question.ts): terms are stems, one per query entry.
      tokenize: (text: string) => [text],
      processTerm: (term: string) => term,
      // Field boosts and BM25's parameters are the ranking's (data/ranking.json), given with each search.
      combineWith: "OR",
    },
  };
}

/** Builds the index over every paragraph of every statement. Sections without paragraphs contribute nothing. */
export function createIndex(statements: readonly Statement[], options: IndexOptions = {}): CorpusIndex {
  return rememberingStems(() => buildIndex(statements, options));
}

function buildIndex(statements: readonly Statement[], { deferred = false }: IndexOptions): CorpusIndex {
  // Headings, lead-ins and titles repeat for every paragraph under them, and MiniSearch reads each text again:
  // each distinct text is tokenized once.
  const tokensOf = memoize(tokenize);
  const search = new MiniSearch<IndexDocument>(miniSearchOptions(tokensOf));
  const paragraphs: IndexedParagraph[] = [];
  const documentFrequency = new Map<string, number>();
  const words = new Set<string>();
  const documents: IndexDocument[] = [];
  const definedByStatement = new Map<string, DefinedTerm[]>();

  const contentOf = (tokens: readonly string[]) => tokens.filter((w) => !STOP_WORDS.has(w)).map(stem);
  const headingConceptsOf = memoize((heading: string) => conceptSpansToTokens(tokensOf(heading)));
  for (const statement of statements) {
    const titleTokens = tokensOf(statement.title);
    const titleContent = contentOf(titleTokens);
    const defined = definedTerms(statement.sections.flatMap((sec) => sec.paragraphs.map((p) => p.text)));
    definedByStatement.set(statement.id, defined);
    for (const section of statement.sections) {
      const headingTokens = tokensOf(section.heading);
      const headingContent = contentOf(headingTokens);
      const headingConcepts = headingConceptsOf(section.heading);
      const headingAsks = section.heading.trim().endsWith("?");
      if (section.paragraphs.length > 0)
        for (const tokens of [headingTokens, titleTokens]) for (const w of tokens) if (!STOP_WORDS.has(w)) words.add(w);
      for (const paragraph of section.paragraphs) {
        const id = paragraphs.length;
        const textTokens = tokensOf(paragraph.text);
        const contextTokens = tokensOf(paragraph.context ?? "");
        const entities = entityStems(paragraph.text);
        const asked = (paragraph.asked ?? []).map(tokensOf);
        const textConcepts = conceptSpansToTokens([...contextTokens, ...textTokens]);
        const sequence = contentOf(textTokens);
        const askedSequences = asked.map(contentOf);
        const ownStems = new Set([...sequence, ...contentOf(contextTokens), ...entities, ...textConcepts]);
        // What the paragraph says through a term the statement defined ("the Platform"), as a heading's words count.
        const standsFor = new Set(contentOf(wordsSaidThrough(defined, textTokens)));
        const phrasings = askedSequences.map((seq, i) => new Set([...seq, ...conceptSpansToTokens(asked[i]!)]));
        // A heading written as a question ("Can IT read my mail?") is a way people ask what its paragraphs answer.
        if (headingAsks) phrasings.push(new Set([...headingContent, ...headingConcepts]));
        const stems = new Set([...ownStems, ...headingContent, ...titleContent, ...headingConcepts, ...standsFor]);
        for (const s of stems) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
        for (const tokens of [textTokens, contextTokens, ...asked]) for (const w of tokens) if (!STOP_WORDS.has(w)) words.add(w);
        const known = { paragraph, statement, section: section.heading, stems, ownStems, standsFor, phrasings };
        // Built upfront, a paragraph is a plain object of one shape, as fast to read as the engine's hot path needs.
        paragraphs.push(
          deferred
            ? deferredParagraph(known)
            : {
                paragraph,
                statement,
                section: section.heading,
                stems,
                ownStems,
                standsFor,
                phrasings,
                bigrams: bigramsOf(sequence),
                pointer: isPointer(paragraph),
                roles: rolesOf(paragraph),
                answerTypes: givenAnswerTypes(paragraph.text, section.heading),
                selfService: selfServiceOf(paragraph.text),
              },
        );
        documents.push({
          id,
          text: paragraph.text,
          section: section.heading,
          context: paragraph.context ?? "",
          concepts: textConcepts.join(" "),
          sectionConcepts: headingConcepts.join(" "),
          asked: (paragraph.asked ?? []).join(" | "),
        });
      }
    }
  }
  search.addAll(documents);
  const byStatement = new Map<string, Array<ReadonlySet<string>>>();
  const statementStems = new Map<string, Set<string>>();
  for (const p of paragraphs) {
    append(byStatement, p.statement.id, p.ownStems);
    const said = statementStems.get(p.statement.id) ?? new Set<string>();
    for (const s of p.stems) said.add(s);
    statementStems.set(p.statement.id, said);
  }
  const statementsSaying = new Map<string, string[]>();
  for (const [id, said] of statementStems) for (const s of said) append(statementsSaying, s, id);
  const common = {
    search,
    paragraphs,
    documentFrequency,
    words,
    services: serviceNames(statements, byStatement, definedByStatement),
    textNames: namesInText(statements, statementsSaying, definedByStatement),
    aliases: aliasesOf(statements),
    initials: new Map([...initialisms(statements, words)].map(([key, names]) => [key, names.map(analyze)])),
    statementCount: statementStems.size,
    statementsSaying,
  };
  if (!deferred) {
    const bigramsSaid = new Set<string>();
    for (const p of paragraphs) for (const b of p.bigrams) bigramsSaid.add(b);
    return { ...common, givingAnswerType: byAnswerType(paragraphs), fuzzyWords: fuzzyMapOf(words), bigramsSaid };
  }
  return deferredIndex(common);
}

/** The version of `indexToJSON`'s form: an index written in another is built afresh. */
const JSON_FORM = 2;

/**
 * A deferred index in a form JSON keeps, to be read back by `indexFromJSON` for the same statements: building
 * the index is most of what `ask` spends on a large corpus once the statements are parsed, and reading it back
 * takes a fraction of that (see cached-index.ts).
 */
export function indexToJSON(index: CorpusIndex): string {
  return JSON.stringify({
    form: JSON_FORM,
    search: index.search,
    paragraphs: index.paragraphs.map((p) => [[...p.stems], [...p.ownStems], [...p.standsFor], p.phrasings.map((x) => [...x])]),
    documentFrequency: [...index.documentFrequency],
    words: [...index.words],
    services: [...index.services],
    textNames: [...index.textNames],
    aliases: [...index.aliases],
    initials: [...index.initials],
    statementCount: index.statementCount,
    statementsSaying: [...index.statementsSaying],
  });
}

/** The stored form `indexToJSON` writes. Only `form` and the paragraph count are checked: the file is our own. */
interface IndexJson {
  form: number;
  search: unknown;
  paragraphs: Array<[string[], string[], string[], string[][]]>;
  documentFrequency: Array<[string, number]>;
  words: string[];
  services: Array<[string, string[]]>;
  textNames: Array<[string, string[]]>;
  aliases: Array<[string, string[][]]>;
  initials: Array<[string, string[][]]>;
  statementCount: number;
  statementsSaying: Array<[string, string[]]>;
}

/**
 * The deferred index of `statements` that `indexToJSON` wrote, or undefined when the text is not one, or was
 * written for other statements or by another version of its form: then the index is built as usual.
 */
export function indexFromJSON(statements: readonly Statement[], text: string): CorpusIndex | undefined {
  let stored: IndexJson;
  try {
    stored = JSON.parse(text) as IndexJson;
  } catch {
    return undefined;
  }
  const places = statements.flatMap((statement) =>
    statement.sections.flatMap((section) => section.paragraphs.map((paragraph) => ({ statement, section: section.heading, paragraph }))),
  );
  if (stored?.form !== JSON_FORM || !Array.isArray(stored.paragraphs) || stored.paragraphs.length !== places.length) return undefined;
  const tokensOf = memoize(tokenize);
  const search = MiniSearch.loadJS<IndexDocument>(stored.search as AsPlainObject, miniSearchOptions(tokensOf));
  const paragraphs = places.map((place, i) => {
    const [stems, ownStems, standsFor, phrasings] = stored.paragraphs[i]!;
    return deferredParagraph({
      ...place,
      stems: new Set(stems),
      ownStems: new Set(ownStems),
      standsFor: new Set(standsFor),
      phrasings: phrasings.map((p) => new Set(p)),
    });
  });
  return deferredIndex({
    search,
    paragraphs,
    documentFrequency: new Map(stored.documentFrequency),
    words: new Set(stored.words),
    services: new Map(stored.services),
    textNames: new Map(stored.textNames),
    aliases: new Map(stored.aliases),
    initials: new Map(stored.initials),
    statementCount: stored.statementCount,
    statementsSaying: new Map(stored.statementsSaying),
  });
}

/** What an index is before the parts a deferred index works out when first read. */
type IndexCommon = Omit<CorpusIndex, "givingAnswerType" | "fuzzyWords" | "bigramsSaid">;

/** An index whose paragraphs by answer type and typo-correction map are worked out when first read, once. */
function deferredIndex(common: IndexCommon): CorpusIndex {
  const { paragraphs, words } = common;
  let givingAnswerType: Map<string, number[]> | undefined;
  let fuzzyWords: SearchableMap<true> | undefined;
  return {
    ...common,
    get givingAnswerType() {
      givingAnswerType ??= byAnswerType(paragraphs);
      return givingAnswerType;
    },
    get fuzzyWords() {
      fuzzyWords ??= fuzzyMapOf(words);
      return fuzzyWords;
    },
  };
}

/** What an indexed paragraph is that only some questions read. */
type WorkedOut = Pick<IndexedParagraph, "bigrams" | "pointer" | "roles" | "answerTypes" | "selfService">;

/** An indexed paragraph whose bigrams, roles, answer types, pointing and self-service are worked out when first read, once. */
function deferredParagraph(known: Omit<IndexedParagraph, keyof WorkedOut>): IndexedParagraph {
  let bigrams: ReadonlySet<string> | undefined;
  let pointer: boolean | undefined;
  let roles: ParagraphRoles | undefined;
  let answerTypes: ReadonlySet<string> | undefined;
  let selfService: ReadonlyArray<readonly string[]> | undefined;
  return {
    ...known,
    get bigrams() {
      bigrams ??= bigramsOf(analyze(known.paragraph.text));
      return bigrams;
    },
    get pointer() {
      pointer ??= isPointer(known.paragraph);
      return pointer;
    },
    get roles() {
      roles ??= rolesOf(known.paragraph);
      return roles;
    },
    get answerTypes() {
      answerTypes ??= givenAnswerTypes(known.paragraph.text, known.section);
      return answerTypes;
    },
    get selfService() {
      selfService ??= selfServiceOf(known.paragraph.text);
      return selfService;
    },
  };
}

/** Adjacent content stems of a text (its `sequence` of them), `a b`. */
function bigramsOf(sequence: readonly string[]): ReadonlySet<string> {
  return new Set(sequence.slice(1).map((s, i) => `${sequence[i]} ${s}`));
}

/** The paragraph only points elsewhere, or introduces a list whose items answer. */
function isPointer(paragraph: Paragraph): boolean {
  return paragraph.introducesList === true || POINTER_PARAGRAPHS.some((p) => p.test(paragraph.text));
}

function rolesOf({ text, context }: Paragraph): ParagraphRoles {
  return paragraphRoles(context ? `${context}. ${text}` : text);
}

/** The corpus's words in a map that finds near spellings, in the order the corpus says them first. */
function fuzzyMapOf(words: ReadonlySet<string>): SearchableMap<true> {
  const map = new SearchableMap<true>();
  for (const w of words) map.set(w, true);
  return map;
}

/** For each kind of answer, the paragraphs that give it, in index order. */
function byAnswerType(paragraphs: readonly IndexedParagraph[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  paragraphs.forEach((p, id) => {
    for (const t of p.answerTypes) append(out, t, id);
  });
  return out;
}

/** Adds a value to the list a map keeps under a key, starting the list if there is none. */
function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A function's results, kept per argument for the life of the returned function. */
function memoize<T>(fn: (text: string) => T): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    let v = kept.get(text);
    if (v === undefined) {
      v = fn(text);
      kept.set(text, v);
    }
    return v;
  };
}

/** The concept tokens said in a run of words, once each. */
function conceptSpansToTokens(words: readonly string[]): string[] {
  return [...new Set(conceptSpans(words).map((s) => s.token))];
}

/** Each statement's aliases (front matter): a question that says "Harvard ID" is matched to paragraphs saying "HUID". */
function aliasesOf(statements: readonly Statement[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const add = (from: string, to: string) => {
    const key = tokenize(from).join(" ");
    const stems = analyze(to);
    if (!key || stems.length === 0) return;
    const list = out.get(key) ?? [];
    if (!list.some((p) => p.join(" ") === stems.join(" "))) list.push(stems);
    out.set(key, list);
  };
  for (const s of statements) {
    for (const [term, names] of Object.entries(s.aliases ?? {})) for (const name of names) add(name, term);
  }
  return out;
}

/** A paragraph that gives an email address says "email", though not in that word ("contact ithelp@harvard.edu"). */
function entityStems(text: string): string[] {
  return text.includes("@") && /[\w.+-]+@[\w-]+\.[\w.-]+/.test(text) ? analyze("email") : [];
}
