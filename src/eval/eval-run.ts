import type { SavedQuestion } from "./diff.js";
import type { ReliabilityBin } from "./reliability.js";
import type { EvalReport } from "./score.js";

/** One row of the leave-one-statement-out table. */
export interface StatementRow {
  statement: string;
  /** The statement's questions decided by the fit that did not see them. */
  engine: EvalReport;
  /** Plain MiniSearch on the same questions over the same corpora. */
  baseline: EvalReport;
  /** The fold's fitted decision: threshold and how many examples it was fitted on. */
  threshold: number;
  examples: number;
}

/** Everything one `npm run eval` measures. */
export interface EvalRun {
  /** Per set, the shipped decision (as `ask --json` and score.py see it). */
  shipped: { set: string; report: EvalReport }[];
  rows: StatementRow[];
  /** The held-out outcomes again, per question set (a statement may have several). */
  heldOutBySet: { set: string; report: EvalReport }[];
  total: { engine: EvalReport; baseline: EvalReport };
  /** Reliability of the leave-one-statement-out confidences. */
  calibration: { ece: number; bins: ReliabilityBin[] };
  /** Question by question, for --json and --diff. */
  questions: SavedQuestion[];
}
