import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseStatement } from "../../src/corpus/parse.js";
import { expectedAnswerTypes, givenAnswerTypes } from "../../src/search/answer-type.js";
import { createEngine } from "../../src/search/engine.js";

describe("the kind of answer a question asks for", () => {
  it.each([
    ["how long does harvard keep my ip logs", ["duration"]],
    ["graduating in may, how long do you keep my account", ["duration"]],
    ["i already sent the form and how long is it kept", ["duration"]],
    ["how far back does my order history go", ["duration"]],
    ["is it as long as the other form", []],
    ["Is my Zoom data stored in the EU?", ["place"]],
    ["where are the servers for the financial aid portal", ["place"]],
    ["wheres the lock software hosted", ["place"]],
    ["How many participants can join a Harvard Zoom meeting?", ["count"]],
    ["What is HUIT's phone number?", ["phone"]],
    ["registrar phone number", ["phone"]],
    ["can the dj see my phone number when i text in a song", []],
    ["can my RA see my emergency contact info", []],
    ["Who do I contact with questions about this statement?", ["contact"]],
    ["who to contact w/ questions about the locker privacy stuff", ["contact"]],
    ["When was the statement last updated?", ["date"]],
    ["what is this privacy statement about", ["overview"]],
    ["what does the statement say about cookies", []],
    ["what is my data used for in zoom", ["purpose"]],
    ["what does the gym actually use my info for?", ["purpose"]],
    ["what can students use lab computers for", []],
    ["do we need to register our visitors?", ["choice"]],
    ["Who hosts Zoom?", ["provider"]],
    ["if the booking system gets hacked will i be notified", ["notice"]],
    ["will you tell me if someone subpoenas my records", ["notice"]],
    ["what does 'school official' mean in ferpa terms here", ["definition"]],
    ["in the housing policy who counts as a service provider", ["definition"]],
    ["what even is a similarity report", ["definition"]],
    ["who's in charge of lost and found on campus", ["provider"]],
    ["staff here - who actually runs the visitor system", ["provider"]],
    ["which office deals with donor info", ["provider"]],
    ["what company is behind the course eval website", ["provider"]],
    ["who can see what is in charge of my account", ["audience"]],
    ["who can see the video i turn in for an assignment", ["audience"]],
    ["who at residence life can actually open my application", ["audience"]],
    ["I put my allergies in the app. Who can actually look at that?", ["audience"]],
    ["who exactly is able to watch my exam recording", ["audience"]],
    ["who has access to my counseling notes", ["audience"]],
    ["who do I ask to see my file", ["contact"]],
    ["Why does Harvard collect my personal information?", ["purpose"]],
    ["Does Canvas track how long I spend on course pages?", []],
    ["where does canvas get my name and email from", []],
    ["Will the cookie opt-outs work on my phone?", []],
    ["how often is the statement reviewed?", ["frequency"]],
    ["will my teacher grade me on how often i log in", []],
    ["are the access logs ever audited", ["frequency"]],
    ["what data does the gym keep about me", ["inventory"]],
    ["what info do I have to give to join?", ["choice", "inventory"]],
    ["what info gets logged when i print something", ["inventory"]],
    ["when is the help desk open", ["hours"]],
    ["where's the records office located", ["office"]],
    ["does the app figure out where I'm located", []],
    ["can I download a copy of my answers?", ["choice"]],
    ["do I have to fill in every field", ["choice"]],
    ["can the college see my answers?", []],
  ])("%s", (question, types) => {
    expect(expectedAnswerTypes(question)).toEqual(types);
  });

  it("sees who may look at information in a paragraph", () => {
    expect([...givenAnswerTypes("Access to your exam recordings and flags is limited to people who need it.")]).toContain("audience");
    expect([...givenAnswerTypes("The videos go to a folder that only you, the instructor and the TAs can see.")]).toEqual(["audience"]);
    expect([...givenAnswerTypes("Its staff may view rider records only to provide support.")]).toEqual(["audience"]);
    expect([...givenAnswerTypes("Research profiles are shared only with the gift officers assigned to you.")]).toEqual(["audience"]);
    expect([...givenAnswerTypes("You can view your ride history in the app.")]).not.toContain("audience");
  });

  it("takes a heading written as a question to ask for what its paragraphs answer", () => {
    const item = "Your instructor and TAs for that course; Testing Services staff, for troubleshooting only.";
    expect([...givenAnswerTypes(item)]).toEqual([]);
    expect([...givenAnswerTypes(item, "Who sees my recording?")]).toEqual(["audience"]);
    expect([...givenAnswerTypes("We delete them at the end of each term.", "How long do we keep it?")]).toContain("duration");
    expect([...givenAnswerTypes(item, "Who sees my recording")]).toEqual([]);
  });

  it("sees a length of time, a place and a count in a paragraph", () => {
    expect([...givenAnswerTypes("Course sites are kept for seven years after the course ends.")].sort()).toEqual(["count", "duration"]);
    expect([...givenAnswerTypes("Canvas data is stored in data centers in the United States.")]).toEqual(["place"]);
    expect([...givenAnswerTypes("The software runs in the vendor's cloud in the Oregon region in the US.")]).toEqual(["place"]);
    expect([...givenAnswerTypes("Badge photos: deleted 24 hours after sign-out.")]).toContain("duration");
    expect([...givenAnswerTypes("The Placement System is software licensed from Vantage Systems, Inc.")]).toContain("provider");
    expect([...givenAnswerTypes("Quizzly runs on software from our vendor, Pollwise Inc., in Ohio.")]).toContain("provider");
    expect([...givenAnswerTypes("The booking app was developed by Roomwise Ltd.")]).toContain("provider");
    expect([...givenAnswerTypes("Your licence is checked when you buy from the store.")]).not.toContain("provider");
    expect([...givenAnswerTypes("Sessions close after fifteen minutes of inactivity.")]).toContain("duration");
    expect([...givenAnswerTypes("Amendments are announced thirty (30) days before they take effect.")]).toContain("duration");
    expect([...givenAnswerTypes("We answer requests within 2 business days.")]).toContain("duration");
    expect([...givenAnswerTypes("A Renter may request earlier deletion of contact details.")]).toContain("choice");
    expect([...givenAnswerTypes("Participation in the Program is voluntary.")]).toContain("choice");
    expect([...givenAnswerTypes("Donor names are published unless you ask to be listed as anonymous.")]).toContain("choice");
    expect([...givenAnswerTypes("Name, postal and email addresses, phone, employer, and class year.")]).toContain("inventory");
    expect([...givenAnswerTypes("The GPS unit reports the vehicle's position every five seconds.")]).toContain("frequency");
    expect([...givenAnswerTypes("The Service is operated on the University's behalf by VeriText Systems Ltd.")]).toContain("provider");
    expect([...givenAnswerTypes("The locks and their software come from BoltPoint Access Systems.")]).toContain("provider");
    expect([...givenAnswerTypes("The user is told unless the law forbids it.")]).toContain("notice");
    expect([...givenAnswerTypes("Your instructors and parents are not told you filed a report.")]).toContain("notice");
    expect([...givenAnswerTypes("Material amendments shall be communicated to Respondents by email.")]).toContain("notice");
    expect([...givenAnswerTypes("Aired episodes stay in our archive for two academic years.")]).toContain("duration");
    expect([...givenAnswerTypes("Visit the Equity Office, second floor, Carver Hall.")]).toContain("office");
    expect([...givenAnswerTypes("Viewing logs are retained for thirteen months.")]).toContain("duration");
    expect([...givenAnswerTypes("Recordings are kept for the term and for two further academic terms.")]).toContain("duration");
    expect([...givenAnswerTypes("If you are located outside the United States, please click here.")]).toEqual([]);
    expect([...givenAnswerTypes("Harvard may also obtain log files of the IP addresses.")]).toEqual([]);
    expect([...givenAnswerTypes("Please contact ithelp@harvard.edu with any questions.")]).toEqual(["contact"]);
    expect([...givenAnswerTypes("The current version was last revised on March 15, 2024.")]).toEqual(["date"]);
    expect([...givenAnswerTypes("The personal information is used to create and enable use of an account.")]).toEqual(["purpose"]);
    expect([...givenAnswerTypes("4.1 Personal Information is used to assign rooms and to verify eligibility.")]).toContain("purpose");
    // A reason given as such answers "why …?" as a purpose does.
    expect([...givenAnswerTypes("Staff may not auto-forward mail, because business records have to stay in our systems.")]).toContain(
      "purpose",
    );
    expect([...givenAnswerTypes("Logs are kept in order to investigate suspected misuse.")]).toContain("purpose");
    expect([...givenAnswerTypes("You pan the webcam around the room to show that no one else is present.")]).toContain("purpose");
    expect([...givenAnswerTypes("Campus Recreation runs the lounge with help from an outside vendor.")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("Public Safety manages the footage from the door cameras.")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("Staff manage the lounge bookings.")]).toEqual([]);
    expect([...givenAnswerTypes('2.3 "Service Provider" means a third party engaged to process information.')]).toEqual(["definition"]);
    expect([...givenAnswerTypes("Prospect Research means the gathering and analysis of information.")]).toEqual(["definition"]);
    expect([...givenAnswerTypes("Remote access is provided by means of a proxy server.")]).not.toContain("definition");
    expect([...givenAnswerTypes("- Run by the Office of Student Financial Services (SFS).")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("It is managed jointly by University Libraries and the Scheduling Office.")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("We're the student-run radio station at the college.")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("Corvane Health Systems, which hosts the health record, keeps it in U.S. data centers.")]).toEqual([
      "place",
      "provider",
    ]);
    expect([...givenAnswerTypes("LockLine Systems supplies the electronic locks and the booking software.")]).toEqual(["provider"]);
    expect([...givenAnswerTypes("Access logs are audited each quarter.")]).toEqual(["frequency"]);
    expect([...givenAnswerTypes("We review this page at least once a year.")]).toEqual(["frequency"]);
    expect([...givenAnswerTypes("The desk is open weekdays from 9 a.m. to 5 p.m.")]).toEqual(["hours"]);
    expect([...givenAnswerTypes("Visit the records office on level 2 of Main Hall.")]).toEqual(["office"]);
    expect([...givenAnswerTypes("You can ask for a copy of your answers at any time.")]).toEqual(["choice"]);
    expect([...givenAnswerTypes("Members may request a copy of their records.")]).toEqual(["choice"]);
    expect([...givenAnswerTypes("At sign-up we collect your name, email address, date of birth and phone.")]).toEqual(["inventory"]);
    expect([...givenAnswerTypes("At sign-up the desk asks for your name, student ID, class year and a phone number.")]).toEqual([
      "inventory",
    ]);
    expect([...givenAnswerTypes("The scanner captures the sender's name, the carrier, the tracking number and the time.")]).toEqual([
      "inventory",
    ]);
  });

  it("escalates a question whose kind of answer the statement never gives, however many words it shares", () => {
    const zoom = createEngine(loadCorpus("corpus"));
    expect(zoom.ask("how long does harvard keep my ip logs").decision).toBe("escalate");
    expect(zoom.ask("Is my Zoom data stored in the EU?").decision).toBe("escalate");
  });

  it("escalates 'will I be told …' when the best paragraph tells of no notice, and answers it when one does", () => {
    const statement = (body: string) =>
      parseStatement(
        ["---", "title: Room Booking Privacy", "url: https://rooms.example.edu/privacy", "updated: 2024-01-01", "---", "", body].join("\n"),
        "rooms.md",
        "rooms",
      );
    const silent = createEngine([
      statement("## Security\n\nThe booking system is protected by encryption and access controls against hackers.\n"),
    ]);
    const a = silent.ask("if the booking system gets hacked will i be notified", { explain: true });
    expect(a.explanation!.signals.typeMissing).toBe(1);
    const telling = createEngine([
      statement(
        "## Security\n\nThe booking system is protected by encryption and access controls against hackers; if it is hacked, we will notify everyone affected.\n",
      ),
    ]);
    const b = telling.ask("if the booking system gets hacked will i be notified", { explain: true });
    expect(b.explanation!.signals.typeMissing).toBe(0);
    expect(b.confidence).toBeGreaterThan(a.confidence);
  });

  it("answers the same kind of question from a statement that gives that kind of answer", () => {
    const canvas = createEngine(loadCorpus("test/fixtures/statements"));
    const a = canvas.ask("how long does canvas keep my submissions");
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.text).toMatch(/seven years/);
    expect(canvas.ask("is canvas data stored in the EU").matches[0]!.text).toMatch(/United States/);
    const updated = canvas.ask("When was the Canvas privacy statement last updated?");
    expect(updated.decision).toBe("answer");
    expect(updated.matches[0]!.text).toMatch(/March 15, 2024/);
  });
});

describe("questions about the statement as a whole", () => {
  const zoom = createEngine(loadCorpus("corpus"));

  it.each([
    "What is this privacy statement about?",
    "Summarize the Zoom privacy statement",
    "Give me an overview of the privacy statement",
  ])("answers %s with the statement's opening paragraph", (question) => {
    const a = zoom.ask(question);
    expect(a.decision).toBe("answer");
    expect(a.matches[0]!.text).toMatch(/^This Privacy Statement describes/);
  });

  it("still answers what the statement says about a topic from that topic's paragraph", () => {
    expect(zoom.ask("what does the statement say about cookies").matches[0]!.section).toBe("Cookies and related technologies");
  });
});

describe("a question asking what the person may do", () => {
  const statement = parseStatement(
    [
      "---",
      "title: Example Gym Privacy Statement",
      "url: https://gym.example.edu/privacy",
      "updated: 2024-01-01",
      "contact: desk@gym.example.edu",
      "---",
      "",
      "# Example Gym Privacy Statement",
      "",
      "## Records we keep",
      "",
      "Each visit records your member number, the time and the door camera photos of the entrance.",
      "",
      "## Your options",
      "",
      "You can ask the front desk for copies of the photos kept about your visits.",
      "",
    ].join("\n"),
    "gym.md",
    "gym",
  );
  const gym = createEngine([statement]);

  it("ranks first the paragraph that says what the person can do", () => {
    expect(gym.ask("can I get the photos of my visits?").matches[0]!.text).toMatch(/^You can ask/);
  });
});
