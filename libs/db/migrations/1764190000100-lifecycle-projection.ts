import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lifecycle projection lists and reports read, and the escalation record. */
export class LifecycleProjection1764190000100 implements MigrationInterface {
  name = 'LifecycleProjection1764190000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE activities
        ADD COLUMN lifecycle jsonb,
        ADD COLUMN projection_version integer NOT NULL DEFAULT 0,
        ADD COLUMN revision_count integer NOT NULL DEFAULT 0,
        ADD COLUMN next_deadline_at timestamptz,
        ADD COLUMN is_overdue boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX activities_next_deadline_idx ON activities (next_deadline_at)`);
    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        lead_department text NOT NULL,
        deadline_key text NOT NULL,
        occurrence integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('overdue', 'reminder')),
        recipients jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL,
        resolved_at timestamptz,
        dedupe_key text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX escalations_activity_idx ON escalations (activity_id)`);
    await q.query(`CREATE INDEX escalations_department_idx ON escalations (lead_department)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalations`);
    await q.query(`
      ALTER TABLE activities
        DROP COLUMN lifecycle, DROP COLUMN projection_version, DROP COLUMN revision_count,
        DROP COLUMN next_deadline_at, DROP COLUMN is_overdue`);
  }
}
