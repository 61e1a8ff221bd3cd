import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 periodic reports: one row per kind and period, written by the
 * `report-<kind>-<period>` workflow. A re-run of the period (a backfill) rewrites the same row:
 * its id stays, so links in inboxes keep working, and `content_hash` shows whether anything
 * changed. Inbox messages may now announce a report instead of a deadline: `kind = 'report'`
 * with `report_id`, and no activity or escalation.
 */
export class Reports1764190001640 implements MigrationInterface {
  name = 'Reports1764190001640';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('process-optimization', 'application-evaluation', 'annual')),
        period text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        title text NOT NULL,
        content jsonb NOT NULL,
        content_hash text NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now(),
        first_generated_at timestamptz NOT NULL DEFAULT now(),
        generations integer NOT NULL DEFAULT 1,
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        UNIQUE (kind, period)
      )`);
    await q.query(`CREATE INDEX reports_period_idx ON reports (period_start DESC, kind)`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN activity_id DROP NOT NULL, ALTER COLUMN escalation_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notifications ADD COLUMN report_id uuid REFERENCES reports (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('overdue', 'reminder', 'report'))`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (
        CASE WHEN kind = 'report' THEN report_id IS NOT NULL
             ELSE activity_id IS NOT NULL AND escalation_id IS NOT NULL END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'report'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('overdue', 'reminder'))`);
    await q.query(`ALTER TABLE notifications DROP COLUMN report_id`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN activity_id SET NOT NULL, ALTER COLUMN escalation_id SET NOT NULL`);
    await q.query(`DROP TABLE reports`);
  }
}
