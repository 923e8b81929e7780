import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/search/engine.js";
import { exampleStatement } from "./support/statement.js";

describe("words only another statement says", () => {
  const engine = createEngine([
    exampleStatement("pool", "Example Pool Privacy Statement", [
      ["Records", "Each swim visit records your member number and the lane you booked."],
      ["Lockers", "Locker codes are stored for one day and then cleared."],
    ]),
    exampleStatement("bikes", "Example Bike Share Privacy Statement", [
      ["Rides", "Each ride records the dock, the time and your member number."],
      ["Helmets", "Helmet rentals are stored with your member number for a week."],
    ]),
  ]);

  it("are read as the question's share the best paragraph's statement never says", () => {
    const a = engine.ask("how long is the helmet rental stored with my locker code?");
    const best = a.matches[0]!;
    const elsewhere = a.reasons.signals.elsewhere!;
    expect(elsewhere).toBeGreaterThan(0);
    expect(elsewhere).toBeLessThan(1);
    // Whichever paragraph is best, the words its statement never says are the other statement's.
    expect(best.statementId === "pool" || best.statementId === "bikes").toBe(true);
  });

  it("are none when the best paragraph's statement says every word", () => {
    expect(engine.ask("is my member number recorded on a swim visit?").reasons.signals.elsewhere).toBe(0);
  });

  it("are none with one statement", () => {
    const one = createEngine([
      exampleStatement("pool", "Example Pool Privacy Statement", [["Records", "Each swim visit records your member number."]]),
    ]);
    expect(one.ask("does a swim visit record my helmet rental?").reasons.signals.elsewhere).toBe(0);
  });
});
