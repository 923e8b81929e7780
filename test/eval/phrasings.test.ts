import { describe, expect, it } from "vitest";
import { splitHalves } from "../../src/eval/phrasings.js";

const q = (n: number, answerable: boolean) => ({ item: { q: `q${n}`, expect: answerable ? ["K"] : [], statement: "s" } });

describe("the phrasing measurement's split", () => {
  it("writes every other answerable question as a phrasing and asks the rest, with every other unanswerable one", () => {
    const questions = [q(1, true), q(2, true), q(3, false), q(4, true), q(5, false), q(6, true), q(7, false), q(8, false)];
    const { write, test } = splitHalves(questions);
    expect(write.map((x) => x.item.q)).toEqual(["q1", "q4"]);
    expect(test.map((x) => x.item.q)).toEqual(["q2", "q5", "q6", "q8"]);
    for (const w of write) expect(test).not.toContain(w);
  });
});
