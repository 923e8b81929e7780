import { PostgresEscalationStore } from "./postgres/store.js";
import { openSqliteStore } from "./sqlite/open.js";
import type { SqliteEscalationStore } from "./sqlite/store.js";
import type { SharedSlackState } from "./store/types.js";

/** Which database keeps the escalations: one SQLite file, or a PostgreSQL server every replica shares. */
export type StoreBackend = "sqlite" | "postgres";

/** The store the configuration names, with what only PostgreSQL offers when it is PostgreSQL. */
export type OpenedStore =
  | { backend: "sqlite"; store: SqliteEscalationStore; shared: undefined; where: string }
  | { backend: "postgres"; store: PostgresEscalationStore; shared: SharedSlackState; where: string };

/** What openStore reads from the configuration. */
export interface StoreSettings {
  DATABASE_PATH: string;
  DATABASE_URL?: string | undefined;
}

/**
 * DATABASE_URL (postgres://…) selects PostgreSQL, shared by every replica; without it, the SQLite file at
 * DATABASE_PATH, as a single instance has always used. Both are migrated on open.
 */
export async function openStore(
  settings: StoreSettings,
  options: { now?: () => Date; onIdleError?: (error: Error) => void; busyTimeoutMs?: number } = {},
): Promise<OpenedStore> {
  if (settings.DATABASE_URL) {
    const store = await PostgresEscalationStore.open({
      url: settings.DATABASE_URL,
      ...(options.now ? { now: options.now } : {}),
      ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    });
    return { backend: "postgres", store, shared: store, where: store.where };
  }
  // A failure names DATABASE_PATH and says what to do (DatabaseOpenError).
  const store = openSqliteStore({
    path: settings.DATABASE_PATH,
    ...(options.now ? { now: options.now } : {}),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
  });
  return { backend: "sqlite", store, shared: undefined, where: settings.DATABASE_PATH };
}
