import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * desensitized publications of a final summary: the member digest
 * (`member_digest`) and the public short version (`public_short`), built from the final version
 * they name (one of each per version), desensitized (libs/publications), and published only once
 * admin approves them. The version's rows go at a destruction, and with them what was
 * built from them.
 */
export class Publications1764190001660 implements MigrationInterface {
  name = 'Publications1764190001660';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publications (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('member_digest', 'public_short')),
        version_id uuid NOT NULL REFERENCES summary_versions (id) ON DELETE CASCADE,
        content jsonb NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        approved_by uuid,
        approved_at timestamptz,
        UNIQUE (activity_id, kind, version_id),
        CHECK ((status = 'approved') = (approved_by IS NOT NULL AND approved_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX publications_status_kind_idx ON publications (status, kind, created_at DESC)`);
    // Approved content is what was published: it never changes afterwards.
    await q.query(`
      CREATE FUNCTION publications_approved_sealed() RETURNS trigger AS $$
      BEGIN
        IF OLD.status = 'approved' THEN
          RAISE EXCEPTION 'an approved publication does not change';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER publications_approved_sealed BEFORE UPDATE ON publications
      FOR EACH ROW EXECUTE FUNCTION publications_approved_sealed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publications`);
    await q.query(`DROP FUNCTION publications_approved_sealed()`);
  }
}
