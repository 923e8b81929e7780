import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCorpus } from "../corpus/load.js";
import { elapsedMs, median } from "./stats.js";
import { syntheticCorpusFiles } from "./synthetic.js";

/** The question `ask` is timed with: the issue's own example. */
export const STARTUP_QUESTION = "does Zoom see my IP?";

/**
 * Wall times of `node dist/cli.js ask QUESTION`, from spawn to the first byte of the answer on stdout: the first
 * run parses the statements (an empty cache folder), the runs after it read them from the cache it wrote.
 */
export interface StartupFigures {
  /** What the corpus was: "the shipped statements", "200 statements (5,600 paragraphs)". */
  corpus: string;
  /** The first run, with nothing cached. */
  firstMs: number;
  /** The runs after it. */
  runs: number[];
  medianMs: number;
  maxMs: number;
}

/** Spawns the CLI once and resolves with the time to its first output; rejects if it fails or prints nothing. */
function timeOnce(cliPath: string, cwd: string, corpusDir: string | undefined, cacheDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let firstOutput: number | undefined;
    let stderr = "";
    // Plain `node`, no --expose-gc: the same way a person runs it.
    const corpus = corpusDir === undefined ? [] : ["--corpus", corpusDir];
    const child = spawn(process.execPath, [cliPath, "ask", ...corpus, STARTUP_QUESTION], {
      cwd,
      env: { ...process.env, CACHE_DIR: cacheDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", () => {
      firstOutput ??= elapsedMs(start);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || firstOutput === undefined) {
        reject(new Error(`ask exited with code ${code} and ${firstOutput === undefined ? "no answer" : "an answer"}: ${stderr.trim()}`));
      } else {
        resolve(firstOutput);
      }
    });
  });
}

/** Where `ask` reads its statements: the shipped ones when `dir` is absent. */
export interface StartupCorpus {
  label: string;
  dir?: string;
}

/** Runs `ask` once with an empty cache folder, then `runs` times more, over one corpus, and summarises the times. */
export async function measureStartup(cliPath: string, cwd: string, runs = 5, corpus: StartupCorpus = SHIPPED): Promise<StartupFigures> {
  const cacheDir = mkdtempSync(join(tmpdir(), "privacy-desk-cache-"));
  try {
    const firstMs = await timeOnce(cliPath, cwd, corpus.dir, cacheDir);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeOnce(cliPath, cwd, corpus.dir, cacheDir));
    return { corpus: corpus.label, firstMs, runs: times, medianMs: median(times), maxMs: Math.max(...times) };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const SHIPPED: StartupCorpus = { label: "the shipped statements" };

/** The large corpus `ask` is timed over too: statements × units each, besides the shipped ones. */
export const STARTUP_SYNTHETIC = { statements: 200, unitsPerStatement: 28 } as const;

/**
 * Writes the shipped statements and STARTUP_SYNTHETIC's into a temporary folder, times `ask` over it, and
 * removes the folder.
 */
export async function measureStartupLarge(cliPath: string, root: string, runs = 5): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), "privacy-desk-startup-"));
  try {
    let paragraphs = 0;
    for (const { file, markdown } of syntheticCorpusFiles(STARTUP_SYNTHETIC)) writeFileSync(join(dir, file), markdown);
    const shipped = readdirSync(join(root, "corpus")).filter((n) => n.endsWith(".md"));
    for (const name of shipped) copyFileSync(join(root, "corpus", name), join(dir, name));
    for (const s of loadCorpus(dir)) for (const section of s.sections) paragraphs += section.paragraphs.length;
    const statements = STARTUP_SYNTHETIC.statements + shipped.length;
    const label = `${statements} statements (${paragraphs.toLocaleString("en-US")} paragraphs)`;
    return await measureStartup(cliPath, root, runs, { label, dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
