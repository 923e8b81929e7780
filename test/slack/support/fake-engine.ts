import type { Statement } from "../../../src/corpus/statement.js";
import type { Answer, AnswerEngine, Match } from "../../../src/search/answer.js";

/** A two-section statement for unit tests. */
export const FAKE_STATEMENT: Statement = {
  id: "zoom",
  file: "zoom.md",
  title: "Zoom Privacy Statement",
  url: "https://huit.harvard.edu/privacy/zoom",
  updated: "2022-10-24",
  sections: [
    {
      heading: "Access to content",
      slug: "access-to-content",
      paragraphs: [
        {
          id: "zoom/access-to-content/1",
          statementId: "zoom",
          sectionSlug: "access-to-content",
          text: "Some Zoom conferences may be recorded.",
        },
      ],
    },
    {
      heading: "Cookies & related technologies",
      slug: "cookies",
      paragraphs: [
        { id: "zoom/cookies/1", statementId: "zoom", sectionSlug: "cookies", text: "Zoom uses cookies <and> similar technologies." },
      ],
    },
  ],
};

function match(sectionIndex: number, score: number): Match {
  const section = FAKE_STATEMENT.sections[sectionIndex]!;
  const paragraph = section.paragraphs[0]!;
  return {
    statementId: FAKE_STATEMENT.id,
    statement: FAKE_STATEMENT.title,
    section: section.heading,
    sectionSlug: section.slug,
    paragraphId: paragraph.id,
    text: paragraph.text,
    url: `${FAKE_STATEMENT.url}#${section.slug}`,
    updated: FAKE_STATEMENT.updated,
    score,
  };
}

/**
 * A predictable engine: questions mentioning "record" are answered with the recording paragraph, questions
 * mentioning "cookie" escalate with the cookie paragraph as the closest match, anything else escalates with none.
 */
export function createFakeEngine(): AnswerEngine & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    statements: [FAKE_STATEMENT],
    ask(question: string): Answer {
      asked.push(question);
      const reasons = { terms: [], coverage: 0, margin: 0, signals: {}, rule: "fake" };
      if (/record/i.test(question)) return { question, decision: "answer", confidence: 0.9, matches: [match(0, 3), match(1, 1)], reasons };
      if (/cookie/i.test(question)) return { question, decision: "escalate", confidence: 0.3, matches: [match(1, 1)], reasons };
      return { question, decision: "escalate", confidence: 0, matches: [], reasons };
    },
  };
}
