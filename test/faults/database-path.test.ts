import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, scratchDir } from "./support/app.js";

// A database the app cannot use stopped it with SQLite's bare words ("file is not a database"), naming nothing to fix.
const scratch = scratchDir();
const slack = {
  SLACK_BOT_TOKEN: "xoxb-dbpath",
  SLACK_SIGNING_SECRET: "fault-dbpath-secret-0123",
  SLACK_API_URL: "http://127.0.0.1:9/api/",
  PORT: "0",
};

afterAll(() => scratch.cleanup());

describe("a database file the app cannot use", () => {
  it.each([
    [
      "a file that is not a database",
      () => {
        const path = join(scratch.dir, "garbage.db");
        writeFileSync(path, "this is not SQLite ".repeat(400));
        return path;
      },
    ],
    [
      "a folder where the file should be",
      () => {
        const path = join(scratch.dir, "a-folder.db");
        mkdirSync(path);
        return path;
      },
    ],
    [
      "a parent that is a file",
      () => {
        const parent = join(scratch.dir, "plain-file");
        writeFileSync(parent, "x");
        return join(parent, "privacy-desk.db");
      },
    ],
  ])("%s: start stops with a message naming DATABASE_PATH and the path", async (_what, make) => {
    const path = make();
    const result = await runCli(["start"], { ...slack, DATABASE_PATH: path });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("DATABASE_PATH");
    expect(result.stderr).toContain(path);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
