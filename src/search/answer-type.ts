import { ANSWER_TYPE_DATA as answerTypeData, anyOf } from "./data.js";

/**
 * Kinds of answer a question can ask for — a length of time, a place, a count, a phone number — and whether a
 * paragraph gives one (data: `data/answer-types.json`). A paragraph can share every word of "how long does
 * Harvard keep my IP logs?" and still not answer it, because it says nothing of how long.
 */
interface AnswerType {
  name: string;
  /** The type's question patterns as one (the data has no backreferences): a question is read once per type. */
  question: RegExp;
  evidence: RegExp[];
}

const TYPES: readonly AnswerType[] = answerTypeData.types.map((t) => ({
  name: t.name,
  question: anyOf(t.question, "i"),
  evidence: t.evidence.map((p) => new RegExp(p)),
}));

/**
 * Kinds of answer that only rank (`rankOnly`): evidence so common ("you can") that a paragraph giving it says
 * little about whether it answers, so the decision does not read it.
 */
export const RANK_ONLY_TYPES: ReadonlySet<string> = new Set(answerTypeData.types.filter((t) => t.rankOnly).map((t) => t.name));

/**
 * Kinds of answer that only decide (`decideOnly`): evidence that says little of which paragraph answers ("we will
 * notify you" closes paragraphs on many topics), but whose absence from the best one says it does not.
 */
export const DECIDE_ONLY_TYPES: ReadonlySet<string> = new Set(answerTypeData.types.filter((t) => t.decideOnly).map((t) => t.name));

/**
 * The kinds of answer a question asks for (usually none), read from the question as typed and, when given, as
 * its words read after typo correction ("when was this statment updated").
 */
export function expectedAnswerTypes(question: string, corrected?: string): string[] {
  const texts = [question.slice(0, 1_000).replace(/[\u2018\u2019]/g, "'"), ...(corrected === undefined ? [] : [corrected.slice(0, 1_000)])];
  return TYPES.filter((t) => texts.some((text) => t.question.test(text))).map((t) => t.name);
}

/**
 * The kinds of answer a paragraph gives: what its text says, and what a heading written as a question asks for
 * ("How long do we keep it?", "Who sees my recording?"), which the paragraphs under it answer.
 */
export function givenAnswerTypes(text: string, heading = ""): Set<string> {
  const asks = heading.trim().endsWith("?");
  return new Set(TYPES.filter((t) => t.evidence.some((p) => p.test(text)) || (asks && t.question.test(heading))).map((t) => t.name));
}
