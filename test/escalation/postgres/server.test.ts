import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type TestDatabase } from "../../support/postgres.js";

// The tests' PostgreSQL is a real server on loopback, and every test database starts empty and apart.
const made: TestDatabase[] = [];
afterEach(async () => {
  for (const db of made.splice(0)) await db.drop();
});

describe("the tests' PostgreSQL server", () => {
  it("is a real PostgreSQL on 127.0.0.1 that gives each test its own empty database", async () => {
    const a = await freshPostgresDatabase();
    const b = await freshPostgresDatabase();
    made.push(a, b);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).hostname).toBe("127.0.0.1");
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    try {
      const version = await client.query<{ server_version_num: string }>("SHOW server_version_num");
      expect(Number(version.rows[0]!.server_version_num)).toBeGreaterThanOrEqual(150000);
      await client.query("CREATE TABLE t (x int)");
      const other = new pg.Client({ connectionString: b.url });
      await other.connect();
      const tables = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 't'");
      await other.end();
      expect(tables.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });

  it("leaves a failing run's exit code as it is (a test run or a load run that failed does not exit 0)", () => {
    const module = resolve("dist/bench/throwaway-postgres.js");
    const script = `const { loadEmbeddedPostgres } = await import(${JSON.stringify(module)});
      await loadEmbeddedPostgres(); process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
  });
});
