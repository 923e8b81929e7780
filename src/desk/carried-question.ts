import { randomFillSync } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Statement } from "../corpus/statement.js";
import type { Answer, AnswerEngine, Match } from "../search/answer.js";

/**
 * A question travels with its buttons: the reference a button carries holds the question, the paragraphs found
 * (ids and scores) and the confidence, so any process — after a restart, or another replica — can finish every
 * step, and the server keeps no question in memory at all.
 */
export interface QuestionCarrier {
  /** The reference for a question and the answer it got; it fits a button's value beside the rest it carries. */
  carry(question: string, answer: Answer): string;
  /** The question behind a reference, with its answer rebuilt from the statements; undefined when unreadable. */
  read(ref: string, engine: AnswerEngine): CarriedQuestion | undefined;
}

/** What a reference gives back. */
export interface CarriedQuestion {
  /** Random, made when the question was answered: one escalation per person and question, however often Send arrives. */
  questionId: string;
  question: string;
  answer: Answer;
  /** The question was longer than a button can carry and was cut (ending in "…"); the consent step shows it so. */
  cut: boolean;
}

/**
 * Room for the reference in a button's value (Slack allows 2,000 characters). The rest of the value (the paragraph shown, the display name on the consent step, at most
 * 80 characters) needs under 300.
 */
export const MAX_CARRIED_CHARS = 1_700;

const PLAIN = "q1";
const DEFLATED = "q1z";
const CUT_MARK = "…";

/** Options of the carrier; both injected for tests. */
export interface QuestionCarrierOptions {
  newId?: () => string;
  maxChars?: number;
}

/** Creates the carrier. */
export function createQuestionCarrier(options: QuestionCarrierOptions = {}): QuestionCarrier {
  const newId = options.newId ?? createRandomRefs();
  const max = options.maxChars ?? MAX_CARRIED_CHARS;
  return {
    carry: (question, answer) => encode(newId(), question, answer, max),
    read: (ref, engine) => decode(ref, engine),
  };
}

function header(id: string, answer: Answer): string {
  const matches = answer.matches
    .slice(0, 3)
    .map((m) => `${m.paragraphId}~${Math.round(m.score * 1000) / 1000}`)
    .join(",");
  const confidence = Math.round(answer.confidence * 1000) / 1000;
  return `${id}|${confidence}|${answer.decision === "answer" ? "a" : "e"}|${matches}`;
}

/**
 * `<id>|<confidence>|<a|e>|<paragraph~score,…>|<question>`, base64url-encoded (`q1.…`), or, when that does not
 * fit, deflated first (`q1z.…`): nothing in it needs escaping in JSON, and no markup in the question can ping
 * anyone from a payload. A question too long even so is cut to fit, at a word where it can, and marked with "…".
 */
function encode(id: string, question: string, answer: Answer, max: number): string {
  const best = (q: string): string => {
    const body = Buffer.from(`${header(id, answer)}|${q}`, "utf8");
    const plain = `${PLAIN}.${body.toString("base64url")}`;
    // Deflating costs more than the rest of a reply's buttons together: only for a question that needs it.
    if (plain.length <= max) return plain;
    const deflated = `${DEFLATED}.${deflateRawSync(body).toString("base64url")}`;
    return deflated.length < plain.length ? deflated : plain;
  };
  const whole = best(question);
  if (whole.length <= max) return whole;
  // Too long even deflated: cut the question until it fits. Shrinking by half the overshoot keeps this to a few
  // tries, but deflating is not monotonic (a shorter text can deflate longer), so after a few tries each cut takes
  // a tenth more; a question cut to nothing ("…") always fits.
  let keep = question.length;
  let carried = whole;
  for (let tries = 0; keep > 0 && carried.length > max; tries++) {
    const overshoot = Math.ceil((carried.length - max) / 2);
    keep = Math.max(0, keep - Math.max(1, overshoot, tries >= 10 ? Math.ceil(keep / 10) : 0));
    carried = best(cutAt(question, keep));
  }
  return carried;
}

function cutAt(question: string, chars: number): string {
  if (chars >= question.length) return question;
  // Never between the two halves of a character outside the Basic Multilingual Plane (an emoji).
  const end = /[\uD800-\uDBFF]/.test(question[chars - 1] ?? "") ? chars - 1 : chars;
  const cut = question.slice(0, end);
  const space = cut.lastIndexOf(" ");
  return `${(space > chars * 0.8 ? cut.slice(0, space) : cut).trimEnd()}${CUT_MARK}`;
}

function decode(ref: string, engine: AnswerEngine): CarriedQuestion | undefined {
  let body: string;
  if (ref.startsWith(`${PLAIN}.`)) body = Buffer.from(ref.slice(PLAIN.length + 1), "base64url").toString("utf8");
  else if (ref.startsWith(`${DEFLATED}.`)) {
    try {
      body = inflateRawSync(Buffer.from(ref.slice(DEFLATED.length + 1), "base64url")).toString("utf8");
    } catch {
      return undefined;
    }
  } else return undefined;
  const parts = body.split("|");
  if (parts.length < 5) return undefined;
  const [questionId, confidenceText, decisionText, matchesText] = parts as [string, string, string, string];
  const question = parts.slice(4).join("|");
  const confidence = Number(confidenceText);
  if (!questionId || question.trim() === "" || !(confidence >= 0 && confidence <= 1)) return undefined;
  const found =
    matchesText === ""
      ? []
      : matchesText.split(",").map((m) => {
          const at = m.lastIndexOf("~");
          return { paragraphId: m.slice(0, at), score: Number(m.slice(at + 1)) };
        });
  const matches = found.map((m) => matchFor(engine.statements, m.paragraphId, m.score));
  const cut = question.endsWith(CUT_MARK);
  // A paragraph no longer in the statements (they were reloaded meanwhile): the engine is asked again.
  if (matches.some((m) => m === undefined)) return { questionId, question, answer: engine.ask(question), cut };
  const answer: Answer = {
    question,
    decision: decisionText === "a" ? "answer" : "escalate",
    confidence,
    matches: matches as Match[],
    reasons: { terms: [], coverage: 0, margin: 0, signals: {}, rule: "carried with the question" },
  };
  return { questionId, question, answer, cut };
}

/** The match for a paragraph id, as the engine would give it, or undefined when no statement has it. */
function matchFor(statements: readonly Statement[], paragraphId: string, score: number): Match | undefined {
  const statement = statements.find((s) => paragraphId.startsWith(`${s.id}/`));
  if (!statement) return undefined;
  for (const section of statement.sections)
    for (const p of section.paragraphs)
      if (p.id === paragraphId)
        return {
          statementId: statement.id,
          statement: statement.title,
          section: section.heading,
          sectionSlug: p.sectionSlug,
          paragraphId: p.id,
          text: p.text,
          url: statement.url ? (p.sectionSlug ? `${statement.url}#${p.sectionSlug}` : statement.url) : null,
          updated: statement.updated,
          score: Number.isFinite(score) ? score : 0,
        };
  return undefined;
}

/**
 * Unguessable ids (9 random bytes, 12 characters): drawn from a pool of random bytes refilled when used up, so a
 * question costs a slice of the pool rather than a call into the system's random source.
 */
export function createRandomRefs(bytes = 9, perRefill = 256): () => string {
  const pool = Buffer.alloc(bytes * perRefill);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const ref = pool.toString("base64url", offset, offset + bytes);
    offset += bytes;
    return ref;
  };
}
