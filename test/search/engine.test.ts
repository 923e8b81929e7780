import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";
import { createIndex } from "../../src/search/index.js";
import { analyseQuestion } from "../../src/search/question.js";
import { analyze, stem, tokenize } from "../../src/search/text.js";
import { exampleStatement } from "./support/statement.js";

const engine = createEngine(loadCorpus("corpus"));
const topSection = (q: string) => engine.ask(q).matches[0]?.section;

describe("answering", () => {
  it("reads a statement's own aliases from its front matter: 'Harvard ID' is the HUID", () => {
    const index = createIndex(loadCorpus("corpus"));
    expect(analyseQuestion("is my harvard id shared", index).concepts.find((c) => c.word === "harvard")?.alternatives).toContainEqual([
      "huid",
    ]);
    expect(engine.ask("can harvard see my id number").matches[0]!.text).toMatch(/includes HUID, name, and email address/);
  });

  it("answers 'does Zoom see my IP?' with the paragraph where logs are released to Zoom, not where Harvard obtains them", () => {
    const a = engine.ask("does Zoom see my IP?");
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.text).toMatch(/^Zoom is provided and hosted by the third-party vendor Zoom/);
    expect(a.matches[0]!.url).toBe("https://huit.harvard.edu/privacy/zoom#sharing-of-information");
  });

  it("answers with exactly one paragraph and up to three matches, best first", () => {
    const a = engine.ask("Does Zoom use cookies?");
    expect(a.matches.length).toBeGreaterThan(0);
    expect(a.matches.length).toBeLessThanOrEqual(3);
    expect(a.matches[0]!.text).not.toContain("\n");
    const scores = a.matches.map((m) => m.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it.each([
    ["police", "can the police get my zoom data with a subpoena", "Sharing of information"],
    ["ads", "do third parties show me ads", "Cookies and related technologies"],
    ["recorded", "are my zoom calls recorded", "Access to content"],
    ["typo", "does zoom use cookeis", "Cookies and related technologies"],
  ])("understands privacy vocabulary (%s)", (_, question, section) => {
    expect(topSection(question)).toBe(section);
  });

  it.each([
    "How do I share my screen?",
    "Please delete my Zoom account and all my data",
    "what's the weather in Cambridge today",
    "Does Zoom use my meetings to train AI models?",
    "is zoom end to end encrypted",
    "How do I record a Zoom meeting?",
  ])("escalates what the statement does not cover: %s", (q) => {
    expect(engine.ask(q).decision).toBe("escalate");
  });

  it.each(["how much is a Zoom Pro license?", "what time does the help desk close?", "when is the IT office open"])(
    "hands over questions about prices and opening hours, which no privacy statement answers: %s",
    (q) => {
      const a = engine.ask(q);
      expect(a.decision).toBe("escalate");
      expect(a.reasons.signals.howTo).toBe(1);
    },
  );

  it("quotes nothing for thanks", () => {
    expect(engine.ask("thanks, that's super helpful!").matches).toEqual([]);
  });

  it("keeps a confidence in [0, 1] and explains the decision", () => {
    const a = engine.ask("Is my information secure?");
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.reasons.rule).toMatch(/coverage/);
  });
});

describe("bad input", () => {
  it.each([
    ["empty", ""],
    ["white space", "   \n\t "],
    ["only stop words", "is it the"],
    ["Slack markup", "<!channel> <@U123ABC>"],
    ["emoji", "🙂🔥🎉"],
    ["control characters", "\u0000\u0007\u001b[31m"],
  ])("escalates %s input without throwing", (_, q) => {
    const a = engine.ask(q);
    expect(a.decision).toBe("escalate");
    expect(a.question).toBe(q);
  });

  it("answers a 40,000-character question without throwing", () => {
    const q = "does zoom see my ip address ".repeat(1500);
    expect(q.length).toBeGreaterThan(40_000);
    expect(() => engine.ask(q)).not.toThrow();
  });

  it("never throws and always decides, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (q) => {
        const a = engine.ask(q);
        return (a.decision === "answer" || a.decision === "escalate") && a.confidence >= 0 && a.confidence <= 1 && a.matches.length <= 3;
      }),
      { numRuns: 500 },
    );
  });
});

describe("text processing", () => {
  it("keeps words the stemmer would turn into others", () => {
    expect(stem("personal")).toBe("personal");
    expect(stem("person")).toBe("person");
    expect(stem("recording")).toBe(stem("recorded"));
  });

  it("relates irregular verb forms to their verb, as WordNet lists them", () => {
    expect(stem("built")).toBe(stem("build"));
    expect(stem("taught")).toBe(stem("teaching"));
    expect(stem("withheld")).toBe(stem("withhold"));
    expect(stem("kept")).toBe(stem("keeps"));
  });

  it("stems British spellings as the American ones, without over-stemming them", () => {
    expect(stem("licence")).toBe(stem("license"));
    expect(stem("catalogue")).toBe(stem("catalog"));
    expect(stem("personalised")).toBe(stem("personalized"));
    expect(stem("personalised")).not.toBe(stem("person"));
  });

  it("drops stop words and Slack markup", () => {
    expect(analyze("Does <@U123> Zoom see <!channel> my IP?")).toEqual(["zoom", "see", "ip"]);
  });

  it("reads contractions typed without their apostrophe as the stop words they are", () => {
    expect(analyze("whats in my calendar, and whos seen it?")).toEqual(analyze("what's in my calendar, and who's seen it?"));
    expect(analyze("theyre saying it wasnt kept")).toEqual(analyze("saying kept"));
  });
});

describe("acronyms that look like stop words", () => {
  it("reads US and IT in capitals as the country and the IT department, not 'us' and 'it'", () => {
    expect(tokenize("Is it stored in the US? Can IT read it?")).toEqual([
      "is",
      "it",
      "stored",
      "in",
      "the",
      "usa",
      "can",
      "infotech",
      "read",
      "it",
    ]);
  });
});

describe("words written with a hyphen", () => {
  it("reads 'e-mail' and 'Wi-Fi' as the 'email' and 'wifi' people type, and keeps other hyphenated words apart", () => {
    expect(tokenize("Is e-mail on the Wi-Fi network opt-in?")).toEqual(["is", "email", "on", "the", "wifi", "network", "opt", "in"]);
    expect(tokenize("re-use of HR-related records")).toEqual(["re", "use", "of", "hr", "related", "records"]);
  });
});

describe("names written in camel case", () => {
  it("reads 'PineCard' as the name and as the card it is, so a question about 'my card' finds the card's statement", () => {
    expect(tokenize("the PineCard office")).toEqual(["the", "pinecard", "pine", "card", "office"]);
    expect(tokenize("eduroam and NetID")).toEqual(["eduroam", "and", "netid", "net", "id"]);
    const engine = createEngine(loadCorpus("test/fixtures/institutions"));
    expect(engine.ask("who do I email with a privacy question about my card").matches[0]!.statementId).toBe("id-card");
  });
});

describe("typo correction", () => {
  it("corrects a mistyped word to the statement's word, but not a name that differs in its first letter", () => {
    const index = createIndex(loadCorpus("corpus"));
    expect(analyseQuestion("does zoom use cookeis", index).corrections).toEqual(["cookeis → cookies"]);
    expect(analyseQuestion("is gmail private", index).corrections).toEqual([]);
    // … unless the first two letters are swapped, in the statements' words and in everyday English alike.
    expect(analyseQuestion("what does the rpivacy statement say", index).corrections).toEqual(["rpivacy → privacy"]);
    expect(analyseQuestion("can I get a erplacement card", index).corrections).toEqual(["erplacement → replacement"]);
  });

  it("answers a question with misspelled words as its corrected form, stop words and everyday words included", () => {
    const pairs = [
      ["doez zoom see my ip adress", "does zoom see my ip address"],
      ["how does harvard use my recordngs", "how does harvard use my recordings"],
    ];
    for (const [typed, meant] of pairs) {
      const a = engine.ask(typed!);
      const b = engine.ask(meant!);
      expect([a.decision, a.confidence, a.matches.map((m) => m.paragraphId)]).toEqual([
        b.decision,
        b.confidence,
        b.matches.map((m) => m.paragraphId),
      ]);
    }
    // "replacement" is said by no statement: corrected to the everyday word, it weighs what that word weighs.
    const index = createIndex(loadCorpus("corpus"));
    expect(analyseQuestion("can I get a replacemnt card", index).corrections).toEqual(["replacemnt → replacement"]);
  });

  it("leaves a word people ask with, or a form of an everyday word, as typed", () => {
    // No statement here says "opt", "copiers" or "torrenting"; "option", "copies" and "tormenting" are a letter or two away.
    const alumni = createIndex(loadCorpus("test/fixtures/more-institutions"));
    expect(analyseQuestion("i dont want to be screened for fundraising, can i opt out", alumni).corrections).toEqual([]);
    const printing = createIndex(loadCorpus("test/fixtures/further-institutions"));
    expect(analyseQuestion("do the copiers save images of the pages i photocopy", printing).corrections).toEqual([]);
    const network = createIndex(loadCorpus("test/fixtures/institutions"));
    expect(analyseQuestion("got a letter for torrenting a movie, did the school give my name", network).corrections).toEqual([]);
    expect(analyseQuestion("do you keep the logs of my devcie", network).corrections).toEqual(["devcie → device"]);
  });
});

describe("an ID", () => {
  // A proctoring statement keeps ID photos 30 days; a safety app served beside it keeps camera footage 30 days.
  const proctoring = createEngine(loadCorpus("test/fixtures/more-institutions"));

  it("is a word of the question and of the statement, in capitals or not", () => {
    // Read as the chat spelling of "I'd", it was no word at all, and the cameras' footage answered.
    for (const q of ["how long is the picture of my ID kept", "how long is the picture of my id kept"])
      expect(proctoring.ask(q).matches[0]!.text).toMatch(/your ID photo/);
  });

  it("is still 'I'd' before what I'd says", () => {
    const typed = proctoring.ask("id like to know how long camera footage is kept");
    const plain = proctoring.ask("I'd like to know how long camera footage is kept");
    expect(typed.matches.map((m) => m.text)).toEqual(plain.matches.map((m) => m.text));
    expect(typed.confidence).toBe(plain.confidence);
  });
});

describe("a plural of a noun of action", () => {
  it("is its verb as the singular is: registrations are what a statement registers", () => {
    // "registrations" stemmed to "registr", "registration" and "register" to "regist": the campus network's
    // registration records shared no word with the question.
    const four = createEngine(loadCorpus("test/fixtures/institutions"));
    expect(four.ask("how long are registrations kept").matches[0]!.text).toMatch(/device registration records/);
  });
});

describe("words Porter runs together", () => {
  it("keeps an officer apart from an office, and a community from a communication", () => {
    // Both pairs had one stem: "DPS officers" found offices, "the community" Zoom as "a means of communication".
    const safety = createEngine(loadCorpus("test/fixtures/more-institutions"));
    expect(safety.ask("can DPS officers see my location").matches[0]!.text).toMatch(/DPS officers are sworn police officers/);
    expect(engine.ask("is my data shared with the community").matches[0]!.text).not.toMatch(/means of communication/);
  });

  it("keeps a disability apart from a card that is disabled, and a business from bookings that are busy", () => {
    const card = createEngine(loadCorpus("test/fixtures/institutions")).ask("can the disability office see my records");
    expect(card.matches[0]!.text).not.toMatch(/^Card record:/);
    const rec = createEngine(loadCorpus("test/fixtures/further-institutions")).ask("does the business office get my data");
    expect(rec.matches[0]!.text).not.toMatch(/bookings/);
  });
});

describe("the United States written short", () => {
  it("is one word however it is written: U.S. in a statement is the US of a question", () => {
    // The health portal's vendor hosts the record "in U.S. data centers": read as the letters "u" and "s", stop
    // words both, it said nothing of the country, and another statement's "United States" answered.
    const four = createEngine(loadCorpus("test/fixtures/institutions"));
    expect(four.ask("are my health records kept in the u.s.?").matches[0]!.text).toMatch(
      /hosts the health record and MyWellness in U\.S\./,
    );
  });
});

describe("asking for help in everyday words", () => {
  it.each(["can you help me?", "I need help", "help", "Hi, could someone help me please"])("quotes no paragraph for %j", (q) => {
    const a = engine.ask(q);
    expect(a.decision).toBe("escalate");
    expect(a.matches).toEqual([]);
  });

  it("reads 'help me understand the statement' as asking what the statement is about", () => {
    const a = engine.ask("help me understand the zoom privacy statement");
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.section).toBe("Introduction");
  });
});

describe("requests the statement says people can carry out themselves", () => {
  const canvas = createEngine(loadCorpus("test/fixtures/statements"));

  it("answers 'delete bio from canvas profile' with the paragraph saying you can remove your biography", () => {
    const a = canvas.ask("delete bio from canvas profile");
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.text).toMatch(/^You can change or remove your profile photo, pronouns and biography/);
  });

  it("reads what a formal statement lets its reader do ('A Renter may request …')", () => {
    const markdown = [
      "---",
      "title: Bookstore Rental Privacy Policy",
      "url: https://books.example.edu/privacy",
      "updated: 2024-01-01",
      "---",
      "",
      "## 9. Rights",
      "",
      "9.1 A Renter may request a copy of, or correction to, the Personal Information held about them.",
      "",
    ].join("\n");
    const books = createEngine([parseStatement(markdown, "bookstore.md", "bookstore")]);
    const a = books.ask("how do i get a copy of the personal information the bookstore holds about me");
    expect(a.matches[0]!.text).toMatch(/^9\.1 A Renter may request a copy/);
    expect(a.decision).toBe("answer"); // What it offers is read with its concepts: a correction is what "get it fixed" asks for.
    const b = books.ask("theres a mistake in my bookstore record, how do i get it fixed");
    expect(b.matches[0]!.text).toMatch(/^9\.1 A Renter may request/);
    expect(b.decision).toBe("answer");
  });

  it("reads it when the statement names its reader in two words ('A Network User may …')", () => {
    const network = createEngine([
      exampleStatement("network", "Campus Network Privacy Statement", [
        ["9. Rights", "A Network User may request a copy of the connection records associated with their account."],
      ]),
    ]);
    const a = network.ask("how would I go about getting a copy of the connection records for my account");
    expect(a.reasons.signals.howTo).toBe(0);
    expect(a.decision).toBe("answer");
  });

  it("reads a question about the service itself as how-to, though the paragraph lets people do something in it", () => {
    // "You can switch off CedarSafe's location access …" offers a setting, not whether the app runs on a watch.
    const cedar = createEngine(loadCorpus("test/fixtures/more-institutions"));
    for (const q of ["does cedarsafe work on apple watch", "is the cedarsafe app available in spanish"]) {
      const a = cedar.ask(q);
      expect(a.matches[0]!.text).toMatch(/^You're in charge of what the app knows/);
      expect([q, a.reasons.signals.howTo, a.decision]).toEqual([q, 1, "escalate"]);
    }
  });

  it("reads each offer of a list that repeats its verb ('You can ask for …, ask to see …, or ask us to …')", () => {
    const card = createEngine([
      exampleStatement("card", "Campus Card Privacy Notice", [
        [
          "Your choices",
          "You can ask for a new ID photo, ask to see the door and transaction records we hold about you, or ask us to correct something that is wrong.",
        ],
      ]),
    ]);
    const a = card.ask("Can I request a copy of my own door access history?");
    expect(a.reasons.signals.request).toBe(0);
    expect(a.decision).toBe("answer");
  });

  it("still hands over a request the statement offers no way to do", () => {
    expect(canvas.ask("Please delete my Zoom account and all my data").decision).toBe("escalate");
    expect(engine.ask("Please delete my Zoom account and all my data").decision).toBe("escalate");
  });
});

describe("contact questions", () => {
  it("answers 'who can I email about this privacy statement?' with the paragraph that gives the address", () => {
    const a = engine.ask("Who can I email about this privacy statement?");
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.text).toMatch(/ithelp@harvard\.edu/);
  });
});

describe("a large corpus", () => {
  it("still shows the closest paragraphs when the question's only rare word is one no statement says", () => {
    // Two hundred services sharing one statement's wording: every word of it is common, "frobnicate" unknown.
    const [zoom] = loadCorpus("corpus");
    const many = createEngine(
      Array.from({ length: 200 }, (_, i) => ({ ...zoom!, id: `service-${i}`, title: `Service ${i} Privacy Statement` })),
    );
    const a = many.ask("does harvard frobnicate my information?");
    expect(a.decision).toBe("escalate");
    expect(a.matches).toHaveLength(3);
  });
});

describe("phrasings kept in the statement", () => {
  const [zoom] = loadCorpus("corpus");
  const question = "can my classmates keep what I type in the chat";
  const withPhrasing = (): typeof zoom => {
    const copy = structuredClone(zoom!);
    const p = copy.sections
      .flatMap((s) => s.paragraphs)
      .find((x) => x.text.startsWith("Information that users provide in group Zoom settings"))!;
    p.asked = ["can classmates keep what I type in the chat"];
    return copy;
  };

  it("answer a question asked the way a phrasing says it, with the paragraph's own text", () => {
    const before = createEngine([zoom!]).ask(question);
    const after = createEngine([withPhrasing()!]).ask(question);
    expect(before.matches[0]?.text).not.toMatch(/^Information that users provide in group Zoom settings/);
    expect(after.matches[0]!.text).toMatch(/^Information that users provide in group Zoom settings/);
    expect(after.confidence).toBeGreaterThan(before.confidence);
    for (const m of after.matches) expect(m.text).not.toContain("classmates");
  });
});
