import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/support/fake-slack.js";
import { type AppProcess, scratchDir, startApp } from "./support/app.js";
import { slash } from "./support/conversation.js";

// `.env.example`, the README and the configuration error all said `.env` is read; it was not.
const FILE_SECRET = "secret-from-the-dot-env-file";
let fake: FakeSlack;
let app: AppProcess | undefined;
const scratch = scratchDir();

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await app?.kill();
  await fake?.close();
  scratch.cleanup();
});

describe("settings in .env", () => {
  it("are read at start from the working directory, and the environment wins over the file", async () => {
    const fromFile = join(scratch.dir, "from-file.db");
    const fromEnv = join(scratch.dir, "from-env.db");
    writeFileSync(
      join(scratch.dir, ".env"),
      [
        "# written as an operator would",
        "SLACK_BOT_TOKEN=xoxb-from-dot-env",
        `SLACK_SIGNING_SECRET=${FILE_SECRET}`,
        `SLACK_API_URL=${fake.apiUrl}`,
        `DATABASE_PATH=${fromFile}`,
        "LOG_LEVEL=silent",
        "",
      ].join("\n"),
    );
    // Only what the test sets is in the environment: nothing of the Slack settings.
    app = await startApp(
      {
        SLACK_BOT_TOKEN: undefined,
        SLACK_SIGNING_SECRET: undefined,
        SLACK_API_URL: undefined,
        DATABASE_PATH: fromEnv,
        LOG_LEVEL: "info",
      },
      { cwd: scratch.dir },
    );
    const answered = await slash({ port: app.port, secret: FILE_SECRET, fake }, "U0DOTENV", "does Zoom see my IP?");
    expect(answered).toMatchObject({ status: 200 });
    expect(fake.callsTo("auth.test")[0]?.headers.authorization).toBe("Bearer xoxb-from-dot-env");
    expect(existsSync(fromEnv)).toBe(true);
    expect(existsSync(fromFile)).toBe(false);
  });
});
