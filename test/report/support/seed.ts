import { fileURLToPath } from "node:url";
import { loadCorpus } from "../../../src/corpus/load.js";
import type { Statement } from "../../../src/corpus/statement.js";
import { matchesOf } from "../../../src/desk/handoff.js";
import type { EscalationStore } from "../../../src/escalation/store/types.js";
import { createEngine } from "../../../src/search/engine.js";

/** The statements shipped in corpus/. */
export const CORPUS_DIR = fileURLToPath(new URL("../../../corpus", import.meta.url));

const DAY = 86_400_000;

/** A few weeks of a privacy desk's life in a store: questions counted, feedback pressed, escalations sent and resolved. */
export interface Seeded {
  statements: Statement[];
  /** The references of the escalations, in the order they were made. */
  references: string[];
  /** A question and the paragraph (index) the helpdesk said answered it. */
  answeredQuestion: string;
}

/**
 * Fills a store through its interfaces, on a clock the caller moves: `clock.set(ms)` before each write. Days are
 * counted back from `today` (a UTC midnight).
 */
export async function seedStore(store: EscalationStore, clock: { set(ms: number): void }, today: number): Promise<Seeded> {
  const statements = loadCorpus(CORPUS_DIR);
  const engine = createEngine(statements);
  const zoom = statements[0]!;
  const section = (slug: string) => zoom.sections.find((s) => s.slug === slug)!;
  // Day offsets (days before today) and what was asked where.
  const plan: Array<[number, string, number, number]> = [
    [0, "sharing-of-information", 3, 1],
    [0, "cookies-and-related-technologies", 1, 2],
    [2, "sharing-of-information", 4, 0],
    [5, "access-to-content", 2, 1],
    [9, "information-gathering", 5, 0],
    [40, "sharing-of-information", 7, 7], // outside a 30-day report
  ];
  for (const [ago, slug, answered, escalated] of plan) {
    clock.set(today - ago * DAY + 10 * 3_600_000);
    for (let i = 0; i < answered; i++)
      await store.recordQuestion({ statementId: zoom.id, sectionSlug: section(slug).slug, result: "answered" });
    for (let i = 0; i < escalated; i++)
      await store.recordQuestion({ statementId: zoom.id, sectionSlug: section(slug).slug, result: "escalated" });
  }
  clock.set(today + 3_600_000);
  await store.recordQuestion({ statementId: null, sectionSlug: null, result: "escalated" });

  const cookies = section("cookies-and-related-technologies").paragraphs;
  const sharing = section("sharing-of-information").paragraphs;
  for (let i = 0; i < 4; i++) await store.recordFeedback(cookies[0]!.id, false);
  await store.recordFeedback(cookies[0]!.id, true);
  for (let i = 0; i < 2; i++) await store.recordFeedback(sharing[0]!.id, false);
  for (let i = 0; i < 6; i++) await store.recordFeedback(sharing[1]!.id, true);

  const references: string[] = [];
  const escalate = async (ago: number, question: string, requesterName: string) => {
    clock.set(today - ago * DAY + 11 * 3_600_000);
    const answer = engine.ask(question);
    const { escalation } = await store.createEscalation(
      {
        idempotencyKey: `consent:${references.length}`,
        requesterId: `U0PERSON${references.length}`,
        requesterName,
        question,
        note: null,
        matches: matchesOf(answer),
        confidence: answer.confidence,
      },
      ["slack"],
    );
    references.push(escalation.reference);
    return escalation;
  };
  const answeredQuestion = "does zoom keep the cookies from my browser | forever?";
  const first = await escalate(1, answeredQuestion, "Ada Lovelace");
  await store.claim(first.reference, "U0AGENT1");
  await store.addMessage({
    reference: first.reference,
    direction: "to_person",
    authorId: "U0AGENT1",
    authorName: "Sam",
    text: "See the cookies section: they expire.",
  });
  await store.addMessage({
    reference: first.reference,
    direction: "to_helpdesk",
    authorId: first.requesterId,
    text: "Thanks Sam, from Ada",
  });
  await store.resolve(first.reference, "U0AGENT1");
  await store.markAnsweredBy(first.reference, 0);
  await escalate(3, "can the cops get my zoom chat history", "Grace Hopper");
  await escalate(0, "what is the wifi password in the library", "Alan Turing");
  await escalate(45, "an old question from before the period", "Old Person");
  return { statements, references, answeredQuestion };
}
