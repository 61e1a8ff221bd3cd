import type { DataSource, EntityManager } from 'typeorm';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface FinalVersion {
  id: string;
  versionNo: number;
  contentHash: string;
}

/**
 * The final version: the last version the lifecycle took as a submission, which the third
 * level approved (or the special meeting finalized). Read from the projected lifecycle state; the
 * last submitted version stands in for states projected before submissions carried version ids.
 */
export async function findFinalVersion(db: Db, activityId: string): Promise<FinalVersion | null> {
  const rows = (await db.query(
    `SELECT v.id, v.version_no, v.content_hash
       FROM summary_versions v
       LEFT JOIN activities a ON a.id = v.activity_id
      WHERE v.activity_id = $1
        AND v.submitted
      ORDER BY (v.id::text = a.lifecycle -> 'submissions' -> -1 ->> 'versionId') DESC, v.version_no DESC
      LIMIT 1`,
    [activityId],
  )) as Array<{ id: string; version_no: number; content_hash: string }>;
  const r = rows[0];
  return r ? { id: r.id, versionNo: r.version_no, contentHash: r.content_hash } : null;
}
