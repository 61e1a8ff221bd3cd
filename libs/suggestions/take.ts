/**
 * taking a final summary's suggestions as tracked items, once: the archive steward
 * (activities/archive.activities.ts) calls it for every projected state from ARCHIVING on, and its
 * sweeper for what a failed try left. One INSERT of every row, ON CONFLICT DO NOTHING, so any
 * number of tries leave the same rows; a destroyed activity (its tombstone) gets none.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { findFinalVersion } from '../archive/final-version.js';
import type { LifecycleState } from '../domain/lifecycle.js';
import type { SummaryDocument } from '../summary/document.js';
import { finalizedAt, suggestionRows } from './rows.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

/** Inserts the final version's suggestions that are not rows yet; returns how many it inserted. */
export async function takeSuggestions(db: Db, activityId: string): Promise<number> {
  const [activity] = (await db.query(`SELECT lifecycle FROM activities WHERE id = $1`, [activityId])) as Array<{
    lifecycle: LifecycleState | null;
  }>;
  if (!activity?.lifecycle) return 0;
  const final = await findFinalVersion(db, activityId);
  if (!final) return 0;
  const [version] = (await db.query(`SELECT document FROM summary_versions WHERE id = $1`, [final.id])) as Array<{
    document: SummaryDocument;
  }>;
  const rows = suggestionRows(version?.document);
  if (!rows.length) return 0;
  // A lifecycle in ARCHIVING always has one of these; the projection's time is a last resort.
  const at = finalizedAt(activity.lifecycle) ?? new Date().toISOString();
  const inserted = (await db.query(
    `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, cooperating_departments,
                              due_date, resource_needs, finalized_at)
     SELECT r.id, $1, $2, r.position, r.measure, r.responsible_department, r.cooperating_departments, r.due_date, r.resource_needs, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, position integer, measure text, responsible_department text,
                                               cooperating_departments text[], due_date date, resource_needs text)
      WHERE NOT EXISTS (SELECT 1 FROM archive_tombstones t WHERE t.activity_id = $1)
     ON CONFLICT (activity_id, position) DO NOTHING
     RETURNING id`,
    [
      activityId,
      final.id,
      at,
      JSON.stringify(
        rows.map((r) => ({
          id: randomUUID(),
          position: r.position,
          measure: r.measure,
          responsible_department: r.responsibleDepartment,
          cooperating_departments: r.cooperatingDepartments,
          due_date: r.dueDate,
          resource_needs: r.resourceNeeds,
        })),
      ),
    ],
  )) as unknown[];
  return inserted.length;
}

/**
 * Activities whose final version is formed (stage in `stages`, not destroyed) and has suggestions
 * but that have no suggestion rows yet: what the sweeper takes. The final version is chosen as
 * findFinalVersion chooses it.
 */
export async function activitiesMissingSuggestions(db: Db, stages: readonly string[], limit: number): Promise<string[]> {
  const rows = (await db.query(
    `SELECT a.id
       FROM activities a
       CROSS JOIN LATERAL (
         SELECT v.document
           FROM summary_versions v
          WHERE v.activity_id = a.id AND v.submitted
          ORDER BY (v.id::text = a.lifecycle -> 'submissions' -> -1 ->> 'versionId') DESC, v.version_no DESC
          LIMIT 1) f
      WHERE a.stage = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.activity_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM archive_tombstones t WHERE t.activity_id = a.id)
        AND jsonb_typeof(f.document -> 'improvements' -> 'suggestions') = 'array'
        AND jsonb_array_length(f.document -> 'improvements' -> 'suggestions') > 0
      ORDER BY a.updated_at
      LIMIT $2`,
    [stages, limit],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}
