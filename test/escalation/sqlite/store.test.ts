import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../../src/escalation/sqlite/migrations.js";
import { SqliteEscalationStore } from "../../../src/escalation/sqlite/store.js";
import { DatabaseTooNewError, StoreBusyError } from "../../../src/escalation/store/errors.js";
import { newEscalation, tempDir } from "../fixtures.js";
import { describeStoreContract } from "../store-contract.js";

// Every promise of the store, kept by SQLite: a fresh file per test.
describeStoreContract("SQLite", (now) => {
  const tmp = tempDir();
  return {
    open: async () => new SqliteEscalationStore({ path: tmp.dbPath, now }),
    cleanup: async () => tmp.cleanup(),
  };
});

// What only the SQLite file does: its journal, its schema versions, locks across processes, bytes on disk.
let tmp: ReturnType<typeof tempDir>;
let clock: number;
const now = () => new Date(clock);
const stores: SqliteEscalationStore[] = [];

function open(path = tmp.dbPath): SqliteEscalationStore {
  const store = new SqliteEscalationStore({ path, now });
  stores.push(store);
  return store;
}

beforeEach(() => {
  tmp = tempDir();
  clock = Date.parse("2025-03-03T15:00:00.000Z");
});

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  tmp.cleanup();
});

describe("opening the database", () => {
  it("creates the file (and its directory), in WAL mode, at the current schema version", () => {
    const store = open();
    expect(store.journalMode).toBe("wal");
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
  });

  it("keeps what was written when opened again, without migrating twice", () => {
    const first = open();
    const { escalation } = first.createEscalation(newEscalation(), ["email"]);
    first.close();
    const again = open();
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    expect(again.getByReference(escalation.reference)).toEqual(escalation);
  });

  it("refuses a database written by a newer version, saying what to do", () => {
    open().close();
    const raw = new Database(tmp.dbPath);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => open()).toThrow(DatabaseTooNewError);
    expect(() => open()).toThrow(/newer Privacy Desk/);
  });
});

describe("across processes", () => {
  it("gives one escalation when two processes record the same request", () => {
    const a = open();
    const b = open();
    const input = newEscalation({ idempotencyKey: "view_submission:V999" });
    const fromA = a.createEscalation(input, ["email"]);
    const fromB = b.createEscalation(input, ["email"]);
    expect([fromA.created, fromB.created]).toEqual([true, false]);
    expect(fromB.escalation.reference).toBe(fromA.escalation.reference);
    expect(a.countPendingDeliveries()).toBe(1);
  });

  it("has exactly one owner when several agents in separate processes claim at the same moment", async () => {
    const store = open();
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    const child = fileURLToPath(new URL("./claim-race.child.ts", import.meta.url));
    const startSignal = join(tmp.dir, "go");
    const agents = ["U0AGENT1", "U0AGENT2", "U0AGENT3", "U0AGENT4"];
    const runs = agents.map((agent) => {
      const p = spawn(process.execPath, ["--import", "tsx", child, tmp.dbPath, reference, agent, startSignal], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      const ready = new Promise<void>((resolve) =>
        p.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("ready\n")) resolve();
        }),
      );
      const done = new Promise<{ agentId: string; outcome: string; owner: string | null }>((resolve, reject) =>
        p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.split("\n")[1]!)) : reject(new Error(`claimant exited ${code}`)))),
      );
      return { ready, done };
    });
    await Promise.all(runs.map((r) => r.ready));
    writeFileSync(startSignal, "");
    const results = await Promise.all(runs.map((r) => r.done));
    const winners = results.filter((r) => r.outcome === "claimed");
    expect(winners).toHaveLength(1);
    const owner = winners[0]!.agentId;
    for (const r of results.filter((r) => r.outcome !== "claimed")) expect(r).toMatchObject({ outcome: "claimed_by_other", owner });
    expect(store.getByReference(reference)).toMatchObject({ status: "claimed", claimedBy: owner });
  }, 60_000);
});

describe("what is left on disk", () => {
  it("keeps nothing of a forgotten person in the database files, not even in free pages or the write-ahead log", () => {
    const store = open();
    const { reference: theirs } = store.createEscalation(newEscalation({ requesterId: "U0LEAVING" }), ["slack", "email"]).escalation;
    store.claim(theirs, "U0AGENT1");
    store.addMessage({ reference: theirs, direction: "to_helpdesk", authorId: "U0LEAVING", text: "zebra-marmalade" });
    const { reference: other } = store.createEscalation(newEscalation({ requesterId: "U0STAYING" }), ["slack"]).escalation;
    store.claim(other, "U0LEAVING");
    store.addMessage({ reference: other, direction: "to_person", authorId: "U0LEAVING", authorName: "Sam", text: "Hello" });
    store.resolve(other, "U0LEAVING");

    expect(store.forgetUser("U0LEAVING")).toMatchObject({ escalations: 1, redacted: 3 });

    const bytes = Buffer.concat([tmp.dbPath, `${tmp.dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))).toString(
      "latin1",
    );
    expect(bytes).toContain("U0STAYING");
    expect(bytes).not.toContain("U0LEAVING");
    expect(bytes).not.toContain("zebra-marmalade");
  });
});

describe("a question count while another connection holds the write lock", () => {
  it("is refused at once as busy rather than waiting on the event loop, and the store's own wait is kept", () => {
    const store = new SqliteEscalationStore({ path: tmp.dbPath, now, busyTimeoutMs: 400 });
    stores.push(store);
    const other = new Database(tmp.dbPath, { timeout: 0 });
    other.exec("BEGIN IMMEDIATE");
    try {
      let started = Date.now();
      expect(() => store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "answered" })).toThrow(StoreBusyError);
      expect(Date.now() - started).toBeLessThan(200);
      // Other writes still wait their busy timeout before giving up.
      started = Date.now();
      expect(() => store.recordFeedback("zoom/sharing/1", true)).toThrow(StoreBusyError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      other.exec("COMMIT");
      other.close();
    }
    store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "answered" });
    expect(store.questionCounts(new Date(clock))).toEqual([
      { day: "2025-03-03", statementId: "zoom", sectionSlug: "sharing", answered: 1, escalated: 0 },
    ]);
  });
});
