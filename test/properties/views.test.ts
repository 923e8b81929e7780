import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTextMessage } from "../../src/blockkit/blocks.js";
import { escapeText } from "../../src/blockkit/mrkdwn.js";
import type { Statement } from "../../src/corpus/statement.js";
import type { Answer, Match } from "../../src/search/answer.js";
import { rateLimitedReply, tooLongReply } from "../../src/slack/texts.js";
import { type AnswerViewOptions, buildAnswerBlocks, buildEscalateBlocks } from "../../src/slack/views/answer.js";
import { buildHomeView } from "../../src/slack/views/home.js";
import { buildUsageBlocks } from "../../src/slack/views/usage.js";
import { allStrings, blockKitProblems, unescapedMarkup } from "./support/block-kit.js";
import { anyText, hostileText, isWellFormed, longText } from "./support/hostile-text.js";
import { MAX_MS_PER_CALL, RUNS, timed } from "./support/runs.js";

/** Text a statement might hold: usually ordinary, sometimes hostile, occasionally far longer than any section allows. */
const statementText = fc.oneof({ weight: 4, arbitrary: hostileText }, { weight: 1, arbitrary: longText(5000) });
const nonEmpty = (arb: fc.Arbitrary<string>) => arb.map((s) => (s.trim() === "" ? "x" : s));

const url: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.webUrl(),
  fc.tuple(fc.webUrl(), hostileText).map(([u, anchor]) => `${u}#${anchor}`),
  hostileText.map((t) => `https://huit.harvard.edu/${t}`),
  // Long but otherwise valid links.
  longText(4000).map((t) => `https://huit.harvard.edu/${t.replace(/[^A-Za-z0-9]/g, "-")}`),
);

const updated = fc.oneof(
  fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  hostileText,
);

const match: fc.Arbitrary<Match> = fc.record({
  statementId: hostileText,
  statement: nonEmpty(statementText),
  section: statementText,
  sectionSlug: hostileText,
  paragraphId: fc.oneof(hostileText, longText(3000)),
  text: nonEmpty(fc.oneof(statementText, longText(40_000))),
  url,
  updated,
  score: fc.double({ noNaN: true }),
});

const answer: fc.Arbitrary<Answer> = fc.record({
  question: anyText,
  decision: fc.constantFrom("answer" as const, "escalate" as const),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  matches: fc.array(match, { maxLength: 5 }),
  reasons: fc.constant({ terms: [], coverage: 0, margin: 0, signals: {}, rule: "generated" }),
});

const viewOptions: fc.Arbitrary<AnswerViewOptions> = fc.record(
  {
    questionRef: fc.oneof(
      fc.base64String({ maxLength: 64 }),
      hostileText.map((t) => t.slice(0, 64)),
    ),
    shareable: fc.boolean(),
    withoutActions: fc.boolean(),
    // Notes are already-escaped mrkdwn written by the app.
    note: hostileText.map(escapeText),
  },
  { requiredKeys: [] },
);

/** Checks a rendered message: within Slack's limits, no markup from the input, no pair of surrogates cut in half. */
function expectValid(message: { text: string; blocks: unknown[] }, inputs: unknown): void {
  const wellFormedInput = allStrings(inputs).every(isWellFormed);
  expect(blockKitProblems(message, { wellFormedInput })).toEqual([]);
  expect(unescapedMarkup(message)).toEqual([]);
}

describe("Block Kit rendering of any answer", () => {
  it("answer view: valid within Slack's limits, nothing from the text pings or links, in bounded time", () => {
    fc.assert(
      fc.property(answer, anyText, viewOptions, (a, question, options) => {
        const { value: message, ms } = timed(() => buildAnswerBlocks(a, question, options));
        expect(ms).toBeLessThan(MAX_MS_PER_CALL);
        expectValid(message, [a, question, options]);
      }),
      { numRuns: RUNS.answerView },
    );
  });

  it("escalate view: valid within Slack's limits, nothing from the text pings or links, in bounded time", () => {
    fc.assert(
      fc.property(answer, anyText, viewOptions, (a, question, options) => {
        const { value: message, ms } = timed(() => buildEscalateBlocks(a, question, options));
        expect(ms).toBeLessThan(MAX_MS_PER_CALL);
        expectValid(message, [a, question, options]);
      }),
      { numRuns: RUNS.escalateView },
    );
  });

  it("usage and plain replies: valid, escaped, in bounded time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostileText, longText(4000)), { maxLength: 12 }),
        nonEmpty(anyText),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (examples, plain, max, n) => {
          const { value: usage, ms } = timed(() => buildUsageBlocks(examples));
          expect(ms).toBeLessThan(MAX_MS_PER_CALL);
          expectValid(usage, examples);
          for (const message of [
            buildTextMessage(plain),
            buildTextMessage(tooLongReply(max, n)),
            buildTextMessage(rateLimitedReply(max, n)),
          ]) {
            expectValid(message, plain);
          }
        },
      ),
      { numRuns: RUNS.usageView },
    );
  });

  it("App Home: valid within 50 blocks and a 150-character header whatever the statements, in bounded time", () => {
    const statement: fc.Arbitrary<Statement> = fc.record({
      id: hostileText,
      file: hostileText,
      title: nonEmpty(statementText),
      url: fc.oneof(
        fc.webUrl({ validSchemes: ["https"] }),
        hostileText.map((t) => `https://huit.harvard.edu/${t}`),
      ),
      updated,
      sections: fc.array(fc.record({ heading: hostileText, slug: hostileText, paragraphs: fc.constant([]) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 60 }), fc.emailAddress(), (statements, email) => {
        const { value: view, ms } = timed(() => buildHomeView(statements, { ithelpEmail: email }));
        expect(ms).toBeLessThan(MAX_MS_PER_CALL);
        // A view has no fallback text; check its blocks the same way.
        expectValid({ text: "home", blocks: view.blocks }, statements);
      }),
      { numRuns: RUNS.homeView },
    );
  });
});
