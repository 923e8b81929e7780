import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEphemeralReply, loadRequest } from "../../src/bench/load.js";
import { formatReplicaReport, runReplicaComparison } from "../../src/bench/replicas.js";
import { freshPostgresDatabase, type TestDatabase } from "../support/postgres.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await freshPostgresDatabase();
});
afterAll(async () => {
  await db?.drop();
});

// A short `npm run load -- --replicas 2`: one replica on SQLite, then two on one PostgreSQL, every answer arriving.
describe("the replica load run", () => {
  it("drives one replica on SQLite and two on PostgreSQL with the same load, and every accepted request is answered", async () => {
    const rows = await runReplicaComparison({
      replicas: 2,
      durationSec: 1,
      connections: 4,
      warmupSec: 0,
      cli: CLI,
      databaseUrl: db.url,
      requests: { request: loadRequest, isReply: isEphemeralReply },
    });
    expect(rows.map((r) => [r.setup, r.replicas])).toEqual([
      ["SQLite", 1],
      ["PostgreSQL", 2],
    ]);
    for (const r of rows) {
      expect(r.accepted).toBeGreaterThan(20);
      expect(r.answered).toBe(r.accepted);
      expect(r.errors + r.timeouts + r.non2xx + r.errorLogLines).toBe(0);
    }
    const report = formatReplicaReport(rows, { durationSec: 1, connections: 4 });
    expect(report).toContain("| PostgreSQL | 2 |");
  }, 60_000);
});
