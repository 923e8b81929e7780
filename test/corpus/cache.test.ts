import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpusCached } from "../../src/corpus/cache.js";
import { CorpusError } from "../../src/corpus/errors.js";
import { loadCorpus } from "../../src/corpus/load.js";

const FRONT = "---\ntitle: Garden Statement\nurl: https://example.edu/garden\nupdated: 2024-01-02\n---\n";
const folder = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
/** The cache is written once the work at hand is done (see writeCachedTextSoon). */
const written = () => new Promise<void>((resolve) => setImmediate(resolve));

function corpusOf(files: Record<string, string>): string {
  const dir = folder("pd-cached-corpus-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("statements kept as parsed", () => {
  it("are the statements the files say, read back the second time from the cache", async () => {
    const dir = corpusOf({ "garden.md": `${FRONT}\n## Plots\n\nWe keep your plot number.\n` });
    const cache = folder("pd-cache-");
    const first = await loadCorpusCached(dir, cache);
    await written();
    expect(readdirSync(cache)).toHaveLength(1);
    expect(await loadCorpusCached(dir, cache)).toEqual(first);
    expect(first).toEqual(loadCorpus(dir));
  });

  it("are parsed afresh when a statement is edited, added or removed, never served stale", async () => {
    const dir = corpusOf({ "garden.md": `${FRONT}\n## Plots\n\nWe keep your plot number.\n` });
    const cache = folder("pd-cache-");
    await loadCorpusCached(dir, cache);
    await written();
    writeFileSync(join(dir, "garden.md"), `${FRONT}\n## Plots\n\nWe keep your plot number for a year.\n`);
    expect((await loadCorpusCached(dir, cache))[0]!.sections[0]!.paragraphs[0]!.text).toBe("We keep your plot number for a year.");
    writeFileSync(join(dir, "tools.md"), `${FRONT.replace("Garden", "Tools")}\n## Loans\n\nLoans are logged.\n`);
    expect((await loadCorpusCached(dir, cache)).map((s) => s.title)).toEqual(["Garden Statement", "Tools Statement"]);
  });

  it("are parsed from the files when the cache is damaged or cannot be written", async () => {
    const dir = corpusOf({ "garden.md": `${FRONT}\n## Plots\n\nWe keep your plot number.\n` });
    const cache = folder("pd-cache-");
    await loadCorpusCached(dir, cache);
    await written();
    expect(readdirSync(cache)).toHaveLength(1);
    for (const name of readdirSync(cache)) writeFileSync(join(cache, name), '{"not": "statements"');
    expect(await loadCorpusCached(dir, cache)).toEqual(loadCorpus(dir));
    const blocked = join(folder("pd-cache-"), "file");
    writeFileSync(blocked, "");
    expect(await loadCorpusCached(dir, join(blocked, "inside"))).toEqual(loadCorpus(dir));
  });

  it("hold only the statements' text, readable by their owner alone", async () => {
    const dir = corpusOf({ "garden.md": `${FRONT}\n## Plots\n\nWe keep your plot number.\n` });
    const cache = join(folder("pd-cache-"), "privacy-desk");
    await loadCorpusCached(dir, cache);
    await written();
    const [name] = readdirSync(cache);
    expect(readFileSync(join(cache, name!), "utf8")).toContain("We keep your plot number.");
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(join(cache, name!)).mode & 0o777).toBe(0o600);
  });

  it("never keep a file that fails to load: it fails the same way each time", async () => {
    const dir = corpusOf({ "bad.md": "---\ntitle: T\n---\n## A\n\nText.\n" });
    const cache = folder("pd-cache-");
    await expect(loadCorpusCached(dir, cache)).rejects.toThrow(CorpusError);
    await written();
    expect(readdirSync(cache)).toHaveLength(0);
    await expect(loadCorpusCached(dir, cache)).rejects.toThrow(/url: required but missing/);
  });
});
