import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { CorpusError } from "./errors.js";
import { parseStatement } from "./parse.js";
import type { Statement } from "./statement.js";

/**
 * Loads every `*.md` file of a directory as one statement each, in file-name order.
 * All or nothing: the first bad file throws a CorpusError, so nothing is served from a half-loaded corpus.
 */
export function loadCorpus(dir: string): Statement[] {
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
    return parseStatement(readFileSync(file, "utf8"), file, basename(name, name.slice(-3)));
  });
}
