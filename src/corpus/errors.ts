/** A statement file that cannot be served; names the file and the field so the privacy office can fix it. */
export class CorpusError extends Error {
  override readonly name = "CorpusError";
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}
