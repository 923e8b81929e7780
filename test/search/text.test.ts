import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inflectionBase, MAX_ANALYSED_CHARS, normalizeText } from "../../src/search/text.js";

/** Every pass of normalizeText over every text, as it reads without the shortcut for printable ASCII. */
function everyPass(text: string): string {
  return text
    .slice(0, MAX_ANALYSED_CHARS)
    .normalize("NFKC")
    .replace(/<[@#!][^>\s]*>/g, " ")
    .replace(/<(?:https?|mailto):[^|>\s]*\|([^>]*)>/g, "$1")
    .replace(/<((?:https?|mailto):[^>\s]*)>/g, "$1")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\p{Cc}\p{Cf}\p{So}\p{Cs}]/gu, " ");
}

describe("normalizeText", () => {
  it("reads a text as every pass over it would, whether it is printable ASCII or not", () => {
    const pieces = fc.constantFrom(
      "<@U123>",
      "<https://x.org|the page>",
      "<mailto:a@b.org>",
      "<",
      ">",
      "|",
      "don\u2019t",
      "\u{1F600}",
      "\t",
      "\uFF3A",
      "ﬁ",
      "\u00e9",
      " ",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), pieces, fc.string({ unit: "grapheme" })), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(normalizeText(text)).toBe(everyPass(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe("inflectionBase", () => {
  it("takes a word's inflection off, and nothing more", () => {
    for (const [a, b] of [
      ["graduates", "graduate"],
      ["graduating", "graduated"],
      ["cookies", "cookie"],
      ["stopped", "stop"],
      ["kept", "keep"],
      ["uses", "use"],
    ])
      expect(inflectionBase(a!), `${a} and ${b}`).toBe(inflectionBase(b!));
    for (const [a, b] of [
      ["department", "depart"],
      ["provider", "provide"],
      ["information", "informed"],
      ["collections", "collect"],
    ])
      expect(inflectionBase(a!), `${a} and ${b}`).not.toBe(inflectionBase(b!));
  });
});
