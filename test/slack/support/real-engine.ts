import { fileURLToPath } from "node:url";
import { loadCorpus } from "../../../src/corpus/load.js";
import type { AnswerEngine } from "../../../src/search/answer.js";
import { createEngine } from "../../../src/search/engine.js";

/** The corpus shipped with the app. */
export const CORPUS_DIR = fileURLToPath(new URL("../../../corpus/", import.meta.url));

/** The real engine on the real corpus. */
export function createRealEngine(): AnswerEngine {
  return createEngine(loadCorpus(CORPUS_DIR));
}
