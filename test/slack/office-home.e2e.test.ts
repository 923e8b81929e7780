import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { buildReport, parseSince, type Report } from "../../src/report/report.js";
import { type RunningSlack, startSlack } from "../../src/slack/app.js";
import { HOME_HEADING, OFFICE_FILES, officeHeading } from "../../src/slack/texts.js";
import { tempDir } from "../escalation/fixtures.js";
import { seedStore } from "../report/support/seed.js";
import { until } from "../support/until.js";
import { type FakeSlack, type RecordedCall, startFakeSlack } from "./support/fake-slack.js";
import { captureLogger } from "./support/logs.js";
import { dmEvent, eventCallback, homeOpenedEvent, USER_ID } from "./support/payloads.js";
import { createRealEngine } from "./support/real-engine.js";
import { postToApp } from "./support/signing.js";

// App Home over the real HTTP receiver, signed as Slack signs: the privacy office sees the report, nobody else does.
const SECRET = "office-home-signing-secret-0123";
const OFFICER = "U0OFFICER1";
const FILES_URL = "https://github.example.edu/privacy/statements/tree/main/corpus";

let fake: FakeSlack;
let running: RunningSlack;
let store: SqliteEscalationStore;
let tmp: ReturnType<typeof tempDir>;
let expected: Report;
const logs = captureLogger();

beforeAll(async () => {
  tmp = tempDir();
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  let t = today;
  const seeding = new SqliteEscalationStore({ path: tmp.dbPath, now: () => new Date(t) });
  const seeded = await seedStore(seeding, { set: (ms) => (t = Math.min(ms, Date.now())) }, today);
  seeding.close();
  store = new SqliteEscalationStore({ path: tmp.dbPath });
  expected = await buildReport({ source: store, statements: seeded.statements, since: parseSince("30d", new Date()), now: new Date() });
  fake = await startFakeSlack();
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-office-home",
    SLACK_SIGNING_SECRET: SECRET,
    PORT: "0",
    SLACK_API_URL: fake.apiUrl,
    PRIVACY_OFFICE_USERS: `U0SOMEONE, ${OFFICER}`,
    STATEMENT_FILES_URL: FILES_URL,
  }) as SlackConfig;
  running = await startSlack(config, createRealEngine(), logs.logger, { host: "127.0.0.1", reportSource: store, questionCounts: store });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  store?.close();
  tmp?.cleanup();
});

/** Opens App Home as `user` over signed HTTP and returns the view Privacy Desk published for them. */
async function openHome(user: string): Promise<RecordedCall> {
  const published = () => fake.callsTo("views.publish").filter((c) => c.body.user_id === user);
  const seen = published().length;
  const res = await postToApp(
    `http://127.0.0.1:${running.port}/slack/events`,
    JSON.stringify(eventCallback({ ...homeOpenedEvent("home"), user })),
    "application/json",
    {
      secret: SECRET,
    },
  );
  expect(res.status).toBe(200);
  return until(`the Home view for ${user}`, () => published()[seen]);
}

const texts = (call: RecordedCall): string => {
  const view = call.body.view;
  return typeof view === "string" ? view : JSON.stringify(view);
};

describe("App Home for the privacy office", () => {
  it("shows a listed person the report's figures for the last 30 days, with a link to the statement files", async () => {
    const view = texts(await openHome(OFFICER));
    expect(view).toContain(officeHeading(30));
    expect(expected.answered + expected.escalated).toBeGreaterThan(0);
    expect(view).toContain(
      `*${expected.answered + expected.escalated} questions*: ${expected.answered} answered, ${expected.escalated} escalated`,
    );
    const zoom = expected.statements[0]!;
    expect(view).toContain(`*Zoom Privacy Statement* — ${zoom.answered} answered · ${zoom.escalated} escalated`);
    expect(view).toContain(`Most often Not helpful (${zoom.notHelpful[0]!.notHelpful}×)`);
    expect(view).toContain("Phrasings to add: 1");
    expect(view).toContain(`<${FILES_URL}|${OFFICE_FILES}>`);
    // Still the ordinary Home below it; and no question text or name of anyone who asked.
    expect(view).toContain(HOME_HEADING);
    expect(view).not.toMatch(/Ada|Lovelace|cops|wifi password/);
  });

  it("counts a question asked in a DM, and the next Home shows it", async () => {
    const before = await openHome(OFFICER);
    expect(texts(before)).toContain(`${expected.answered} answered, ${expected.escalated} escalated`);
    const res = await postToApp(
      `http://127.0.0.1:${running.port}/slack/events`,
      JSON.stringify(eventCallback(dmEvent("does Zoom see my IP?"))),
      "application/json",
      {
        secret: SECRET,
      },
    );
    expect(res.status).toBe(200);
    await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "D0PERSON");
    expect(texts(await openHome(OFFICER))).toContain(
      `*${expected.answered + expected.escalated + 1} questions*: ${expected.answered + 1} answered`,
    );
  });

  it("shows anyone else the ordinary Home, without the summary", async () => {
    const view = texts(await openHome(USER_ID));
    expect(view).toContain(HOME_HEADING);
    expect(view).not.toContain(officeHeading(30));
    expect(view).not.toContain(OFFICE_FILES);
    expect(view).not.toContain("answered");
  });
});
