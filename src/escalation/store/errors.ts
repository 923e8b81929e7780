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
