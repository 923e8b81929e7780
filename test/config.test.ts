import { describe, expect, it } from "vitest";
import { ConfigError, isSlackConfig, loadConfig } from "../src/config.js";

const BOT = "xoxb-1111-2222-abcdefSECRETbot";
const APP = "xapp-1-A111-3333-SECRETapp";
const SIGNING = "8f14e45fceea167aSECRETsigning";

function problemsOf(env: Record<string, string>): { error: ConfigError; problems: readonly string[] } {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { error: error as ConfigError, problems: (error as ConfigError).problems };
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("reads PRIVACY_OFFICE_USERS as a list of Slack user ids (nobody when unset), and refuses anything else", () => {
    expect(loadConfig({}).PRIVACY_OFFICE_USERS).toEqual([]);
    expect(loadConfig({ PRIVACY_OFFICE_USERS: " " }).PRIVACY_OFFICE_USERS).toEqual([]);
    expect(loadConfig({ PRIVACY_OFFICE_USERS: "U012AB3CD, W0ABC  U0ZZZ," }).PRIVACY_OFFICE_USERS).toEqual(["U012AB3CD", "W0ABC", "U0ZZZ"]);
    expect(problemsOf({ PRIVACY_OFFICE_USERS: "U012AB3CD,@jane", STATEMENT_FILES_URL: "files/corpus" }).problems).toEqual([
      "PRIVACY_OFFICE_USERS must list Slack user ids such as U012AB3CD, separated by commas",
      "STATEMENT_FILES_URL must be an http(s) URL",
    ]);
  });

  it("runs the local console with documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.mode).toBe("console");
    expect(isSlackConfig(config)).toBe(false);
    expect(config).toMatchObject({
      PORT: 3000,
      LOG_LEVEL: "info",
      DATABASE_PATH: "./data/privacy-desk.db",
      ITHELP_EMAIL: "ithelp@harvard.edu",
      RETENTION_DAYS: 90,
      RATE_LIMIT_PER_MINUTE: 20,
      MAX_QUESTION_CHARS: 2000,
    });
    expect(config.SLACK_API_URL).toBeUndefined();
  });

  it("treats blank values (NAME= in .env) as unset", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "  ", PORT: "", LOG_LEVEL: "" });
    expect(config.mode).toBe("console");
    expect(config.PORT).toBe(3000);
    expect(config.LOG_LEVEL).toBe("info");
  });

  it("chooses Socket Mode with an app token, and prefers it when a signing secret is also set", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }).mode).toBe("socket");
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SIGNING }).mode).toBe("socket");
  });

  it("chooses HTTP mode with a signing secret, on PORT", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: "8080", HELPDESK_CHANNEL: "C0123ABCD" });
    expect(config.mode).toBe("http");
    expect(config.PORT).toBe(8080);
    expect(config.HELPDESK_CHANNEL).toBe("C0123ABCD");
    expect(isSlackConfig(config)).toBe(true);
  });

  it("says which setting to add when only a bot token is set", () => {
    const { problems } = problemsOf({ SLACK_BOT_TOKEN: BOT });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("add SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)");
  });

  it("asks for the bot token when only an app token or signing secret is set", () => {
    expect(problemsOf({ SLACK_APP_TOKEN: APP }).problems[0]).toContain("SLACK_BOT_TOKEN is missing");
    expect(problemsOf({ SLACK_SIGNING_SECRET: SIGNING }).problems[0]).toContain("SLACK_BOT_TOKEN is missing");
  });

  it("lists every problem at once", () => {
    const { error, problems } = problemsOf({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      PORT: "eighty",
      LOG_LEVEL: "loud",
      HELPDESK_CHANNEL: "#ithelp",
      SLACK_API_URL: "not a url",
      ITHELP_EMAIL: "ithelp",
      RETENTION_DAYS: "0",
      MAX_QUESTION_CHARS: "1.5",
      HELPDESK_WEBHOOK_URL: "https://intake.example.edu/hook",
    });
    const joined = problems.join("\n");
    for (const name of [
      "PORT",
      "LOG_LEVEL",
      "HELPDESK_CHANNEL",
      "SLACK_API_URL",
      "ITHELP_EMAIL",
      "RETENTION_DAYS",
      "MAX_QUESTION_CHARS",
      "HELPDESK_WEBHOOK_SECRET",
    ]) {
      expect(joined).toContain(name);
    }
    expect(problems).toHaveLength(8);
    expect(error.message).toContain("8 problems");
  });

  it("never prints a secret's value, even when the secret itself is wrong", () => {
    const wrongBot = "xoxp-user-token-s3cr3tvalue";
    const wrongApp = "xoxb-not-an-app-token-s3cr3tvalue";
    const { error } = problemsOf({
      SLACK_BOT_TOKEN: wrongBot,
      SLACK_APP_TOKEN: wrongApp,
      SLACK_SIGNING_SECRET: "tiny1",
      SMTP_URL: "mailto:s3cr3tpw@x",
    });
    const printed = `${error.message}\n${String(error)}\n${JSON.stringify(error.problems)}`;
    expect(printed).toContain("SLACK_BOT_TOKEN");
    expect(printed).toContain("SLACK_APP_TOKEN");
    expect(printed).toContain("SLACK_SIGNING_SECRET");
    expect(printed).toContain("SMTP_URL");
    expect(printed).not.toContain("s3cr3t");
    expect(printed).not.toContain("tiny1");
  });

  it("accepts a Web API base URL with or without the trailing slash", () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP };
    expect(loadConfig({ ...base, SLACK_API_URL: "https://slack-gov.com/api" }).SLACK_API_URL).toBe("https://slack-gov.com/api/");
    expect(loadConfig({ ...base, SLACK_API_URL: "http://127.0.0.1:9999/api/" }).SLACK_API_URL).toBe("http://127.0.0.1:9999/api/");
  });

  it("parses the hand-off settings", () => {
    const config = loadConfig({
      SMTP_URL: "smtp://user:pw@localhost:2525",
      MAIL_FROM: "Privacy Desk <privacy-desk@example.edu>",
      HELPDESK_WEBHOOK_URL: "https://intake.example.edu/hook",
      HELPDESK_WEBHOOK_SECRET: "0123456789abcdef0123",
      RETENTION_DAYS: "30",
      RATE_LIMIT_PER_MINUTE: "5",
      MAX_QUESTION_CHARS: "500",
      DATABASE_PATH: "/tmp/pd.db",
      ITHELP_EMAIL: "help@example.edu",
      CORPUS_DIR: "./corpus",
    });
    expect(config).toMatchObject({
      SMTP_URL: "smtp://user:pw@localhost:2525",
      RETENTION_DAYS: 30,
      RATE_LIMIT_PER_MINUTE: 5,
      MAX_QUESTION_CHARS: 500,
      DATABASE_PATH: "/tmp/pd.db",
      ITHELP_EMAIL: "help@example.edu",
      CORPUS_DIR: "./corpus",
    });
  });
});
