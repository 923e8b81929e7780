import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cachePath, codeHash, readCachedText, writeCachedTextSoon } from "../corpus/cache.js";
import type { Statement } from "../corpus/statement.js";
import { type CorpusIndex, createIndex, indexFromJSON, indexToJSON } from "./index.js";

const PREFIX = "index-";

/**
 * The engine's code and data (this folder, built): an index written by another version of them is built afresh.
 * Read once, when an index is first looked up.
 */
let engineHash: string | undefined;
function engineCode(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  engineHash ??= codeHash([here, join(here, "data")]);
  return engineHash;
}

/**
 * The deferred index of statements the cache knows by `key` (see loadCorpusCachedKeyed), read back from the
 * cache folder when this version of the engine built it before, else built and kept there. It holds what the
 * statements' published text says, as stems; nothing a person asks. A file that cannot be read back is passed by.
 */
export function cachedIndex(statements: readonly Statement[], key: string, cacheDir: string): CorpusIndex {
  const path = cachePath(cacheDir, PREFIX, createHash("sha256").update(engineCode()).update(key).digest("hex").slice(0, 32));
  const text = readCachedText(path);
  const read = text === undefined ? undefined : indexFromJSON(statements, text);
  if (read) return read;
  const index = createIndex(statements, { deferred: true });
  writeCachedTextSoon(path, PREFIX, () => indexToJSON(index));
  return index;
}
