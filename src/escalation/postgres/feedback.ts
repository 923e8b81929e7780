import type { FeedbackCount } from "../store/types.js";
import type { PostgresContext } from "./rows.js";

/** Helpful / Not helpful counts per paragraph, in PostgreSQL: one upsert, so presses on every replica add up. */

export async function recordFeedback(ctx: PostgresContext, paragraphId: string, helpful: boolean): Promise<void> {
  await ctx.pool.query(
    `INSERT INTO feedback_counts (paragraph_id, helpful, not_helpful) VALUES ($1, $2, $3)
     ON CONFLICT (paragraph_id) DO UPDATE SET helpful = feedback_counts.helpful + excluded.helpful,
       not_helpful = feedback_counts.not_helpful + excluded.not_helpful`,
    [paragraphId, helpful ? 1 : 0, helpful ? 0 : 1],
  );
}

export async function feedbackCounts(ctx: PostgresContext): Promise<FeedbackCount[]> {
  const { rows } = await ctx.pool.query<{ paragraph_id: string; helpful: string; not_helpful: string }>(
    'SELECT paragraph_id, helpful, not_helpful FROM feedback_counts ORDER BY helpful + not_helpful DESC, paragraph_id COLLATE "C"',
  );
  return rows.map((r) => ({ paragraphId: r.paragraph_id, helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
}
