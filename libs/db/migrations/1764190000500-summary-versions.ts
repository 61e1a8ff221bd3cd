import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SummaryVersions1764190000500 implements MigrationInterface {
  name = 'SummaryVersions1764190000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE summary_versions (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        version_no integer NOT NULL,
        document jsonb NOT NULL,
        findings jsonb NOT NULL,
        metrics jsonb NOT NULL,
        content_hash text NOT NULL,
        submitted boolean NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (activity_id, version_no)
      )`);
    // Versions are immutable: refuse UPDATE at the database too.
    await q.query(`
      CREATE FUNCTION summary_versions_immutable() RETURNS trigger AS $$
      BEGIN
        IF NEW.document IS DISTINCT FROM OLD.document OR NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
          RAISE EXCEPTION 'summary versions are immutable';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER summary_versions_immutable BEFORE UPDATE ON summary_versions
      FOR EACH ROW EXECUTE FUNCTION summary_versions_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE summary_versions`);
    await q.query(`DROP FUNCTION summary_versions_immutable()`);
  }
}
