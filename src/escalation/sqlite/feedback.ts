import type { FeedbackCount } from "../store/types.js";
import type { SqliteContext } from "./rows.js";

/** Helpful / Not helpful counts per paragraph, in SQLite. */

export function recordFeedback(ctx: SqliteContext, paragraphId: string, helpful: boolean): void {
  ctx.db
    .prepare(
      `INSERT INTO feedback_counts (paragraph_id, helpful, not_helpful) VALUES (?, ?, ?)
       ON CONFLICT (paragraph_id) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
    )
    .run(paragraphId, helpful ? 1 : 0, helpful ? 0 : 1);
}

export function feedbackCounts(ctx: SqliteContext): FeedbackCount[] {
  return ctx.db
    .prepare<[], FeedbackCount>(
      `SELECT paragraph_id AS paragraphId, helpful, not_helpful AS notHelpful FROM feedback_counts
       ORDER BY helpful + not_helpful DESC, paragraph_id`,
    )
    .all();
}
