import { basename } from "node:path";
import { readStatementFiles, type StatementFile } from "./files.js";
import { parseStatement } from "./parse.js";
import type { Statement } from "./statement.js";

/** Parses statement files as read, one statement each; the first bad file throws a CorpusError. */
export function parseStatementFiles(files: readonly StatementFile[]): Statement[] {
  return files.map(({ name, file, text }) => parseStatement(text, file, basename(name, name.slice(-3))));
}

/**
 * Loads every `*.md` file of a directory as one statement each, in file-name order.
 * All or nothing: the first bad file throws a CorpusError, so nothing is served from a half-loaded corpus.
 */
export function loadCorpus(dir: string): Statement[] {
  return parseStatementFiles(readStatementFiles(dir));
}
