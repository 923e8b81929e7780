/** One item of a question set: `expect` lists paragraph keys; empty means the right outcome is to escalate. */
export interface EvalItem {
  q: string;
  expect: string[];
  /** The id of the statement the question is about (its file name without `.md`). */
  statement: string;
}

/** What the scorer reads of a response: the decision, its confidence and the paragraphs shown, best first. */
export interface ScoredResponse {
  decision: "answer" | "escalate";
  /** null when the responder has no confidence (the plain MiniSearch baseline). */
  confidence: number | null;
  matches: readonly { text: string }[];
}

/** Answers given at or above this confidence are "confident answers" (a confident wrong one is the worst outcome). */
export const CONFIDENT = 0.9;

/** How one question came out, measure by measure, as `../shared/eval/score.py` defines them. */
export interface ItemOutcome {
  q: string;
  statement: string;
  expect: string[];
  decision: "answer" | "escalate";
  confidence: number | null;
  /** The keys whose phrase the top match holds (one, for a single-paragraph answer). */
  topKeys: string[];
  /** The answer counts as right: an answerable question answered from an expected paragraph, or an unanswerable one escalated. */
  right: boolean;
  /** Answerable only: the top match is one paragraph and an expected one, whatever the decision. */
  rank1: boolean;
  /** Answerable only: an expected paragraph is among the three shown. */
  hit3: boolean;
  /** A right answer, an escalation that showed an expected paragraph among the three, or an unanswerable question escalated. */
  useful: boolean;
  /** Answered with confidence >= CONFIDENT. */
  confident: boolean;
}

/** The figures reported for a group of questions (score.py's summary line). */
export interface EvalReport {
  total: number;
  right: number;
  accuracy: number;
  answerable: number;
  /** Answerable questions answered right (score.py's "answerable top-1"). */
  top1: number;
  hit3: number;
  falseEscalations: number;
  /** Answerable questions whose top match holds exactly one key's phrase. */
  single: number;
  rank1: number;
  unanswerable: number;
  /** Unanswerable questions escalated. */
  escalated: number;
  /** Answers given with confidence >= CONFIDENT, answerable or not … */
  confident: number;
  /** … and how many of them are right. */
  confidentRight: number;
  useful: number;
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

/** Key phrases, normalised once for many questions. */
export type NormalizedKeys = ReadonlyMap<string, string>;

export function normalizeKeys(keyPhrases: Record<string, string>): NormalizedKeys {
  return new Map(Object.entries(keyPhrases).map(([k, v]) => [k, normalizeForScoring(v)]));
}

/**
 * Scores one response by the reference rule (`../shared/eval/score.py`): an answerable item is right when the
 * decision is `answer` and the top match holds the phrase of exactly one key, an expected one; an unanswerable item
 * is right when the decision is `escalate`.
 */
export function scoreItem(item: EvalItem, response: ScoredResponse, keys: NormalizedKeys): ItemOutcome {
  const texts = response.matches.slice(0, 3).map((m) => normalizeForScoring(m.text));
  const top = texts[0] ?? "";
  const topKeys = [...keys].filter(([, phrase]) => top.includes(phrase)).map(([k]) => k);
  const answered = response.decision === "answer";
  const confident = answered && (response.confidence ?? 0) >= CONFIDENT;
  const base = {
    q: item.q,
    statement: item.statement,
    expect: item.expect,
    decision: response.decision,
    confidence: response.confidence,
    topKeys,
    confident,
  };
  if (item.expect.length === 0) {
    const right = !answered;
    return { ...base, right, rank1: false, hit3: false, useful: right };
  }
  const rank1 = topKeys.length === 1 && item.expect.includes(topKeys[0]!);
  const hit3 = item.expect.some((k) => {
    const phrase = keys.get(k);
    return phrase !== undefined && texts.some((t) => t.includes(phrase));
  });
  const right = answered && rank1;
  return { ...base, right, rank1, hit3, useful: right || (!answered && hit3) };
}

/** Adds up outcomes into the summary figures. */
export function summarize(outcomes: readonly ItemOutcome[]): EvalReport {
  const r: EvalReport = {
    total: outcomes.length,
    right: 0,
    accuracy: 0,
    answerable: 0,
    top1: 0,
    hit3: 0,
    falseEscalations: 0,
    single: 0,
    rank1: 0,
    unanswerable: 0,
    escalated: 0,
    confident: 0,
    confidentRight: 0,
    useful: 0,
    misses: [],
  };
  for (const o of outcomes) {
    if (o.right) r.right++;
    if (o.useful) r.useful++;
    if (o.confident) {
      r.confident++;
      if (o.right) r.confidentRight++;
    }
    if (o.expect.length > 0) {
      r.answerable++;
      if (o.right) r.top1++;
      if (o.hit3) r.hit3++;
      if (o.rank1) r.rank1++;
      if (o.topKeys.length === 1) r.single++;
      if (o.decision === "escalate") r.falseEscalations++;
      if (!o.right)
        r.misses.push(
          `answerable ${JSON.stringify(o.q)} -> ${o.decision} ${o.confidence ?? "-"} top=[${o.topKeys.join(",")}] want=[${o.expect.join(",")}]`,
        );
    } else {
      r.unanswerable++;
      if (o.decision === "escalate") r.escalated++;
      else r.misses.push(`unanswerable ${JSON.stringify(o.q)} -> answer ${o.confidence ?? "-"} top=[${o.topKeys.join(",")}]`);
    }
  }
  r.accuracy = r.total === 0 ? 0 : r.right / r.total;
  return r;
}

/** Scores a whole set of responses (one per item, in order). */
export function scoreAnswers(
  items: readonly EvalItem[],
  responses: readonly ScoredResponse[],
  keyPhrases: Record<string, string>,
): EvalReport {
  const keys = normalizeKeys(keyPhrases);
  return summarize(items.map((item, i) => scoreItem(item, responses[i]!, keys)));
}
