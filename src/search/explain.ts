import type { Explanation } from "./answer.js";
import { covers } from "./decide.js";
import type { CorpusIndex } from "./index.js";
import type { Concept } from "./question.js";
import type { Asked, Ranked } from "./ranked.js";
import { analyze, tokenize } from "./text.js";

type WordMatch = Explanation["matches"][number]["words"][number];

/** Why the shown matches ranked as they did, word by word: built only when asked for. */
export function explainAnswer(input: {
  concepts: readonly Concept[];
  weights: readonly number[];
  corrections: readonly string[];
  asked: Asked;
  shown: readonly Ranked[];
  index: CorpusIndex;
  signals: Record<string, number>;
}): Explanation {
  const { concepts, weights, corrections, asked, shown, index, signals } = input;
  return {
    routing: { statements: [...asked.routing.statements], by: [...asked.routing.by] },
    corrections: [...corrections],
    asked: { answerTypes: [...asked.expected], recipients: [...asked.recipients] },
    signals: { ...signals },
    matches: shown.map((r) => {
      const p = index.paragraphs[r.doc]!;
      const writtenText = `${p.paragraph.text} ${p.paragraph.context ?? ""}`;
      const written = { words: new Set(tokenize(writtenText)), stems: new Set(analyze(writtenText)) };
      return {
        paragraphId: p.paragraph.id,
        score: Math.round(r.score * 1000) / 1000,
        parts: r.parts,
        words: concepts.map((c, i) => ({
          word: c.word,
          weight: Math.round((weights[i] ?? 0) * 1000) / 1000,
          ...howSaid(c, p.ownStems, p.stems, p.standsFor, written),
          ...(c.aside ? { aside: c.aside } : {}),
        })),
      };
    }),
  };
}

/** How a paragraph says one question word: the word itself, its lemma, an alternative (and whence), a term its
 * statement defined, or its heading. */
function howSaid(
  c: Concept,
  own: ReadonlySet<string>,
  all: ReadonlySet<string>,
  standsFor: ReadonlySet<string>,
  written: { words: ReadonlySet<string>; stems: ReadonlySet<string> },
): Pick<WordMatch, "matched" | "via"> {
  if (own.has(c.stem) && c.stem.startsWith("§")) return { matched: "concept", via: c.stem };
  if (own.has(c.stem)) {
    if (written.words.has(c.word)) return { matched: "own word" };
    return { matched: written.stems.has(c.stem) ? "lemma" : "phrasing" };
  }
  const k = c.alternatives.findIndex((phrase) => phrase.every((s) => own.has(s)));
  if (k >= 0) return { matched: c.sources[k] ?? "vocabulary", via: c.alternatives[k]!.join(" ") };
  if (covers(standsFor, c)) return { matched: "defined term" };
  if (covers(all, c)) return { matched: "heading" };
  return { matched: "none" };
}
