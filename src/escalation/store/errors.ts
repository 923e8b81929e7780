/** The database was written by a newer Privacy Desk than this one. */
import { PrivacyDeskError } from "../../errors.js";

export class DatabaseTooNewError extends PrivacyDeskError {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
    /** What else the operator can do: by default point DATABASE_PATH at another file. */
    advice = "point DATABASE_PATH at another file",
  ) {
    super(
      "database_too_new",
      `The database at ${path} has schema version ${found}, but this Privacy Desk only knows up to ${known}. ` +
        `Run the newer Privacy Desk, or ${advice}.`,
    );
  }
}

/**
 * The store could not take a write in time because another connection holds the lock (SQLite's busy timeout, a
 * database's lock timeout). Nothing was written; the same call may be tried again in a moment.
 */
export class StoreBusyError extends PrivacyDeskError {
  constructor(options?: { cause?: unknown }) {
    super(
      "store_busy",
      "The database is busy (another connection holds its write lock); nothing was written. Try again in a moment.",
      options,
    );
  }
}

/** True for an error that says the store was busy and the call can be tried again. */
export function isStoreBusy(error: unknown): boolean {
  return error instanceof StoreBusyError;
}

/** The PostgreSQL database at DATABASE_URL could not be reached or used at start; the message says what to check. */
export class DatabaseUnavailableError extends PrivacyDeskError {
  constructor(
    /** DATABASE_URL with its password hidden. */
    readonly where: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      "database_unavailable",
      `Cannot use the PostgreSQL database at DATABASE_URL=${where}: ${reason}. Check that the server is running and ` +
        "accepts connections from this host, and the user, password and database name in DATABASE_URL.",
      options,
    );
  }
}
