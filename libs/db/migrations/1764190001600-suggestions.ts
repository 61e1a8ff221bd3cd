import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * each improvement suggestion of a final summary as a tracked item, and
 * every change of its status (the implementation record the supervisor reads, R-17). Rows are
 * taken from the final version when it is formed; `finalized_at` (when the final version was
 * formed) places a suggestion in its quarter and half-year.
 *
 * Statuses: pending 待落实, in_progress 落实中, implemented 已落实, rejected 不采纳 (with a reason).
 */
export class Suggestions1764190001600 implements MigrationInterface {
  name = 'Suggestions1764190001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE suggestions (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        version_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        measure text NOT NULL,
        responsible_department text NOT NULL,
        cooperating_departments text[] NOT NULL DEFAULT '{}',
        due_date date NOT NULL,
        resource_needs text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'implemented', 'rejected')),
        status_reason text,
        finalized_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid,
        UNIQUE (activity_id, position),
        CHECK (status <> 'rejected' OR status_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX suggestions_department_status_idx ON suggestions (responsible_department, status)`);
    await q.query(`CREATE INDEX suggestions_finalized_idx ON suggestions (finalized_at)`);
    await q.query(`
      CREATE TABLE suggestion_updates (
        id bigserial PRIMARY KEY,
        suggestion_id uuid NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid NOT NULL,
        actor_role text NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX suggestion_updates_suggestion_idx ON suggestion_updates (suggestion_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE suggestion_updates`);
    await q.query(`DROP TABLE suggestions`);
  }
}
