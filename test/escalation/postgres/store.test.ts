import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_VERSION } from "../../../src/escalation/postgres/migrations.js";
import { PostgresEscalationStore } from "../../../src/escalation/postgres/store.js";
import { DatabaseTooNewError, DatabaseUnavailableError } from "../../../src/escalation/store/errors.js";
import { freshPostgresDatabase, type TestDatabase } from "../../support/postgres.js";
import { newEscalation } from "../fixtures.js";
import { describeStoreContract } from "../store-contract.js";

// Every promise of the store, kept by PostgreSQL: a fresh database on the run's real server per test.
describeStoreContract("PostgreSQL", async (now) => {
  const db = await freshPostgresDatabase();
  return {
    open: () => PostgresEscalationStore.open({ url: db.url, now }),
    cleanup: () => db.drop(),
  };
});

// What only PostgreSQL does: migrating once when replicas start together, a schema from the future, the queue and
// the Slack bookkeeping shared by every replica.
let db: TestDatabase;
let clock: number;
const now = () => new Date(clock);
const stores: PostgresEscalationStore[] = [];

async function open(): Promise<PostgresEscalationStore> {
  const store = await PostgresEscalationStore.open({ url: db.url, now });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  db = await freshPostgresDatabase();
  clock = Date.parse("2025-03-03T15:00:00.000Z");
});

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  await db.drop();
});

describe("opening the database", () => {
  it("migrates once when several replicas open an empty database at the same moment", async () => {
    const opened = await Promise.all(Array.from({ length: 6 }, () => open()));
    expect(opened.map((s) => s.schemaVersion)).toEqual(Array(6).fill(POSTGRES_SCHEMA_VERSION));
    const refs = await Promise.all(opened.map(async (s) => (await s.createEscalation(newEscalation(), [])).escalation.reference));
    expect(new Set(refs).size).toBe(6);
    expect([...refs].sort()).toEqual(["PD-1001", "PD-1002", "PD-1003", "PD-1004", "PD-1005", "PD-1006"]);
  });

  it("refuses a database written by a newer version, saying what to do and never printing the password", async () => {
    await (await open()).close();
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    await raw.query("UPDATE schema_version SET version = $1", [POSTGRES_SCHEMA_VERSION + 1]);
    await raw.end();
    const refused = await open().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatabaseTooNewError);
    expect(String((refused as Error).message)).toMatch(/newer Privacy Desk.*DATABASE_URL/);
    expect(String((refused as Error).message)).not.toContain(new URL(db.url).password);
  });

  it("fails to open, without hanging, when nothing listens at DATABASE_URL, naming it without its password", async () => {
    const url = new URL(db.url);
    url.port = "1";
    const started = Date.now();
    const refused = await PostgresEscalationStore.open({ url: url.toString(), connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseUnavailableError);
    expect((refused as Error).message).toMatch(/DATABASE_URL=postgres:\/\/.*127\.0\.0\.1:1\/.*ECONNREFUSED/);
    expect((refused as Error).message).not.toContain(new URL(db.url).password);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the outbox shared by every replica", () => {
  it("gives each of several workers leasing at once a different delivery, and every delivery to exactly one", async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    for (let i = 0; i < 9; i++) await a.createEscalation(newEscalation(), ["email"]);
    const leased: number[] = [];
    await Promise.all(
      [a, b, c].map(async (s) => {
        for (;;) {
          const d = await s.leaseDueDelivery("email", now(), 60_000);
          if (!d) return;
          leased.push(d.id);
        }
      }),
    );
    expect(leased).toHaveLength(9);
    expect(new Set(leased).size).toBe(9);
  });
});

describe("what replicas agree on about Slack", () => {
  it("sees a Slack delivery id once, whichever replica records it and however many do at once", async () => {
    const [a, b] = [await open(), await open()];
    const firsts = await Promise.all([a, b, a, b].map((s) => s.firstSighting("Ev0123")));
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(await b.firstSighting("Ev0124")).toBe(true);
    expect(await a.firstSighting("Ev0124")).toBe(false);
  });

  it("counts a person's questions into one window from every replica, and frees places as they leave it", async () => {
    const [a, b] = [await open(), await open()];
    const decisions = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).takeRate("U0FLOOD", 5, 60_000)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const refused = decisions.find((d) => !d.allowed);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect((await a.takeRate("U0OTHER", 5, 60_000)).allowed).toBe(true);
    clock += 30_000;
    expect(await b.takeRate("U0FLOOD", 5, 60_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    clock += 30_000;
    expect((await b.takeRate("U0FLOOD", 5, 60_000)).allowed).toBe(true);
  });
});
