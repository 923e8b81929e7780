import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GREETING_REPLY, THANKS_REPLY } from "../src/desk/small-talk-replies.js";
import { PLAIN_USAGE } from "../src/format.js";

// The CLI is a contract other tools rely on; these run the built program as they do.
const CACHE = mkdtempSync(join(tmpdir(), "pd-cli-cache-"));
function cli(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ["dist/cli.js", ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, CORPUS_DIR: "", CACHE_DIR: CACHE, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("privacy-desk ask", () => {
  it("prints a readable answer with statement, section, paragraph, link, date and confidence", () => {
    const { code, out } = cli(["ask", "does Zoom see my IP?"]);
    expect(code).toBe(0);
    expect(out).toContain("Zoom Privacy Statement › Sharing of information");
    expect(out).toContain("Zoom is provided and hosted by the third-party vendor Zoom.");
    expect(out).toContain("https://huit.harvard.edu/privacy/zoom#sharing-of-information");
    expect(out).toContain("last updated 2022-10-24");
    expect(out).toMatch(/Confidence: 0\.\d\d/);
  });

  it("names ithelp when it escalates", () => {
    expect(cli(["ask", "how do I share my screen?"]).out).toContain("ithelp@harvard.edu");
  });

  it.each(["help", "can you help me?", "I need help", "help please", "how do I use this?"])(
    "prints how to use it for %j, with example questions, instead of an answer",
    (question) => {
      const { code, out } = cli(["ask", question]);
      expect(code).toBe(0);
      expect(out).toContain(PLAIN_USAGE);
      expect(out).toContain("Does Zoom use cookies?");
      expect(out).not.toContain("Confidence:");
    },
  );

  it("--json prints one object of the documented shape", () => {
    const { out } = cli(["ask", "--json", "Does Zoom use cookies?"]);
    const r = JSON.parse(out);
    expect(Object.keys(r)).toEqual(["question", "decision", "confidence", "matches"]);
    expect(r.question).toBe("Does Zoom use cookies?");
    expect(r.decision).toBe("answer");
    expect(r.matches[0]).toEqual({
      statement: "Zoom Privacy Statement",
      section: "Cookies and related technologies",
      text: expect.any(String),
      url: expect.any(String),
      score: expect.any(Number),
    });
  });

  it("--json --explain adds how each word was matched, the routing and the decision's signals", () => {
    const { out } = cli(["ask", "--json", "--explain", "--corpus", "test/fixtures/routing", "can detectives see my bike trips"]);
    const r = JSON.parse(out);
    expect(Object.keys(r)).toEqual(["question", "decision", "confidence", "matches", "explain"]);
    expect(r.explain.routing).toEqual({ statements: ["bike-share"], by: ["bike"] });
    expect(Object.keys(r.explain.signals)).toContain("coverage");
    const best = r.explain.matches[0];
    expect(best.words).toContainEqual({ word: "detectives", weight: expect.any(Number), matched: "concept", via: "§law-enforcement" });
    expect(best.words).toContainEqual({ word: "bike", weight: expect.any(Number), matched: "heading" });
    expect(best.words.find((w: { word: string }) => w.word === "trips").matched).toBe("lemma");
  });

  it("reads one question a line from stdin and writes one JSON line each, blank lines included", () => {
    const { out } = cli(["ask", "--json"], "Is Google Analytics used?\n\nwhat's the weather\n");
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.decision)).toEqual(["answer", "escalate", "escalate"]);
    expect(lines[1].question).toBe("");
  });

  it("--corpus answers from another statement folder", () => {
    const { out } = cli(["ask", "--json", "--corpus", "test/fixtures/statements", "who can see my grades?"]);
    expect(JSON.parse(out).matches[0].statement).toBe("Canvas Privacy Statement");
  });

  it("keeps the statements it parsed and its index in the user's cache folder and answers the same from them; CACHE_DIR=off keeps none", () => {
    const ask = (env: NodeJS.ProcessEnv) =>
      cli(["ask", "--json", "--corpus", "test/fixtures/statements", "who can see my grades?"], undefined, env).out;
    const home = mkdtempSync(join(tmpdir(), "pd-cache-home-"));
    const first = ask({ CACHE_DIR: "", XDG_CACHE_HOME: home });
    const kept = readdirSync(join(home, "privacy-desk")).sort();
    expect(kept).toEqual([expect.stringMatching(/^index-\w+\.json$/), expect.stringMatching(/^statements-\w+\.json$/)]);
    expect(ask({ CACHE_DIR: "", XDG_CACHE_HOME: home })).toBe(first);
    // A damaged index is built again, and answers the same.
    writeFileSync(join(home, "privacy-desk", kept[0]!), '{"form": 1, "paragraphs": [');
    expect(ask({ CACHE_DIR: "", XDG_CACHE_HOME: home })).toBe(first);
    const untouched = mkdtempSync(join(tmpdir(), "pd-cache-home-"));
    expect(ask({ CACHE_DIR: "off", XDG_CACHE_HOME: untouched })).toBe(first);
    expect(readdirSync(untouched)).toHaveLength(0);
  });

  it("exits non-zero naming the file and field when a statement is broken", () => {
    const dir = mkdtempSync(join(tmpdir(), "pd-bad-"));
    writeFileSync(join(dir, "broken.md"), "---\ntitle: Broken\nupdated: 2024-01-01\n---\n## A\n\nText.\n");
    const { code, out, err } = cli(["ask", "--corpus", dir, "anything"]);
    expect(code).not.toBe(0);
    expect(out).toBe("");
    expect(err).toContain("broken.md: url: required but missing");
  });
});

describe("privacy-desk start without Slack settings", () => {
  it("opens a console that answers questions", () => {
    const env = { SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "", SLACK_SIGNING_SECRET: "" };
    const { code, out } = cli(["start"], "Is Google Analytics used?\nexit\n", env);
    expect(code).toBe(0);
    expect(out).toContain("local console");
    expect(out).toContain("Google Analytics");
  });

  it("answers a greeting and thanks as Slack does, not with a search", () => {
    const env = { SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "", SLACK_SIGNING_SECRET: "" };
    const { code, out } = cli(["start"], "hi\nthanks, that's super helpful!\nexit\n", env);
    expect(code).toBe(0);
    expect(out).toContain(GREETING_REPLY);
    expect(out).toContain(THANKS_REPLY);
    expect(out).not.toContain("don't seem to answer");
  });

  it("tells how to use it when asked for help in everyday words", () => {
    const env = { SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "", SLACK_SIGNING_SECRET: "" };
    const { code, out } = cli(["start"], "I need help\nexit\n", env);
    expect(code).toBe(0);
    expect(out).toContain(PLAIN_USAGE);
    expect(out).not.toContain("Confidence:");
  });
});

describe("the helpdesk address", () => {
  it("is ITHELP_EMAIL when set, in privacy-desk ask's readable output", () => {
    const { out } = cli(["ask", "how do I share my screen?"], undefined, { ITHELP_EMAIL: "privacy-help@example.edu" });
    expect(out).toContain("privacy-help@example.edu");
    expect(out).not.toContain("ithelp@harvard.edu");
  });

  it("stops ask with exit code 2 when ITHELP_EMAIL is not an address", () => {
    const { code, err } = cli(["ask", "anything"], undefined, { ITHELP_EMAIL: "not-an-address" });
    expect(code).toBe(2);
    expect(err).toContain("ITHELP_EMAIL must be an email address");
  });

  it("reads the corpus from CORPUS_DIR", () => {
    const { out } = cli(["ask", "--json", "who can see my grades?"], undefined, { CORPUS_DIR: "test/fixtures/statements" });
    expect(JSON.parse(out).matches[0].statement).toBe("Canvas Privacy Statement");
  });
});
