import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R-18 scoring:
 *  - `score_flags`: the 通报 "falsified" flag and the authorities' commendation of a summary, set by
 *    management or the supervisor with a reason. Append-only (a trigger refuses UPDATE and DELETE):
 *    the current value of a kind is its latest row, and the rows are the history.
 *  - the annual scoring reads each activity of a year once; three stored generated columns keep it
 *    from parsing every projected lifecycle (libs/reports/score-inputs.ts):
 *      late_draft / late_final: the `draft` / `final` deadline went overdue — its escalation fired
 *        (escalatedAt), it is overdue now, or it was met after its due time. dueAt and metAt are
 *        both Date#toISOString() instants (UTC, fixed width), so text order is time order;
 *      final_version_id: the version the final deadline was met with (R-7.3), i.e. the last
 *        submission once the `final` deadline is met (as libs/archive/final-version.ts reads it).
 *    The projection writes `lifecycle` and PostgreSQL recomputes them in the same UPDATE.
 *  - an index on end_at: the activities of a year are a range of it (Asia/Shanghai).
 */
/** A version id the lifecycle recorded is cast only when it is one: a projection must never fail on it. */
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export class ScoreFlags1764190001620 implements MigrationInterface {
  name = 'ScoreFlags1764190001620';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE score_flags (
        id bigserial PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('falsified', 'commended')),
        value boolean NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        actor_user_id uuid NOT NULL,
        actor_role text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX score_flags_activity_kind_idx ON score_flags (activity_id, kind, at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION score_flags_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'score flags are append-only: add a row with the new value';
      END $$ LANGUAGE plpgsql`);
    // Not on DELETE: an activity's deletion (ON DELETE CASCADE, e.g. a failed registration) takes its flags along.
    await q.query(`
      CREATE TRIGGER score_flags_append_only BEFORE UPDATE ON score_flags
      FOR EACH ROW EXECUTE FUNCTION score_flags_append_only()`);

    const lateDeadline = (key: string) =>
      `jsonb_path_exists(lifecycle, '$.deadlines[*] ? (@.key == "${key}" && (@.escalatedAt != null || @.status == "overdue" || ` +
      `(@.status == "met" && @.metAt > @.dueAt)))')`;
    await q.query(`
      ALTER TABLE activities
        ADD COLUMN late_draft boolean GENERATED ALWAYS AS (coalesce(${lateDeadline('draft')}, false)) STORED,
        ADD COLUMN late_final boolean GENERATED ALWAYS AS (coalesce(${lateDeadline('final')}, false)) STORED,
        ADD COLUMN final_version_id uuid GENERATED ALWAYS AS (
          CASE WHEN jsonb_path_exists(lifecycle, '$.deadlines[*] ? (@.key == "final" && @.status == "met")')
                AND (lifecycle -> 'submissions' -> -1 ->> 'versionId') ~* '${UUID}'
               THEN (lifecycle -> 'submissions' -> -1 ->> 'versionId')::uuid END) STORED`);
    await q.query(`CREATE INDEX activities_end_at_idx ON activities (end_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX activities_end_at_idx`);
    await q.query(`ALTER TABLE activities DROP COLUMN late_draft, DROP COLUMN late_final, DROP COLUMN final_version_id`);
    await q.query(`DROP TABLE score_flags`);
    await q.query(`DROP FUNCTION score_flags_append_only()`);
  }
}
