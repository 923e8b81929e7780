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
