// vitest globalSetup: one throwaway PostgreSQL server for the whole run; each test makes its own database on it
// (test/support/postgres.ts). Stopped and deleted when the run ends.
import type { TestProject } from "vitest/node";
import { startPostgresServer } from "../../src/bench/throwaway-postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the run's PostgreSQL server (its `postgres` database), for creating test databases. */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide("postgresAdminUrl", server.url());
  return () => server.stop();
}
