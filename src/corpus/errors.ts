import { PrivacyDeskError } from "../errors.js";

/** A statement file that cannot be served; names the file and the field so the privacy office can fix it. */
export class CorpusError extends PrivacyDeskError {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super("statement_invalid", `${file}: ${field}: ${problem}`);
  }
}
