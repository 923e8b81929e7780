import { basename } from "node:path";
import { CorpusError } from "../corpus/errors.js";
import { loadCorpus } from "../corpus/load.js";
import type { AnswerEngine } from "./answer.js";
import { createEngine } from "./engine.js";

/** Why a reload was refused: the file and field to fix (never statement text or anything a person wrote). */
export interface ReloadProblem {
  file: string;
  field: string;
  problem: string;
}

/** The outcome of one reload: the new engine is serving, or the old one still is and this is why. */
export type ReloadOutcome = { ok: true; engine: AnswerEngine; ms: number } | ({ ok: false; ms: number } & ReloadProblem);

/**
 * What /healthz says about the corpus: when it was loaded, how often it was reloaded, and the last reload
 * refused (the file by name only: /healthz may be reachable from outside, server paths are not its business).
 */
export interface CorpusStatus {
  loadedAt: string;
  reloads: number;
  lastRefused?: ReloadProblem & { at: string };
}

/** Holds the engine serving now and replaces it, whole, when the corpus folder has been edited. */
export interface EngineHolder {
  /** The engine serving now; a stable function, so it can be handed to the Slack app once. */
  readonly current: () => AnswerEngine;
  /**
   * Loads every statement of the folder again and builds a new engine; swaps it in only when all of it loads.
   * On any problem the engine serving keeps serving. Never throws.
   */
  reload(): ReloadOutcome;
  /** The corpus part of the health report. */
  status(): CorpusStatus;
  readonly dir: string;
}

/** Options for createEngineHolder. */
export interface EngineHolderOptions {
  dir: string;
  /** The engine already built from `dir` at startup; built here when absent (a broken corpus then throws CorpusError). */
  initial?: AnswerEngine;
  /** How a corpus folder becomes an engine; injected for tests. */
  build?: (dir: string) => AnswerEngine;
  /** Clock in milliseconds; injected for tests. */
  now?: () => number;
}

/** Builds the engine the way `privacy-desk start` does: every statement of the folder, or an error naming the file. */
export function buildEngineFromDir(dir: string): AnswerEngine {
  return createEngine(loadCorpus(dir));
}

/** Creates a holder serving `initial` (or the folder's engine) until a reload succeeds. */
export function createEngineHolder(options: EngineHolderOptions): EngineHolder {
  const build = options.build ?? buildEngineFromDir;
  const now = options.now ?? Date.now;
  let engine = options.initial ?? build(options.dir);
  let loadedAt = now();
  let reloads = 0;
  let lastRefused: CorpusStatus["lastRefused"];
  const current = (): AnswerEngine => engine;

  return {
    dir: options.dir,
    current,
    reload() {
      const started = now();
      let next: AnswerEngine;
      try {
        next = build(options.dir);
      } catch (error) {
        const problem = describeProblem(error, options.dir);
        lastRefused = { ...problem, file: basename(problem.file), at: new Date(started).toISOString() };
        return { ok: false, ...problem, ms: now() - started };
      }
      // One assignment: a question is answered wholly by the old engine or wholly by the new one.
      engine = next;
      loadedAt = now();
      reloads++;
      lastRefused = undefined;
      return { ok: true, engine: next, ms: loadedAt - started };
    },
    status() {
      return {
        loadedAt: new Date(loadedAt).toISOString(),
        reloads,
        ...(lastRefused ? { lastRefused } : {}),
      };
    },
  };
}

function describeProblem(error: unknown, dir: string): ReloadProblem {
  if (error instanceof CorpusError) {
    const prefix = `${error.file}: ${error.field}: `;
    return {
      file: error.file,
      field: error.field,
      problem: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
    };
  }
  // Not a statement problem the privacy office can fix: name the kind of failure only.
  return { file: dir, field: "corpus", problem: `could not build the index (${error instanceof Error ? error.name : typeof error})` };
}
