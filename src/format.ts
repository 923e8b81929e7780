import { EXAMPLE_QUESTIONS } from "./desk/examples.js";
import type { QuestionOutcome } from "./desk/question.js";
import { GREETING_REPLY, THANKS_REPLY } from "./desk/small-talk-replies.js";
import type { Answer } from "./search/answer.js";

/** The text a terminal shows for one answer: the paragraph with its source, or the way to a person (`helpdesk`, from ITHELP_EMAIL). */
export function formatAnswerText(answer: Answer, helpdesk: string): string {
  const [best, ...rest] = answer.matches;
  if (answer.decision === "answer" && best) {
    return [
      `${best.statement} › ${best.section}`,
      "",
      indent(best.text),
      "",
      `Source: ${best.url ?? "(no link)"} (last updated ${best.updated})`,
      `Confidence: ${answer.confidence.toFixed(2)}`,
    ].join("\n");
  }
  const lines = [
    `The privacy statements don't seem to answer this. Ask the IT helpdesk: ${helpdesk}`,
    `Confidence: ${answer.confidence.toFixed(2)}`,
  ];
  const closest = [best, ...rest].filter((m) => m !== undefined);
  if (closest.length > 0) {
    lines.push("", "Closest paragraphs:");
    for (const m of closest) lines.push(`- ${m.statement} › ${m.section}: ${shorten(m.text, 160)}`);
  }
  return lines.join("\n");
}

/** What the console and `privacy-desk ask` print when asked for help ("help", "how do I use this?"). */
export const PLAIN_USAGE = [
  "Ask a question about a privacy statement in your own words; I answer with the paragraph that answers it and where it comes from.",
  "Try for example:",
  ...EXAMPLE_QUESTIONS.map((q) => `  - ${q}`),
].join("\n");

/** The text a terminal shows for what the desk decided: usage, or the answer (or the way to a person). */
export function formatReplyText(outcome: QuestionOutcome, helpdesk: string): string {
  switch (outcome.kind) {
    case "answer":
    case "escalate":
      return formatAnswerText(outcome.answer, helpdesk);
    case "greeting":
      return GREETING_REPLY;
    case "thanks":
      return THANKS_REPLY;
    default:
      // The console and the CLI have no rate limit, length limit or hand-off: usage is all that is left.
      return PLAIN_USAGE;
  }
}

/** The CLI's JSON contract: one object per question (see README, "Command line"). */
export function answerJson(answer: Answer) {
  return {
    question: answer.question,
    decision: answer.decision,
    confidence: answer.confidence,
    matches: answer.matches.map((m) => ({ statement: m.statement, section: m.section, text: m.text, url: m.url, score: m.score })),
  };
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
