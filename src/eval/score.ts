import type { Answer } from "../search/answer.js";

/** One item of a question set: `expect` lists paragraph keys; empty means the right outcome is to escalate. */
export interface EvalItem {
  q: string;
  expect: string[];
}

/** The figures `npm run eval` reports for one question set. */
export interface EvalReport {
  total: number;
  right: number;
  accuracy: number;
  answerable: number;
  top1: number;
  hit3: number;
  falseEscalations: number;
  unanswerable: number;
  escalated: number;
  misses: string[];
}

/** Folds quotes and white space the way the reference scorer does before comparing text. */
export function normalizeForScoring(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * The project's scoring rule (same as `../shared/eval/score.py`): an answerable item is right when the decision is
 * `answer` and the top match holds the phrase of exactly one key, an expected one; an unanswerable item is right
 * when the decision is `escalate`.
 */
export function scoreAnswers(items: readonly EvalItem[], answers: readonly Answer[], keyPhrases: Record<string, string>): EvalReport {
  const keys = Object.entries(keyPhrases).map(([k, v]) => [k, normalizeForScoring(v)] as const);
  const r: EvalReport = { total: items.length, right: 0, accuracy: 0, answerable: 0, top1: 0, hit3: 0, falseEscalations: 0, unanswerable: 0, escalated: 0, misses: [] };
  items.forEach((item, i) => {
    const a = answers[i]!;
    const texts = a.matches.slice(0, 3).map((m) => normalizeForScoring(m.text));
    if (item.expect.length > 0) {
      r.answerable++;
      const held = keys.filter(([, phrase]) => texts[0]?.includes(phrase)).map(([k]) => k);
      const right = a.decision === "answer" && held.length === 1 && item.expect.includes(held[0]!);
      if (right) r.top1++;
      if (item.expect.some((k) => texts.some((t) => t.includes(normalizeForScoring(keyPhrases[k] ?? "\u0000"))))) r.hit3++;
      if (a.decision === "escalate") r.falseEscalations++;
      if (right) r.right++;
      else r.misses.push(`answerable ${JSON.stringify(item.q)} -> ${a.decision} ${a.confidence} top=[${held.join(",")}] want=[${item.expect.join(",")}]`);
    } else {
      r.unanswerable++;
      if (a.decision === "escalate") {
        r.escalated++;
        r.right++;
      } else r.misses.push(`unanswerable ${JSON.stringify(item.q)} -> answer ${a.confidence} (${a.matches[0]?.section ?? ""})`);
    }
  });
  r.accuracy = r.total === 0 ? 0 : r.right / r.total;
  return r;
}
