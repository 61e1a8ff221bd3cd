/**
 * Test data builders for the periodic reports: an activity with a final version (stage ARCHIVING,
 * the lifecycle's last submission pointing at it, like libs/archive/final-version.ts reads it) and
 * suggestions as helper A's tracker stores them. Written straight to PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LifecycleState } from '../../libs/domain/lifecycle.js';
import { newLifecycleState } from '../../libs/domain/lifecycle-machine.js';
import { exampleSummary } from '../../libs/summary/index.js';

export interface FinalActivityFixture {
  department: string;
  endAt: string;
  type?: string;
  name?: string;
  satisfaction?: number | null;
  mediaExposure?: number;
  isMajor?: boolean;
  background?: string;
  socialValue?: string;
  /** Dotted paths marked confidential in the document. */
  confidential?: string[];
}

export async function insertFinalActivity(
  db: DataSource,
  f: FinalActivityFixture,
): Promise<{ activityId: string; versionId: string; name: string }> {
  const activityId = randomUUID();
  const versionId = randomUUID();
  const name = f.name ?? `报表测试活动-${activityId.slice(0, 8)}`;
  const end = new Date(f.endAt);
  // A whole projected state, as a worker writes it: every suite's to-do lists and reads run the
  // lifecycle machine over the rows of the shared database, this one included.
  const lifecycle: LifecycleState = {
    ...newLifecycleState({ activityId, isMajor: f.isMajor ?? false, permanent: false, endAt: end.toISOString() }),
    stage: 'ARCHIVING',
    submissions: [
      {
        versionId,
        kind: 'draft',
        by: { userId: randomUUID(), role: 'staff', department: f.department },
        at: end.toISOString(),
        warningFindings: 0,
      },
    ],
    version: 1,
  };
  await db.query(
    `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                             releases_policy, is_major, permanent, workflow_id, stage, lifecycle)
     VALUES ($1, $2, $3, $4, $5, $6, '协会多功能厅', 0, 100, false, $7, false, $8, 'ARCHIVING', $9)`,
    [
      activityId,
      name,
      f.type ?? 'seminar',
      f.department,
      new Date(end.getTime() - 3_600_000),
      end,
      f.isMajor ?? false,
      `activity-${activityId}`,
      JSON.stringify(lifecycle),
    ],
  );
  const doc = exampleSummary();
  doc.title = name;
  if (f.background !== undefined) doc.overview.goals.background = f.background;
  if (f.socialValue !== undefined) doc.effectiveness.qualitative.socialValue = f.socialValue;
  if (f.confidential) doc.confidential = f.confidential;
  const metrics = {
    participation: 95,
    satisfaction: f.satisfaction === undefined ? 88 : f.satisfaction,
    questionnaireReturn: 92,
    mediaExposure: f.mediaExposure ?? 1000,
    mediaReports: 3,
  };
  await db.query(
    `INSERT INTO summary_versions (id, activity_id, version_no, document, findings, metrics, content_hash, submitted, created_by)
     VALUES ($1, $2, 1, $3, '[]', $4, $5, true, 'report-test')`,
    [versionId, activityId, JSON.stringify(doc), JSON.stringify(metrics), randomUUID().replace(/-/g, '')],
  );
  // Its electronic copy counts as stored: the e2e workers' archive sweepers (same database) leave it alone.
  await db.query(
    `INSERT INTO archive_records
       (activity_id, electronic_name, folder, paper_label, storage_key, suffixed, version_id, sha256, size, stored_at)
     VALUES ($1, $2, 'report-test', $2, $3, false, $4, $5, 1, now())`,
    [activityId, `${name}.docx`, `report-test/${activityId}.docx`, versionId, '0'.repeat(64)],
  );
  return { activityId, versionId, name };
}

export interface SuggestionFixture {
  activityId: string;
  versionId: string;
  position: number;
  department: string;
  finalizedAt: string;
  status?: 'pending' | 'in_progress' | 'implemented' | 'rejected';
  reason?: string;
  measure?: string;
  cooperating?: string[];
}

export async function insertSuggestion(db: DataSource, s: SuggestionFixture): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, cooperating_departments,
                              due_date, status, status_reason, finalized_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      s.activityId,
      s.versionId,
      s.position,
      s.measure ?? `改进措施 ${s.position + 1}`,
      s.department,
      s.cooperating ?? [],
      s.finalizedAt.slice(0, 10),
      s.status ?? 'pending',
      s.reason ?? null,
      s.finalizedAt,
    ],
  );
  return id;
}

/** A department of the test's own, so its rows are told apart in reports over the shared database. */
export async function insertDepartment(db: DataSource, prefix: string, nameZh: string): Promise<string> {
  const code = `${prefix}_${randomUUID().slice(0, 8)}`;
  await db.query(`INSERT INTO departments (code, name_zh) VALUES ($1, $2)`, [code, nameZh]);
  return code;
}
