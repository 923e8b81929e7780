import { type CountedQuestion, type QuestionCount, tallyQuestions } from "../store/types.js";
import type { SqliteContext } from "./rows.js";

/** Questions answered and escalated per day and section, in SQLite; '' stands for "no paragraph". */

/** The UTC day of a time, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Adds questions to their day's counts in one transaction: one upsert for each statement and section among them. */
export function recordQuestions(ctx: SqliteContext, questions: readonly CountedQuestion[]): void {
  const rows = tallyQuestions(questions);
  if (rows.length === 0) return;
  const day = utcDay(ctx.now());
  const upsert = ctx.db.prepare(
    `INSERT INTO question_counts (day, statement_id, section_slug, answered, escalated) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (day, statement_id, section_slug)
     DO UPDATE SET answered = answered + excluded.answered, escalated = escalated + excluded.escalated`,
  );
  ctx.db.transaction(() => {
    for (const r of rows) upsert.run(day, r.statementId ?? "", r.sectionSlug ?? "", r.answered, r.escalated);
  })();
}

export function questionCounts(ctx: SqliteContext, since: Date): QuestionCount[] {
  return ctx.db
    .prepare<[string], { day: string; statement_id: string; section_slug: string; answered: number; escalated: number }>(
      `SELECT day, statement_id, section_slug, answered, escalated FROM question_counts WHERE day >= ?
       ORDER BY day, statement_id, section_slug`,
    )
    .all(utcDay(since))
    .map((r) => ({
      day: r.day,
      statementId: r.statement_id || null,
      sectionSlug: r.section_slug || null,
      answered: r.answered,
      escalated: r.escalated,
    }));
}
