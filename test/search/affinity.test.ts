import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/search/engine.js";
import { RANKING } from "../../src/search/ranking.js";
import { exampleStatement } from "./support/statement.js";

const STATEMENTS = [
  exampleStatement("mail", "Example Mail Privacy Statement", [
    ["Leaving", "Your account and mailbox are kept for 90 days after your last day, then deleted."],
    ["Scanning", "Incoming messages are scanned for spam and viruses."],
  ]),
  exampleStatement("books", "Example Library Privacy Statement", [
    ["Accounts", "Your borrowing account holds your name and the items you have out."],
    ["Fines", "Unpaid fines stay on your account until they are paid."],
  ]),
  exampleStatement("garage", "Example Garage Privacy Statement", [
    ["Records", "Permit records are kept for as long as you hold a permit, plus one year."],
    ["Payments", "Permit payments are taken by card at the garage office."],
    ["Gates", "Gates open for permit holders and for visitors who pay on the way out."],
  ]),
];

describe("the statement a question's distinctive words belong to", () => {
  // "permit" is said by the garage statement only; "account" by two statements, "keep" and "long" by most.
  const question = "how long do you keep my permit account?";
  const lead = (statementShare: number) => {
    const { explanation } = createEngine(STATEMENTS, { ranking: { ...RANKING, statementShare } }).ask(question, { explain: true });
    const [first, second] = explanation!.matches;
    return { first: first!, second: second!, lead: first!.score - second!.score };
  };

  it("lifts the paragraphs of the statement that says them", () => {
    const { first, second } = lead(RANKING.statementShare);
    expect(first.paragraphId).toBe("garage/records/1");
    expect(second.paragraphId).toBe("mail/leaving/1");
    expect(first.parts.statement).toBeGreaterThan(second.parts.statement);
  });

  it("widens that paragraph's lead over another statement's that says as much of the common words", () => {
    expect(lead(RANKING.statementShare).lead).toBeGreaterThan(lead(0).lead + 0.01);
  });

  it("counts for nothing with one statement", () => {
    const one = [STATEMENTS[2]!];
    const a = createEngine(one).ask(question, { explain: true });
    expect(a.explanation!.matches.every((m) => m.parts.statement === 0)).toBe(true);
  });
});
