import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { type AppProcess, postSigned, scratchDir, startApp } from "./support/app.js";
import { slash } from "./support/conversation.js";

// A signed interactivity request whose payload is JSON `null` once killed the whole process inside Bolt's receiver.
const SECRET = "fault-malformed-secret-0123";
let fake: FakeSlack;
let app: AppProcess;
const scratch = scratchDir();

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await startApp({
    SLACK_BOT_TOKEN: "xoxb-malformed",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: scratch.dbPath,
  });
});

afterAll(async () => {
  await app?.kill();
  await fake?.close();
  scratch.cleanup();
});

describe("a signed request the receiver cannot read", () => {
  it.each([
    ["payload=null", "application/x-www-form-urlencoded"],
    ["payload=42", "application/x-www-form-urlencoded"],
    ["null", "application/json"],
  ])("%s (%s) is answered 400, logged, and the next person is served", async (body, contentType) => {
    const broken = await postSigned(app.port, SECRET, body, contentType);
    expect(broken).toMatchObject({ status: 400 });
    await app.waitForLog((l) => l.includes('"event":"malformed_request"'), 3000);
    expect(app.alive()).toBe(true);
    const next = await slash({ port: app.port, secret: SECRET, fake }, "U0NEXT", "does Zoom see my IP?");
    expect(next).toMatchObject({ status: 200 });
    expect("body" in next && next.body).toContain("IP");
  });
});
