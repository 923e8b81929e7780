import { type CountedQuestion, type QuestionCount, tallyQuestions } from "../store/types.js";
import type { PostgresContext } from "./rows.js";

/**
 * Questions answered and escalated per UTC day and section, in PostgreSQL: one upsert, so every replica's
 * questions add up. '' stands for "no paragraph".
 */

/** The UTC day of a time, as YYYY-MM-DD. */
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Adds questions to their day's counts in one statement: one row for each statement and section among them. */
export async function recordQuestions(ctx: PostgresContext, questions: readonly CountedQuestion[]): Promise<void> {
  const rows = tallyQuestions(questions);
  if (rows.length === 0) return;
  const day = utcDay(ctx.now());
  const values = rows.map((_, i) => `($1, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4}, $${4 * i + 5})`).join(", ");
  await ctx.pool.query(
    `INSERT INTO question_counts (day, statement_id, section_slug, answered, escalated) VALUES ${values}
     ON CONFLICT (day, statement_id, section_slug) DO UPDATE SET answered = question_counts.answered + excluded.answered,
       escalated = question_counts.escalated + excluded.escalated`,
    [day, ...rows.flatMap((r) => [r.statementId ?? "", r.sectionSlug ?? "", r.answered, r.escalated])],
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
