import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1764190000600 implements MigrationInterface {
  name = 'Attachments1764190000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('photo', 'data_table', 'media_screenshot', 'questionnaire_report')),
        original_name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL UNIQUE,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachments_activity_created ON attachments (activity_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
  }
}
