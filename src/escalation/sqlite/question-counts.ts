import { type CountedQuestion, CountedQuestionSchema, type QuestionCount } from "../store/types.js";
import type { SqliteContext } from "./rows.js";

/** Questions answered and escalated per day and section, in SQLite; '' stands for "no paragraph". */

/** The UTC day of a time, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function recordQuestion(ctx: SqliteContext, question: CountedQuestion): void {
  const q = CountedQuestionSchema.parse(question);
  const answered = q.result === "answered" ? 1 : 0;
  ctx.db
    .prepare(
      `INSERT INTO question_counts (day, statement_id, section_slug, answered, escalated) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (day, statement_id, section_slug)
       DO UPDATE SET answered = answered + excluded.answered, escalated = escalated + excluded.escalated`,
    )
    .run(utcDay(ctx.now()), q.statementId ?? "", q.sectionSlug ?? "", answered, 1 - answered);
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
