import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readStatementFiles } from "./files.js";
import type { Statement } from "./statement.js";

/**
 * `ask` answers one question and exits, and most of its time goes to parsing Markdown: on 200 statements, reading
 * them back as already parsed takes a hundredth of the time. The statements as parsed are kept in a cache folder
 * (CACHE_DIR), one file a corpus, named by a hash of the corpus folder, every statement file's name and text, and
 * the parser's own code: an edited statement, an added one, or a new version of Privacy Desk is parsed afresh.
 * The files are written once the answer is out. Only the statements' published text is kept there; nothing a
 * person asks. A cache that cannot be read or written is passed by: the statements are parsed as if there were
 * none. The Markdown parser itself is loaded only when something is to be parsed: loading it is a good part of
 * what the cache saves.
 */

/** Corpora kept at most; the least recently written go first. */
const KEPT = 16;
const PREFIX = "statements-";

/**
 * The folder `ask` keeps parsed statements in when CACHE_DIR is not set: XDG's, else ~/.cache; none for a user
 * without a home folder.
 */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "privacy-desk");
  try {
    return join(homedir(), ".cache", "privacy-desk");
  } catch {
    return undefined;
  }
}

/**
 * The code that turns statement files into statements (this folder, built): a change to it parses afresh. Read
 * when a cache is first looked up, not by every command that imports this module.
 */
let parserHash: string | undefined;
function parserCode(): string {
  parserHash ??= codeHash([dirname(fileURLToPath(import.meta.url))]);
  return parserHash;
}

/** A hash of the code and data files (.js, .ts, .json) of the folders: what a cached file was worked out by. */
export function codeHash(folders: readonly string[]): string {
  const hash = createHash("sha256");
  for (const folder of folders) {
    for (const name of readdirSync(folder).sort())
      if (/\.([jt]s|json)$/.test(name)) hash.update(name).update(readFileSync(join(folder, name)));
  }
  return hash.digest("hex");
}

/**
 * The statements of a folder, as `loadCorpus` gives them, read from the cache in `cacheDir` when the same files
 * were parsed before (see above). A bad file throws the same CorpusError, and is never cached.
 */
export async function loadCorpusCached(dir: string, cacheDir: string): Promise<Statement[]> {
  return (await loadCorpusCachedKeyed(dir, cacheDir)).statements;
}

/**
 * The same, with the key that names these statements in the cache: what is worked out from them alone (the
 * engine's index, see src/search/cached-index.ts) is kept under it too.
 */
export async function loadCorpusCachedKeyed(dir: string, cacheDir: string): Promise<{ statements: Statement[]; key: string }> {
  const files = readStatementFiles(dir);
  const hash = createHash("sha256").update(parserCode()).update(resolve(dir));
  for (const { name, text } of files) hash.update("\0").update(name).update("\0").update(text);
  const key = hash.digest("hex").slice(0, 32);
  const path = cachePath(cacheDir, PREFIX, key);
  const cached = readCached(path);
  if (cached) return { statements: cached, key };
  const { parseStatementFiles } = await import("./load.js");
  const statements = parseStatementFiles(files);
  const text = JSON.stringify(statements);
  writeCachedTextSoon(path, PREFIX, () => text);
  return { statements, key };
}

/** Where the cache keeps the file of one kind (`prefix`) for one key. */
export function cachePath(cacheDir: string, prefix: string, key: string): string {
  return join(cacheDir, `${prefix}${key}.json`);
}

function readCached(path: string): Statement[] | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return Array.isArray(value) && value.length > 0 ? (value as Statement[]) : undefined;
  } catch {
    return undefined;
  }
}

/** A cached file's text, or undefined when there is none or it cannot be read. */
export function readCachedText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The same once the work at hand is done, `text` worked out then: `ask` prints its answer before it writes what
 * a later run reads back (on 200 statements, writing out the index takes a tenth of the time to a first answer).
 */
export function writeCachedTextSoon(path: string, prefix: string, text: () => string): void {
  setImmediate(() => writeCachedText(path, prefix, text()));
}

/** Keeps a file in the cache, and at most KEPT files of its kind (`prefix`); a cache that cannot be written is passed by. */
export function writeCachedText(path: string, prefix: string, text: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written aside and renamed into place: a reader at the same moment sees the whole file or none.
    const aside = `${path}.${process.pid}.tmp`;
    writeFileSync(aside, text, { mode: 0o600 });
    renameSync(aside, path);
    const kept = readdirSync(dir)
      .filter((n) => n.startsWith(prefix) && n.endsWith(".json"))
      .map((n) => ({ n, at: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { n } of kept.slice(KEPT)) rmSync(join(dir, n), { force: true });
  } catch {
    // A cache is a convenience: without one, the statements are parsed each time.
  }
}
