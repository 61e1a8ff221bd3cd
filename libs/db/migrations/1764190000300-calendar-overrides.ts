import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Association closures and extra working days, plus a one-row version counter that a trigger
 * bumps on every change (also by hand-written SQL), so calendar caches can check for changes
 * with a single primary-key read.
 */
export class CalendarOverrides1764190000300 implements MigrationInterface {
  name = 'CalendarOverrides1764190000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_overrides (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('closure','extra_workday')),
        date_from date NOT NULL,
        date_to date NOT NULL,
        name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
        reason text CHECK (length(reason) <= 500),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (date_to >= date_from),
        -- A day claimed twice is redundant (same kind) or contradictory (closure and extra working
        -- day): refused here too, so concurrent admins cannot both get past the API's check.
        CONSTRAINT calendar_overrides_no_overlap EXCLUDE USING gist (daterange(date_from, date_to, '[]') WITH &&)
      )`);
    await q.query(`
      CREATE TABLE calendar_overrides_version (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        version bigint NOT NULL
      )`);
    await q.query(`INSERT INTO calendar_overrides_version (id, version) VALUES (true, 0)`);
    await q.query(`
      CREATE FUNCTION calendar_overrides_bump_version() RETURNS trigger AS $$
      BEGIN
        UPDATE calendar_overrides_version SET version = version + 1;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER calendar_overrides_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_overrides
      FOR EACH STATEMENT EXECUTE FUNCTION calendar_overrides_bump_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_overrides`);
    await q.query(`DROP FUNCTION calendar_overrides_bump_version()`);
    await q.query(`DROP TABLE calendar_overrides_version`);
  }
}
