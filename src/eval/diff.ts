import { z } from "zod";

/** One question of a saved run (`npm run eval -- --json FILE`), decided by the fit that left its statement out. */
export const SavedQuestionSchema = z.object({
  set: z.string(),
  statement: z.string(),
  q: z.string(),
  expect: z.array(z.string()),
  decision: z.enum(["answer", "escalate"]),
  confidence: z.number().nullable(),
  topKeys: z.array(z.string()),
  right: z.boolean(),
  rank1: z.boolean(),
  hit3: z.boolean(),
  useful: z.boolean(),
  confident: z.boolean(),
  baselineRank1: z.boolean(),
  baselineHit3: z.boolean(),
});
export type SavedQuestion = z.infer<typeof SavedQuestionSchema>;

export const SavedRunSchema = z.object({ version: z.literal(1), questions: z.array(SavedQuestionSchema) });
export type SavedRun = z.infer<typeof SavedRunSchema>;

/** Reads a saved run, or says which file is not one. */
export function readSavedRun(json: unknown, file: string): SavedRun {
  const parsed = SavedRunSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${file} is not a saved eval run (npm run eval -- --json FILE): ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data;
}

/** A question whose outcome changed between two runs. */
export interface Change {
  before: SavedQuestion;
  after: SavedQuestion;
}

/** What changed between two runs, question by question. */
export interface RunDiff {
  /** Questions in both runs. */
  compared: number;
  onlyBefore: SavedQuestion[];
  onlyAfter: SavedQuestion[];
  /** Wrong before, right now. */
  fixed: Change[];
  /** Right before, wrong now. */
  broke: Change[];
  /** Became useful / stopped being useful (right, or the expected paragraph among the three shown on escalation). */
  usefulGained: Change[];
  usefulLost: Change[];
  before: { right: number; useful: number };
  after: { right: number; useful: number };
}

/** Questions are matched by set and text (a repeated question by its occurrence), so reordering a set changes nothing. */
function keyed(questions: readonly SavedQuestion[]): Map<string, SavedQuestion> {
  const seen = new Map<string, number>();
  const out = new Map<string, SavedQuestion>();
  for (const q of questions) {
    const base = `${q.set}\u0000${q.q}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(`${base}\u0000${n}`, q);
  }
  return out;
}

/** Compares a saved run with a new one: what was fixed, what broke, and what is only in one of them. */
export function diffRuns(before: SavedRun, after: SavedRun): RunDiff {
  const b = keyed(before.questions);
  const a = keyed(after.questions);
  const d: RunDiff = {
    compared: 0,
    onlyBefore: [],
    onlyAfter: [],
    fixed: [],
    broke: [],
    usefulGained: [],
    usefulLost: [],
    before: { right: 0, useful: 0 },
    after: { right: 0, useful: 0 },
  };
  for (const [k, old] of b) {
    const now = a.get(k);
    if (!now) {
      d.onlyBefore.push(old);
      continue;
    }
    d.compared++;
    d.before.right += Number(old.right);
    d.before.useful += Number(old.useful);
    d.after.right += Number(now.right);
    d.after.useful += Number(now.useful);
    const change = { before: old, after: now };
    if (!old.right && now.right) d.fixed.push(change);
    if (old.right && !now.right) d.broke.push(change);
    if (!old.useful && now.useful) d.usefulGained.push(change);
    if (old.useful && !now.useful) d.usefulLost.push(change);
  }
  for (const [k, now] of a) if (!b.has(k)) d.onlyAfter.push(now);
  return d;
}

function outcome(q: SavedQuestion): string {
  return `${q.decision} ${q.confidence ?? "-"} top=[${q.topKeys.join(",")}]`;
}

/** The diff as `npm run eval -- --diff FILE` prints it. */
export function formatDiff(d: RunDiff, file: string): string {
  const lines = [`## Compared with ${file}`, ""];
  lines.push(
    `${d.compared} questions in both runs` +
      (d.onlyBefore.length || d.onlyAfter.length
        ? ` (${d.onlyBefore.length} only in ${file}, ${d.onlyAfter.length} only in this run)`
        : "") +
      `: right ${d.before.right} → ${d.after.right}, useful ${d.before.useful} → ${d.after.useful}`,
  );
  const list = (title: string, changes: readonly Change[]) => {
    lines.push("", `${title}: ${changes.length}`);
    for (const { before, after } of changes) {
      lines.push(
        `  [${after.statement}] ${JSON.stringify(after.q)}: ${outcome(before)} → ${outcome(after)} want=[${after.expect.join(",")}]`,
      );
    }
  };
  list("fixed (wrong before, right now)", d.fixed);
  list("broke (right before, wrong now)", d.broke);
  list(
    "now useful (not before)",
    d.usefulGained.filter((c) => !c.after.right),
  );
  list(
    "no longer useful",
    d.usefulLost.filter((c) => !c.before.right),
  );
  return `${lines.join("\n")}\n`;
}
