import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * the archive: the generated names and the stored electronic copy of each activity
 * (`archive_records`, one per activity; the storage key is unique, so two activities with the same
 * name and day never share a file), what the archivist confirmed about the paper copy
 * (`archive_paper_details`), and what remains after a destruction (`archive_tombstones`, signed,
 * append-only, kept without a foreign key so it outlives everything it describes).
 */
export class Archive1764190001500 implements MigrationInterface {
  name = 'Archive1764190001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE archive_records (
        activity_id uuid PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
        electronic_name text NOT NULL,
        folder text NOT NULL,
        paper_label text NOT NULL,
        storage_key text NOT NULL UNIQUE,
        suffixed boolean NOT NULL,
        version_id uuid,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint,
        stored_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((stored_at IS NULL) = (sha256 IS NULL))
      )`);
    await q.query(`CREATE INDEX archive_records_unstored ON archive_records (created_at) WHERE stored_at IS NULL`);
    await q.query(`
      CREATE TABLE archive_paper_details (
        activity_id uuid PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
        location text NOT NULL,
        stamped boolean NOT NULL,
        bound boolean NOT NULL,
        attachments_included boolean NOT NULL,
        request_id text NOT NULL,
        confirmed_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE archive_tombstones (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL UNIQUE,
        activity_name text NOT NULL,
        activity_type text NOT NULL,
        destroyed jsonb NOT NULL,
        content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        decided_by jsonb NOT NULL,
        decided_at timestamptz NOT NULL,
        reason text,
        destroyed_at timestamptz NOT NULL,
        algorithm text NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        completed_at timestamptz
      )`);
    // Only the completion time may be set, once; nothing else about a tombstone ever changes.
    await q.query(`
      CREATE FUNCTION archive_tombstones_sealed() RETURNS trigger AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'completed_at') IS DISTINCT FROM (to_jsonb(OLD) - 'completed_at') OR OLD.completed_at IS NOT NULL THEN
          RAISE EXCEPTION 'archive tombstones are sealed';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER archive_tombstones_sealed BEFORE UPDATE ON archive_tombstones
      FOR EACH ROW EXECUTE FUNCTION archive_tombstones_sealed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE archive_tombstones`);
    await q.query(`DROP FUNCTION archive_tombstones_sealed()`);
    await q.query(`DROP TABLE archive_paper_details`);
    await q.query(`DROP TABLE archive_records`);
  }
}
