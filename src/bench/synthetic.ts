import { parseStatement } from "../corpus/parse.js";
import type { Statement } from "../corpus/statement.js";

/** One statement file of a synthetic corpus, as the privacy office would write it. */
export interface SyntheticFile {
  id: string;
  file: string;
  markdown: string;
}

/** Shape of a synthetic corpus; the defaults give 100 statements of 30 answerable units each (3,000 in all). */
export interface SyntheticOptions {
  seed?: number;
  statements?: number;
  unitsPerStatement?: number;
  /** How many made-up words dilute the privacy vocabulary, so the index holds a realistic number of terms. */
  fillerWords?: number;
}

export const SYNTHETIC_DEFAULTS = { seed: 20221024, statements: 100, unitsPerStatement: 30, fillerWords: 4_000 } as const;

/** mulberry32: a tiny seeded PRNG, so a seed always gives the same corpus on every machine and Node version. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words real privacy statements use, so the project's questions find candidates in the synthetic corpus too.
const PRIVACY_WORDS = (
  "personal information data access use share disclose collect collected store stored retain retention delete " +
  "deletion Harvard University HUIT Zoom Canvas application service account user users student staff faculty " +
  "researcher email address name HUID IP addresses log files browser browsers cookies tracking advertising ads " +
  "analytics third parties vendor vendors provider contract agreement law legal process subpoena governmental " +
  "request requests police court order comply policy policies statement privacy security safeguards encryption " +
  "recording recorded recordings transcript transcripts meeting meetings chat messages content cloud server " +
  "servers location country transfer transferred consent opt rights correct correction update updated contact " +
  "questions complaint office affiliation status identifiers device devices usage metadata monitor monitoring " +
  "investigation misconduct emergency safety health audit backup archive sold sell marketing profile profiles " +
  "children minors GDPR FERPA records educational grades course courses instructor enrollment notification " +
  "breach incident protect protection anonymous aggregate statistics purpose purposes lawful basis obtain view see"
).split(" ");

// Glue that makes sentences read like sentences; most of it is stop words, as in real text.
const FUNCTION_WORDS = (
  "the a an of to and or in on for with by from about may can will is are be been as that which this these " +
  "those when where if not any all some such other its their your our we you it"
).split(" ");

const SYLLABLES = (
  "ka lo mi ren tas vel dor pin qua ser tum bri cal dex fon gar hel jin kor lum mar nis orp pel ros sul tev " +
  "ul vin wex yor zan ber cot dru fal gim hob ist jul ket lan mop nor"
).split(" ");

/** Deterministic made-up words ("kalomi", "renvel"): vocabulary no question will match. */
function fillerVocabulary(random: () => number, count: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += pick(random, SYLLABLES);
    words.add(w);
  }
  return [...words];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** Skewed towards the start of the list, so a few words are common and most are rare, as in real text. */
function pickSkewed<T>(random: () => number, list: readonly T[]): T {
  const r = random();
  return list[Math.floor(r * r * list.length)]!;
}

interface Vocabulary {
  privacy: readonly string[];
  filler: readonly string[];
}

function word(random: () => number, v: Vocabulary): string {
  const r = random();
  if (r < 0.35) return pick(random, FUNCTION_WORDS);
  if (r < 0.65) return pickSkewed(random, v.privacy);
  return pickSkewed(random, v.filler);
}

function sentence(random: () => number, v: Vocabulary): string {
  const length = 8 + Math.floor(random() * 14);
  const words = Array.from({ length }, () => word(random, v));
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(" ")}.`;
}

function paragraph(random: () => number, v: Vocabulary): string {
  const sentences = 1 + Math.floor(random() * 3);
  return Array.from({ length: sentences }, () => sentence(random, v)).join(" ");
}

function heading(random: () => number, v: Vocabulary): string {
  const length = 1 + Math.floor(random() * 3);
  const words = Array.from({ length }, () => (random() < 0.7 ? pick(random, v.privacy) : pick(random, v.filler)));
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

/** Splits `total` units into sections of 2–9 units. */
function sectionSizes(random: () => number, total: number): number[] {
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    const size = Math.min(left, 2 + Math.floor(random() * 8));
    sizes.push(left - size === 1 ? size + 1 : size);
    left -= sizes[sizes.length - 1]!;
  }
  return sizes;
}

/**
 * Writes one statement: front matter, a `#` title, then `##` sections whose answerable units are paragraphs or
 * a lead-in paragraph followed by a bullet list (every item is a unit of its own, as the parser counts them).
 */
function statementMarkdown(random: () => number, v: Vocabulary, n: number, units: number): string {
  const title = `${heading(random, v)} Privacy Statement ${n}`;
  const day = String(1 + (n % 28)).padStart(2, "0");
  const lines = [
    "---",
    `title: ${title}`,
    `url: https://privacy.example.edu/statements/synthetic-${n}`,
    `updated: 2023-${String(1 + (n % 12)).padStart(2, "0")}-${day}`,
    "contact: ithelp@example.edu",
    "---",
    "",
    `# ${title}`,
    "",
  ];
  for (const size of sectionSizes(random, units)) {
    lines.push(`## ${heading(random, v)}`, "");
    let left = size;
    while (left > 0) {
      if (left >= 3 && random() < 0.25) {
        const items = Math.min(left - 1, 2 + Math.floor(random() * 4));
        lines.push(`${sentence(random, v).slice(0, -1)}:`, "");
        for (let i = 0; i < items; i++) lines.push(`- ${sentence(random, v)}`);
        lines.push("");
        left -= items + 1;
      } else {
        lines.push(paragraph(random, v), "");
        left -= 1;
      }
    }
  }
  return lines.join("\n");
}

/** Generates the Markdown files of a synthetic corpus in memory; the same options always give the same text. */
export function syntheticCorpusFiles(options: SyntheticOptions = {}): SyntheticFile[] {
  const { seed, statements, unitsPerStatement, fillerWords } = { ...SYNTHETIC_DEFAULTS, ...options };
  const random = mulberry32(seed);
  const vocabulary: Vocabulary = { privacy: PRIVACY_WORDS, filler: fillerVocabulary(random, fillerWords) };
  return Array.from({ length: statements }, (_, i) => {
    const n = i + 1;
    const id = `synthetic-${String(n).padStart(3, "0")}`;
    return { id, file: `${id}.md`, markdown: statementMarkdown(random, vocabulary, n, unitsPerStatement) };
  });
}

/** Parses a synthetic corpus through the same parser the real corpus goes through. */
export function syntheticCorpus(options: SyntheticOptions = {}): Statement[] {
  return syntheticCorpusFiles(options).map((f) => parseStatement(f.markdown, f.file, f.id));
}

/** Number of answerable units (paragraphs and list items) of a corpus. */
export function countParagraphs(statements: readonly Statement[]): number {
  return statements.reduce((n, s) => n + s.sections.reduce((m, sec) => m + sec.paragraphs.length, 0), 0);
}
