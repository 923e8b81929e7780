import type { Answer } from "../search/answer.js";
import { type EvalReport, normalizeKeys, scoreItem, summarize } from "./score.js";
import type { LoadedSet } from "./sets.js";

/**
 * Ways people wrap the same question in a chat: each leaves what is asked as it is, so each should leave the
 * answer as it is. They are about the kind of wording, not about any question set: the question's first letter is
 * lowered where the wrapping goes before it.
 */
export interface Rewording {
  name: string;
  example: string;
  reword: (question: string) => string;
}

const lowered = (q: string) => q.charAt(0).toLowerCase() + q.slice(1);
const QUESTION_WORD = /^\W*(what|how|who|where|when|why|which)\b/i;
const AUXILIARY = /^(\W*(does|do|is|are|can|will|would|could|did|has|have)\s+\w+)/i;

/** The longest word of six letters or more with two middle letters swapped ("cookies" → "cooikes"); else as is. */
function swapLetters(q: string): string {
  const words = q.split(" ");
  let longest = -1;
  words.forEach((w, i) => {
    if (/^[a-z]{6,}$/i.test(w) && (longest < 0 || w.length > words[longest]!.length)) longest = i;
  });
  if (longest < 0) return q;
  const w = words[longest]!;
  const k = Math.floor(w.length / 2);
  words[longest] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  return words.join(" ");
}

export const REWORDINGS: readonly Rewording[] = [
  { name: "greeting", example: "hi! quick question: …", reword: (q) => `hi! quick question: ${q}` },
  { name: "thanks", example: "… thanks!", reword: (q) => `${q} thanks!` },
  { name: "lead-in", example: "I'm trying to figure out …", reword: (q) => `I'm trying to figure out ${lowered(q)}` },
  { name: "who asks, before", example: "As a staff member, …", reword: (q) => `As a staff member, ${lowered(q)}` },
  { name: "who asks, after", example: "… I'm a grad student.", reword: (q) => `${q} I'm a grad student.` },
  {
    name: "a story before",
    example: "My advisor asked me to set something up for next week. …",
    reword: (q) => `My advisor asked me to set something up for next week. ${q}`,
  },
  {
    name: "a second question after",
    example: "… Also, is the statement up to date?",
    reword: (q) => `${q} Also, is the statement up to date?`,
  },
  {
    name: "stress",
    example: "what exactly …, does it actually …",
    reword: (q) => (QUESTION_WORD.test(q) ? q.replace(/^(\W*\w+)/, "$1 exactly") : q.replace(AUXILIARY, "$1 actually")),
  },
  {
    name: "chat spelling",
    example: "u, r, wat",
    reword: (q) =>
      q
        .replace(/\byou\b/gi, "u")
        .replace(/\bare\b/gi, "r")
        .replace(/\bwhat\b/gi, "wat"),
  },
  {
    name: "for a group",
    example: "we, our, us",
    reword: (q) =>
      q
        .replace(/\bmy\b/gi, "our")
        .replace(/\bI\b/g, "we")
        .replace(/\bme\b/gi, "us"),
  },
  { name: "capitals", example: "DOES ZOOM …", reword: (q) => q.toUpperCase() },
  { name: "no punctuation", example: "whats covered", reword: (q) => q.replace(/[?.!,']/g, "") },
  { name: "swapped letters", example: "cooikes", reword: swapLetters },
];

/** How one rewording did: answers as asked plainly, and scored as the shipped decision scores them. */
export interface RewordingRow {
  name: string;
  example: string;
  /** Questions the rewording changed at all. */
  changed: number;
  /** Of those, how many got the same decision and the same best paragraph as asked plainly. */
  same: number;
  reworded: EvalReport;
}

/** The same decision and best paragraph. */
function alike(a: Answer, b: Answer): boolean {
  return a.decision === b.decision && a.matches[0]?.paragraphId === b.matches[0]?.paragraphId;
}

/**
 * Every question of every set asked plainly and then in each rewording, with the shipped decision: the first
 * row is the questions as written. A rewording that leaves a question unchanged counts it as the same.
 */
export function rewordingRows(sets: readonly LoadedSet[], rewordings: readonly Rewording[] = REWORDINGS): RewordingRow[] {
  const asked = sets.flatMap((s) => s.items.map((item) => ({ set: s, item, plain: s.engine.ask(item.q) })));
  const keysOf = new Map(sets.map((s) => [s.name, normalizeKeys(s.keys)]));
  const plain: RewordingRow = {
    name: "as written",
    example: "",
    changed: 0,
    same: 0,
    reworded: summarize(asked.map((a) => scoreItem(a.item, a.plain, keysOf.get(a.set.name)!))),
  };
  return [
    plain,
    ...rewordings.map((r) => {
      let changed = 0;
      let same = 0;
      const outcomes = asked.map((a) => {
        const q = r.reword(a.item.q);
        const answer = q === a.item.q ? a.plain : a.set.engine.ask(q);
        if (q !== a.item.q) {
          changed++;
          if (alike(answer, a.plain)) same++;
        }
        return scoreItem(a.item, answer, keysOf.get(a.set.name)!);
      });
      return { name: r.name, example: r.example, changed, same, reworded: summarize(outcomes) };
    }),
  ];
}

/** The rewordings table, as `npm run eval -- --rewordings` prints it. */
export function formatRewordingRows(rows: readonly RewordingRow[]): string {
  const frac = (a: number, b: number) => (b === 0 ? "–" : `${a}/${b} = ${(a / b).toFixed(2)}`);
  const lines = [
    "## The same questions reworded as people write in a chat (shipped decision, every set)",
    "",
    "A rewording changes how a question is wrapped, not what it asks: the same decision and best paragraph is the aim.",
    "",
    "| rewording | e.g. | same decision and best paragraph | accuracy | rank-1 | confident answers right |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const e = r.reworded;
    lines.push(
      `| ${r.name} | ${r.example} | ${r.changed === 0 ? "–" : frac(r.same, r.changed)} | ${e.accuracy.toFixed(3)} | ${e.rank1}/${e.answerable} | ${frac(e.confidentRight, e.confident)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
