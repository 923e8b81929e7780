import { PrivacyDeskError } from "../../errors.js";
import { DatabaseTooNewError } from "../store/errors.js";
import { SqliteEscalationStore, type SqliteStoreOptions } from "./store.js";

/** The database at DATABASE_PATH could not be opened; the message names the path and what to do. */
export class DatabaseOpenError extends PrivacyDeskError {
  constructor(
    readonly path: string,
    reason: string,
    advice: string,
    options?: { cause?: unknown },
  ) {
    super("database_open_failed", `cannot use the database at DATABASE_PATH=${path}: ${reason}. ${advice}`, options);
  }
}

/** What an operator can do about each way opening the file fails. */
function adviceFor(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "SQLITE_NOTADB":
    case "SQLITE_CORRUPT":
      return "The file is not a Privacy Desk database, or it is damaged: restore it from a backup, or point DATABASE_PATH at a new file.";
    case "SQLITE_READONLY":
    case "SQLITE_READONLY_DIRECTORY":
    case "EACCES":
    case "EPERM":
      return "The bot cannot write there: let the user running it write the file and its folder, or point DATABASE_PATH elsewhere.";
    case "EEXIST":
    case "ENOTDIR":
      return "Part of the path is a file where a folder should be: point DATABASE_PATH at a file inside a folder.";
    case "SQLITE_CANTOPEN":
    case "EISDIR":
      return "Check that DATABASE_PATH names a file (not a folder) in a folder the bot can write.";
    default:
      return "Check DATABASE_PATH, or point it at another file.";
  }
}

/** Opens the SQLite store; any failure is a DatabaseOpenError that names DATABASE_PATH and the way out. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEscalationStore {
  try {
    return new SqliteEscalationStore(options);
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(options.path, reason, adviceFor(error), { cause: error });
  }
}
