import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { createEngine } from "../../src/search/engine.js";
import { asAsked } from "../../src/search/question.js";

const engine = createEngine(loadCorpus("corpus"));

/** The decision a message gets and the paragraph it shows first. */
const outcome = (message: string) => {
  const a = engine.ask(message);
  return [a.decision, a.matches[0]?.paragraphId];
};

describe("a question read as if asked straight away", () => {
  it.each([
    ["hi! quick question: how do I record a zoom meeting?", "how do I record a zoom meeting?"],
    ["Good morning! Sorry to bother you, do you know whether Zoom sells my data?", "Zoom sells my data?"],
    ["Hey there, I was wondering if zoom records my meetings", "zoom records my meetings"],
    ["could you tell me if zoom is encrypted", "zoom is encrypted"],
    ["Okay, how long are logs kept? thanks so much :)", "how long are logs kept? "],
    ["what is an ip address thx pls", "what is an ip address "],
    ["can u tell me wat r cookies", "what are cookies"],
    ["I'm trying to figure out if canvas sells my data", "canvas sells my data"],
    ["I'd like to ask: who sees my chat?", "who sees my chat?"],
    ["id like to ask: who sees my chat?", "who sees my chat?"],
    ["Could you explain whether Zoom records meetings?", "Zoom records meetings?"],
    ["who actually processes payments, and what exactly is kept?", "who processes payments, and what is kept?"],
  ])("%s", (message, question) => {
    expect(asAsked(message)).toEqual({ question, asker: "", around: "", others: "", when: "" });
  });

  it.each([
    ["I'm a grad student. Does zoom record my meetings?", "Does zoom record my meetings?", "I'm a grad student."],
    ["As a staff member, who can see my calendar?", "who can see my calendar?", "As a staff member,"],
    ["Hi! I'm a TA for a law course and I was wondering whether zoom records", "zoom records", "I'm a TA for a law course"],
    ["As a staff member, thanks!", "", "As a staff member,"],
    ["Does zoom record my meetings? I'm a grad student.", "Does zoom record my meetings? ", "I'm a grad student."],
    ["can I see the recordings as a TA?", "can I see the recordings ", "as a TA?"],
  ])("keeps who asks apart from the question: %s", (message, question, asker) => {
    expect(asAsked(message)).toEqual({ question, asker, around: "", others: "", when: "" });
  });

  it.each([
    ["I'm graduating in May. What happens to my email?", "What happens to my email?", "I'm graduating in May."],
    // A question that points back at the sentence before is read whole: that sentence says what it is about.
    ["I sold my car. Do I need to take it off my account?", "I sold my car. Do I need to take it off my account?", ""],
    ["My Zoom recordings. How long are they kept?", "My Zoom recordings. How long are they kept?", ""],
    ["I heard Zoom sells my data. Is that true?", "I heard Zoom sells my data. Is that true?", ""],
    ["Zoom keeps my recordings. Why?", "Zoom keeps my recordings. Why?", ""],
    ["can the library waive my fine this one time? money's tight", "can the library waive my fine this one time?", "money's tight"],
    ["Is my data stored in the U.S.? I travel a lot.", "Is my data stored in the U.S.?", "I travel a lot."],
    ["I want my data deleted. Please help.", "I want my data deleted. Please help.", ""],
  ])("keeps the sentences around the question apart from it: %s", (message, question, around) => {
    expect(asAsked(message)).toEqual({ question, asker: "", around, others: "", when: "" });
  });

  it("answers the first of several questions, the others kept apart", () => {
    expect(asAsked("Does Zoom record my meetings? Also, is this statement up to date?")).toEqual({
      question: "Does Zoom record my meetings?",
      asker: "",
      around: "",
      others: "Also, is this statement up to date?",
      when: "",
    });
    const plain = engine.ask("Does Zoom record my meetings?");
    const both = engine.ask("Does Zoom record my meetings? Also, is this statement up to date?");
    expect([both.decision, both.matches[0]?.paragraphId]).toEqual([plain.decision, plain.matches[0]?.paragraphId]);
    // Read together, the second question's words made the first's answer look doubtful (0.55 against 0.98).
    expect(Math.abs(both.confidence - plain.confidence)).toBeLessThan(0.05);
  });

  it("answers a few words typed as into a search box, then a second question, as the first of two", () => {
    expect(asAsked("browser log files Also, is the statement up to date?")).toEqual({
      question: "browser log files",
      asker: "",
      around: "",
      others: "Also, is the statement up to date?",
      when: "",
    });
    expect(outcome("browser log files Also, is the statement up to date?")).toEqual(outcome("browser log files"));
    // "US" is a country here, not "us".
    expect(asAsked("non-US users privacy Also, is the statement up to date?").question).toBe("non-US users privacy");
    // After what the person tells, the few words are the question too.
    expect(asAsked("I am moving abroad next month. huid")).toEqual({
      question: "huid",
      asker: "",
      around: "I am moving abroad next month.",
      others: "",
      when: "",
    });
    // What a person tells of themselves, or ends with a full stop, is told around the question.
    expect(asAsked("my zoom recordings Also, who can see the chat?").around).toBe("my zoom recordings");
    expect(asAsked("Zoom recordings. Who can see the chat?").around).toBe("Zoom recordings.");
  });

  it('reads a question that starts with a condition as a question ("if i add an app does the app get my data")', () => {
    expect(asAsked("if i add an app to zoom does the app get my data Also, is the statement up to date?")).toMatchObject({
      question: "if i add an app to zoom does the app get my data",
      others: "Also, is the statement up to date?",
    });
    expect(asAsked("My advisor asked me to set something up. if i click a link, whose privacy policy applies")).toMatchObject({
      question: "if i click a link, whose privacy policy applies",
      around: "My advisor asked me to set something up.",
    });
    // A condition that asks nothing is told: "If I sold my car." is what the person did.
    expect(asAsked("If I sold my car. Do I need to remove it from my account?").question).toBe(
      "If I sold my car. Do I need to remove it from my account?",
    );
  });

  it("keeps apart a clause that ends the question and tells when it applies", () => {
    expect(asAsked("how long do you keep my address and contact info after i graduate")).toEqual({
      question: "how long do you keep my address and contact info",
      asker: "",
      around: "",
      others: "",
      when: "after i graduate",
    });
    // A clause that asks something of its own is part of the question.
    expect(asAsked("after I graduate what happens to my email").when).toBe("");
    expect(asAsked("can I still log in after I graduate, and who can see my files?").when).toBe("");
  });

  it("ranks by what is asked and answers only where the paragraph says when too", () => {
    const sections = [
      ["What we hold", "Your alumni record holds your name, address, phone number and degree."],
      [
        "Staying in touch",
        "Once you graduate, we use your address to send you the alumni magazine, and invitations to events for recent graduates for two years.",
      ],
      ["Who sees your record", "Staff of the alumni office see your address and phone number."],
      ["Security", "Alumni records are stored on encrypted servers."],
      ["Retention", "Gift records are kept for ten years. Your address and phone number are kept for six years after your last gift."],
    ];
    const front = [
      "---",
      "title: Alumni Office Privacy Statement",
      "url: https://alumni.example.edu/privacy",
      "updated: 2024-01-01",
      "---",
    ];
    const markdown = [...front, ...sections.flatMap(([heading, text]) => ["", `## ${heading}`, "", text])].join("\n");
    const alumni = createEngine([parseStatement(markdown, "alumni.md", "alumni")]);
    // Read whole, the rare "graduate" brought the paragraph about graduates, which says nothing of keeping.
    expect(alumni.ask("how long do you keep my address after i graduate").matches[0]!.section).toBe("Retention");
    // The clause still counts against an answer from a paragraph that never says it: nothing here says what
    // moving abroad changes.
    expect(alumni.ask("does the alumni office keep my degree?").decision).toBe("answer");
    expect(alumni.ask("does the alumni office keep my degree after I move abroad?").decision).toBe("escalate");
  });

  it("reads a question whose word points back at something it says itself as the first of two", () => {
    expect(
      asAsked("If I say something in a group Zoom meeting, can everyone else use it? Also, is the statement up to date?"),
    ).toMatchObject({
      question: "If I say something in a group Zoom meeting, can everyone else use it?",
      others: "Also, is the statement up to date?",
    });
  });

  it("reads a question whose pronoun stands for a thing it names itself apart from the story before it", () => {
    expect(asAsked("My advisor asked me to set something up. will harvard share my data if they think I broke a rule?")).toMatchObject({
      question: "will harvard share my data if they think I broke a rule?",
      around: "My advisor asked me to set something up.",
    });
    // Named before it only in the sentence before, "it" points back there: the message is read whole.
    expect(asAsked("I sold my car. Do I need to take it off my account?").question).toBe(
      "I sold my car. Do I need to take it off my account?",
    );
  });

  it("reads a message in capitals throughout as written in small letters: IT is not the IT department there", () => {
    const plain = engine.ask("If I post something in a group chat, who can use it?");
    const shouted = engine.ask("IF I POST SOMETHING IN A GROUP CHAT, WHO CAN USE IT?");
    expect([shouted.decision, shouted.confidence, shouted.matches[0]?.paragraphId]).toEqual([
      plain.decision,
      plain.confidence,
      plain.matches[0]?.paragraphId,
    ]);
  });

  it('ranks by who asks when the question is about them ("does this apply to me?")', () => {
    const canvas = createEngine(loadCorpus("test/fixtures/statements"));
    // "apply" is said by most paragraphs: without who asks, nothing was found to show.
    const a = canvas.ask("I'm a guest in a course, does this apply to me?");
    expect(a.matches.length).toBeGreaterThan(0);
    expect(a.matches.some((m) => /guest/i.test(m.text))).toBe(true);
  });

  it("tells a question left without its question mark from the capitalised one after it", () => {
    expect(asAsked("can harvard tell if im faculty from zoom Also, is this statement up to date?")).toEqual({
      question: "can harvard tell if im faculty from zoom",
      asker: "",
      around: "",
      others: "Also, is this statement up to date?",
      when: "",
    });
    expect(outcome("can harvard tell if im faculty from zoom Also, is this statement up to date?")).toEqual(
      outcome("can harvard tell if im faculty from zoom"),
    );
    // A name or "I" is no new question.
    expect(asAsked("does Zoom tell Harvard what I say").question).toBe("does Zoom tell Harvard what I say");
  });

  it.each([
    ["hi"],
    ["thanks!"],
    ["highway cameras?"],
    ["so-called cookies?"],
    ["ok to record students?"],
    ["can you tell me my password"],
    ["Quick question about Zoom: how long?"],
    ["Is my data kept in the U.S.?"],
    ["is my info used just to set up my account"],
    // Who is leaving is what a question about leaving asks.
    ["what happens to my account as an alum"],
    ["Could you explain this statement?"],
  ])("keeps what is not only an opening or a closing: %s", (message) => {
    expect(asAsked(message).question).toBe(message);
  });

  // The decision reads how a question starts ("how do I …" is a how-to question, "how long …" asks for a length of
  // time) and ends ("… cover?" asks for an overview): a greeting or a thank-you must not hide it.
  it.each([
    ["How do I record a Zoom meeting?", "hi! quick question: how do I record a Zoom meeting?"],
    [
      "How long are Zoom cloud recordings retained before they are deleted?",
      "Hey there, how long are Zoom cloud recordings retained before they are deleted?",
    ],
    ["What is an IP address?", "What is an IP address? thanks!"],
    ["What does the Zoom privacy statement cover?", "I was wondering, what does the Zoom privacy statement cover? thx"],
    ["Can you delete my Zoom account?", "can u delete my zoom account"],
    ["Can other people see my chat messages?", "can other ppl see my chat messages tbh"],
    ["How do I record a Zoom meeting?", "How exactly do I record a Zoom meeting?"],
    ["What are cookies used for in Zoom?", "What exactly are cookies actually used for in Zoom?"],
    // A misspelled word is read as meant by the patterns too, not only by the ranking.
    ["What does the Zoom privacy statement cover?", "What does the Zoom privacy statment cover?"],
  ])("answers '%s' the same with an opening, a closing, a chat spelling, stress or a typo", (plain, casual) => {
    const a = engine.ask(plain);
    const b = engine.ask(casual);
    expect([b.decision, b.confidence, b.matches.map((m) => m.paragraphId)]).toEqual([
      a.decision,
      a.confidence,
      a.matches.map((m) => m.paragraphId),
    ]);
    expect(b.question).toBe(casual);
  });

  // Who asks is not what about: "staff" would bring the paragraphs that list staff, "student" those about students.
  it.each([
    ["Does Zoom see my IP address?", "As a staff member, does Zoom see my IP address?"],
    ["Who can see my chat messages?", "I'm a grad student. Who can see my chat messages?"],
    ["Who can see my chat messages?", "Who can see my chat messages? I'm a grad student."],
    ["Who can see my chat messages?", "My advisor asked me to set something up for next week. Who can see my chat messages?"],
  ])("answers '%s' from the same paragraphs when the person says who they are or tells a story", (plain, told) => {
    const a = engine.ask(plain);
    const b = engine.ask(told);
    expect([b.decision, b.matches.map((m) => m.paragraphId)]).toEqual([a.decision, a.matches.map((m) => m.paragraphId)]);
  });

  it("counts who asks for a paragraph that says it, and answers nothing from who asks alone", () => {
    const scholar = engine.ask("I'm a visiting scholar, does this apply to me?");
    expect([scholar.decision, scholar.matches[0]?.section]).toEqual(["answer", "Users"]);
    expect(scholar.confidence).toBeGreaterThan(engine.ask("does this apply to me?").confidence);
    const nothing = engine.ask("As a staff member, thanks!");
    expect([nothing.decision, nothing.matches]).toEqual(["escalate", []]);
  });
});
