// Test databases on the run's PostgreSQL server (started once by vitest's globalSetup, test/support/postgres.global.ts).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** A database made for one test; `drop` removes it, closing whatever is still connected. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

let counter = 0;

/** Creates an empty database on the server at `adminUrl`. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `test_${process.pid}_${(counter++).toString(36)}_${randomBytes(4).toString("hex")}`;
  // file_copy: copying the tiny template's files is much faster than writing them through the WAL.
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 STRATEGY file_copy`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A new, empty database on the run's PostgreSQL server. */
export function freshPostgresDatabase(): Promise<TestDatabase> {
  return createTestDatabase(inject("postgresAdminUrl"));
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
