import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CorpusError } from "./errors.js";

/** A statement file as read: its name in the folder, its path, its text. */
export interface StatementFile {
  name: string;
  file: string;
  text: string;
}

/** Reads every `*.md` file of a directory, in file-name order; a CorpusError when there is none to read. */
export function readStatementFiles(dir: string): StatementFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith(".md"))
      .sort();
  } catch (err) {
    throw new CorpusError(
      dir,
      "directory",
      `cannot be read (${(err as Error).message}); point --corpus or CORPUS_DIR at the folder of statement files`,
    );
  }
  if (names.length === 0) throw new CorpusError(dir, "directory", "holds no .md statement files");
  return names.map((name) => {
    const file = join(dir, name);
    return { name, file, text: readFileSync(file, "utf8") };
  });
}
