/** The database was written by a newer Privacy Desk than this one. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database at ${path} has schema version ${found}, but this Privacy Desk only knows up to ${known}. ` +
        `Run the newer Privacy Desk, or point DATABASE_PATH at another file.`,
    );
    this.name = "DatabaseTooNewError";
  }
}
