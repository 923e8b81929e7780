/** What ranking works with: what a question asks beyond its words, and the candidates it scores. */

import type { Routing } from "./route.js";

/** What the wording of a question asks beyond its words: who receives, and what kind of answer (with its weight). */
export interface Asked {
  recipients: readonly string[];
  expected: readonly string[];
  typeWeight: number;
  /** The statements the question names by their service, and its words that name them (see route.ts). */
  routing: Routing;
}

/** A candidate paragraph as ranking scored it. */
export interface Ranked {
  doc: number;
  score: number;
  coverage: number;
  /** What the score is made of (see rank). */
  parts: { coverage: number; bm25: number; phrase: number; role: number; statement: number; pointer: boolean };
}
