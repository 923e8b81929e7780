import { CountedQuestionSchema, type CountedQuestion, type QuestionCount } from "../store/types.js";
import type { PostgresContext } from "./rows.js";

/**
 * Questions answered and escalated per UTC day and section, in PostgreSQL: one upsert, so every replica's
 * questions add up. '' stands for "no paragraph".
 */

/** The UTC day of a time, as YYYY-MM-DD. */
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export async function recordQuestion(ctx: PostgresContext, question: CountedQuestion): Promise<void> {
  const q = CountedQuestionSchema.parse(question);
  const answered = q.result === "answered" ? 1 : 0;
  await ctx.pool.query(
    `INSERT INTO question_counts (day, statement_id, section_slug, answered, escalated) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (day, statement_id, section_slug) DO UPDATE SET answered = question_counts.answered + excluded.answered,
       escalated = question_counts.escalated + excluded.escalated`,
    [utcDay(ctx.now()), q.statementId ?? "", q.sectionSlug ?? "", answered, 1 - answered],
  );
}

export async function questionCounts(ctx: PostgresContext, since: Date): Promise<QuestionCount[]> {
  const { rows } = await ctx.pool.query<{ day: string; statement_id: string; section_slug: string; answered: string; escalated: string }>(
    `SELECT day, statement_id, section_slug, answered, escalated FROM question_counts WHERE day >= $1
     ORDER BY day COLLATE "C", statement_id COLLATE "C", section_slug COLLATE "C"`,
    [utcDay(since)],
  );
  return rows.map((r) => ({
    day: r.day,
    statementId: r.statement_id || null,
    sectionSlug: r.section_slug || null,
    answered: Number(r.answered),
    escalated: Number(r.escalated),
  }));
}
