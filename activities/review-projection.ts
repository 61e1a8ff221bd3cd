import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LifecycleState, ReviewRecord } from '../libs/domain/lifecycle.js';

/**
 * Projects the lifecycle's reviews into `reviews` / `review_comments`: a review the workflow took
 * gets its row even when no API request wrote one — sent by ops as a signal, or the API's write
 * failed after the workflow decided. Rows are keyed by the message's request id, so the API's own
 * write and this projection record each review once, whichever runs first. Rows written here carry
 * no signature: only the reviewer's own authenticated request signs (R-6.4).
 *
 * A review is skipped when it cannot be bound to a recorded version of this activity (versions
 * submitted by ops' signals without the API) or predates request ids in the state.
 */
export async function projectReviews(dataSource: DataSource, state: Pick<LifecycleState, 'activityId' | 'reviews'>): Promise<number> {
  const candidates = state.reviews.filter((r): r is ReviewRecord & { requestId: string; versionId: string } => !!r.requestId && !!r.versionId);
  if (!candidates.length) return 0;
  const recorded = (await dataSource.query(`SELECT request_id FROM reviews WHERE request_id = ANY($1)`, [candidates.map((r) => r.requestId)])) as Array<{ request_id: string }>;
  const known = new Set(recorded.map((r) => r.request_id));
  let inserted = 0;
  for (const review of candidates) {
    if (known.has(review.requestId)) continue;
    const added = await dataSource.transaction(async (tx) => {
      // Ids compared as text: a signal may carry anything, and a failed cast would retry forever.
      const rows = (await tx.query(
        `INSERT INTO reviews (id, activity_id, version_id, level, decision, reviewer_id, reviewer_role, request_id, created_at)
         SELECT $1, v.activity_id, v.id, $4, $5, $6, $7, $8, $9
           FROM summary_versions v
          WHERE v.id::text = $3 AND v.activity_id::text = $2
         ON CONFLICT (request_id) DO NOTHING
         RETURNING id`,
        [randomUUID(), state.activityId, review.versionId, review.level, review.decision, review.reviewer.userId, review.reviewer.role, review.requestId, review.at],
      )) as Array<{ id: string }>;
      const reviewId = rows[0]?.id;
      if (!reviewId) return false;
      for (const [position, c] of review.comments.entries()) {
        await tx.query(
          `INSERT INTO review_comments (id, review_id, position, module, finding_rule, finding_path, text) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), reviewId, position, c.module ?? null, c.findingRule ?? null, c.findingPath ?? null, c.text],
        );
      }
      return true;
    });
    if (added) inserted += 1;
  }
  return inserted;
}
