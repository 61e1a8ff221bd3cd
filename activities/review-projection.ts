import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isUuid } from '../libs/domain/ids.js';
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
export async function projectReviews(dataSource: DataSource, state: Pick<LifecycleState, 'activityId' | 'reviews'>): Promise<void> {
  // A signal may name anything as its version: only a uuid can match a row.
  const candidates = state.reviews.filter(
    (r): r is ReviewRecord & { requestId: string; versionId: string } => !!r.requestId && isUuid(r.versionId),
  );
  if (!candidates.length || !isUuid(state.activityId)) return;
  const recorded = (await dataSource.query(`SELECT request_id FROM reviews WHERE request_id = ANY($1)`, [
    candidates.map((r) => r.requestId),
  ])) as Array<{ request_id: string }>;
  const known = new Set(recorded.map((r) => r.request_id));
  for (const review of candidates) {
    if (known.has(review.requestId)) continue;
    await dataSource.transaction(async (tx) => {
      const rows = (await tx.query(
        `INSERT INTO reviews (id, activity_id, version_id, level, decision, reviewer_id, reviewer_role, request_id, created_at)
         SELECT $1, v.activity_id, v.id, $4, $5, $6, $7, $8, $9
           FROM summary_versions v
          WHERE v.id = $3 AND v.activity_id = $2
         ON CONFLICT (request_id) DO NOTHING
         RETURNING id`,
        [
          randomUUID(),
          state.activityId,
          review.versionId,
          review.level,
          review.decision,
          review.reviewer.userId,
          review.reviewer.role,
          review.requestId,
          review.at,
        ],
      )) as Array<{ id: string }>;
      const reviewId = rows[0]?.id;
      if (!reviewId) return; // recorded meanwhile by the API, or no such version of this activity
      for (const [position, c] of review.comments.entries()) {
        await tx.query(
          `INSERT INTO review_comments (id, review_id, position, module, ` +
            `finding_rule, finding_path, text) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), reviewId, position, c.module ?? null, c.findingRule ?? null, c.findingPath ?? null, c.text],
        );
      }
    });
  }
}
