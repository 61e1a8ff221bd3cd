import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reviews with their per-module / per-finding comments, bound to the version reviewed (SPEC §4),
 * and the electronic signatures of. Both are append-only: the database refuses UPDATE.
 * Rows go only with their activity (ON DELETE CASCADE), i.e. with a recorded disposal.
 */
export class ReviewsAndSignatures1764190000700 implements MigrationInterface {
  name = 'ReviewsAndSignatures1764190000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        version_id uuid NOT NULL REFERENCES summary_versions (id) ON DELETE CASCADE,
        level smallint NOT NULL CHECK (level IN (1, 2, 3)),
        decision text NOT NULL CHECK (decision IN ('approve', 'return')),
        reviewer_id text NOT NULL,
        reviewer_role text NOT NULL,
        request_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reviews_activity_created ON reviews (activity_id, created_at)`);
    await q.query(`CREATE INDEX reviews_version ON reviews (version_id)`);
    await q.query(`
      CREATE TABLE review_comments (
        id uuid PRIMARY KEY,
        review_id uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        position integer NOT NULL,
        module text,
        finding_rule text,
        finding_path text,
        text text NOT NULL,
        UNIQUE (review_id, position)
      )`);
    // Quarterly optimisation lists ask which rules reviewers keep commenting on.
    await q.query(`CREATE INDEX review_comments_rule ON review_comments (finding_rule) WHERE finding_rule IS NOT NULL`);
    await q.query(`
      CREATE TABLE signatures (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        version_id uuid NOT NULL REFERENCES summary_versions (id) ON DELETE CASCADE,
        version_no integer NOT NULL,
        review_id uuid UNIQUE REFERENCES reviews (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('compile', 'review_l1', 'review_l2', 'review_l3', 'special_meeting')),
        signer_id text NOT NULL,
        signer_name text NOT NULL,
        signer_role text NOT NULL,
        signed_at timestamptz NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        algorithm text NOT NULL,
        key_id text NOT NULL,
        value text NOT NULL,
        CHECK ((purpose IN ('review_l1', 'review_l2', 'review_l3')) = (review_id IS NOT NULL))
      )`);
    // One compiler signature and one special-meeting signature per version: a retry does not sign twice.
    await q.query(`CREATE UNIQUE INDEX signatures_one_compile ON signatures (version_id) WHERE purpose = 'compile'`);
    await q.query(`CREATE UNIQUE INDEX signatures_one_meeting ON signatures (version_id) WHERE purpose = 'special_meeting'`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
      END $$ LANGUAGE plpgsql`);
    for (const table of ['reviews', 'review_comments', 'signatures']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signatures`);
    await q.query(`DROP TABLE review_comments`);
    await q.query(`DROP TABLE reviews`);
    await q.query(`DROP FUNCTION append_only()`);
  }
}
