import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_BUTTON_VALUE_CHARS } from "../../src/blockkit/mrkdwn.js";
import { createQuestionCarrier, MAX_CARRIED_CHARS } from "../../src/desk/carried-question.js";
import { encodeActionValue } from "../../src/slack/views/action-ids.js";
import { encodeConsentValue } from "../../src/slack/views/consent.js";
import { createFakeEngine } from "../slack/support/fake-engine.js";

const engine = createFakeEngine();

describe("a question carried by its buttons", () => {
  it("comes back with the paragraphs found and the confidence, in a process that never saw it", () => {
    const answer = engine.ask("is my meeting recorded?");
    const ref = createQuestionCarrier().carry("is my meeting recorded?", answer);
    const asksBefore = engine.asked.length;
    // Another carrier: another process, after a restart or on another replica.
    const back = createQuestionCarrier().read(ref, engine)!;
    expect(back).toMatchObject({ question: "is my meeting recorded?", cut: false });
    expect(back.answer).toMatchObject({ decision: "answer", confidence: 0.9, matches: answer.matches });
    expect(engine.asked.length).toBe(asksBefore);
  });

  it("gives each question its own id, so two askings of the same words are two consents", () => {
    const carrier = createQuestionCarrier();
    const answer = engine.ask("do you use cookies?");
    const a = carrier.read(carrier.carry("do you use cookies?", answer), engine)!;
    const b = carrier.read(carrier.carry("do you use cookies?", answer), engine)!;
    expect(a.questionId).not.toBe(b.questionId);
  });

  it("asks the engine again when a paragraph it names is no longer in the statements", () => {
    const answer = engine.ask("is my meeting recorded?");
    const ref = createQuestionCarrier().carry("is my meeting recorded?", {
      ...answer,
      matches: [{ ...answer.matches[0]!, paragraphId: "zoom/gone/9" }],
    });
    const asksBefore = engine.asked.length;
    expect(createQuestionCarrier().read(ref, engine)?.answer.matches[0]?.paragraphId).toBe("zoom/access-to-content/1");
    expect(engine.asked.length).toBe(asksBefore + 1);
  });

  it("reads nothing from a value it did not write", () => {
    const carrier = createQuestionCarrier();
    const b64 = (text: string) => `q1.${Buffer.from(text).toString("base64url")}`;
    for (const ref of ["", "r4nd0mRef123", "q1.", b64("id|2|a||question"), "q1z.!!!", b64("id|0.5|a||  "), b64("nothing")])
      expect(carrier.read(ref, engine)).toBeUndefined();
  });

  it("fits a 2,000-character question (the default limit) whole, deflated, in every button beside a full name", () => {
    const question =
      `is my meeting recorded? ${"I would like to know who can see the recording of my seminar and for how long. ".repeat(30)}`.slice(
        0,
        2000,
      );
    const carrier = createQuestionCarrier();
    const ref = carrier.carry(question, engine.ask(question));
    expect(ref.startsWith("q1z.")).toBe(true);
    expect(carrier.read(ref, engine)).toMatchObject({ question, cut: false });
    expect(encodeConsentValue({ q: ref, n: "N".repeat(80) }).length).toBeLessThanOrEqual(MAX_BUTTON_VALUE_CHARS);
  });

  /** A long question of awkward characters: it fits only cut, and deflates by different amounts as it is cut. */
  const atTheEdge = fc.property(
    fc.string({ minLength: 1500, maxLength: 6000, unit: fc.constantFrom("a", "word ", "é", "😀", "<@U1>", '"', "\n") }),
    (raw) => {
      const question = `record ${raw}`;
      // One id throughout, so a run found at random replays exactly from its seed (the id is deflated with the rest).
      const carrier = createQuestionCarrier({ newId: () => "AAAAAAAAAAAA" });
      const ref = carrier.carry(question, engine.ask(question));
      expect(ref.length).toBeLessThanOrEqual(MAX_CARRIED_CHARS);
      expect(encodeActionValue({ q: ref, p: "zoom/access-to-content/1" }).length).toBeLessThanOrEqual(MAX_BUTTON_VALUE_CHARS);
      expect(encodeConsentValue({ q: ref, n: '"'.repeat(80) }).length).toBeLessThanOrEqual(MAX_BUTTON_VALUE_CHARS);
      const back = carrier.read(ref, engine)!;
      if (back.cut) {
        expect(back.question.endsWith("…")).toBe(true);
        expect(question.startsWith(back.question.slice(0, -1).trimEnd())).toBe(true);
      } else expect(back.question).toBe(question);
    },
  );

  it("at the edge, cuts a question that will not fit even deflated, marks it with …, and stays within Slack's limits", () => {
    // Unshrunk on failure: shrinking thousands of characters would take longer than the run is allowed.
    fc.assert(atTheEdge, { numRuns: 15, endOnFailure: true });
  });

  it("stays within the limit when cutting a question makes it deflate longer", () => {
    // A question found at random where shorter cuts deflated longer: the carrier stopped cutting at 1,702
    // characters. Replayed from its seed (fast-check as locked in package-lock.json), without shrinking.
    fc.assert(atTheEdge, { seed: 703553524, path: "43", endOnFailure: true });
  });
});
