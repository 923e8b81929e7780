import fc from "fast-check";

/** Characters that break naive text handling: controls, invisible and direction marks, line separators, BOM. */
const CONTROL = [
  "\u0000",
  "\u0007",
  "\b",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\f",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffd",
  "\ufffe",
];

/** Right-to-left, combining, astral and emoji text (including sequences joined by ZWJ and flags). */
const WIDE = [
  "مرحبا بالعالم",
  "שלום",
  "\u202Eevil\u202C",
  "ﷺ",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "𠜎𠜱",
  "😀",
  "👍🏽",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇺🇸",
  "ｚｏｏｍ",
  "ZOOM",
  "İstanbul",
  "ß",
  "ﬁ",
  "Ωμέγα",
  "日本語の質問",
  "한국어",
];

/** Slack markup as it arrives in messages, and look-alikes typed as text (which arrive as entities). */
const SLACK_MARKUP = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!channel|channel>",
  "<@U123>",
  "<@U123|bob>",
  "<@UPRIVACYBOT>",
  "<#C1|x>",
  "<#C0GENERAL>",
  "<https://x|y>",
  "<https://example.com/a?b=c&d=e|click <here>>",
  "<mailto:a@b.c|mail>",
  "<!subteam^S123|@team>",
  "<!date^1392734382^{date}|Feb 18>",
  "&lt;!channel&gt;",
  "&lt;@U123&gt;",
  "&lt;#C1|x&gt;",
  "&amp;lt;!here&amp;gt;",
  "&amp;",
  "&lt;",
  "&gt;",
  "&",
  "<",
  ">",
  "|",
  "<<!channel>>",
  "<!chan",
  "nel>",
  "<@",
  "<#",
  "*bold*",
  "_it_",
  "~s~",
  "`code`",
  "```block```",
  ">quote",
  ":smile:",
  "\\",
  '"',
  "'",
  "`",
];

/** Words the statements use, so many inputs reach the answer path, not only the escalation path. */
const QUESTION_WORDS = [
  "Does Zoom use cookies?",
  "Can Harvard see the content of my Zoom meetings?",
  "recorded",
  "record",
  "meeting",
  "zoom",
  "Zoom",
  "cookies",
  "data",
  "personal information",
  "share",
  "Harvard",
  "email",
  "delete",
  "who",
  "what",
  "how",
  "?",
  "help",
  "hello",
  "thanks",
  "privacy",
  "statement",
  "recordd",
  "meetng",
  "the",
  "a",
  " ",
  "  ",
  "\n",
];

/** One piece of hostile text: markup, controls, wide characters, question words or arbitrary code points. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...QUESTION_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...SLACK_MARKUP) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 2, arbitrary: fc.constantFrom(...WIDE) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 12 }) },
);

/** Short to medium text assembled from hostile pieces. */
export const hostileText: fc.Arbitrary<string> = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));

/** Text of up to `max` characters (default 40,000): a hostile fragment repeated, then cut (possibly mid-pair). */
export const longText = (max = 40_000): fc.Arbitrary<string> =>
  fc.tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max })).map(([parts, length]) => {
    const fragment = parts.join("") || "x";
    return fragment.repeat(Math.ceil(length / fragment.length)).slice(0, length);
  });

/** Anything a person might send: mostly short, sometimes very long. */
export const anyText: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: hostileText }, { weight: 1, arbitrary: longText() });

/** True when a string has no unpaired surrogate (so it is valid UTF-8 once sent). */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(text);
}
