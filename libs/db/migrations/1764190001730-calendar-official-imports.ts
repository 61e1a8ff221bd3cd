import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Official years an admin imported from the State Council notice (libs/calendar/imported-years.ts).
 * A change bumps the calendar's version counter like an override does, so every calendar cache
 * (API, worker) rebuilds on its next read.
 */
export class CalendarOfficialImports1764190001730 implements MigrationInterface {
  name = 'CalendarOfficialImports1764190001730';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_official_imports (
        year integer PRIMARY KEY,
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        holidays jsonb NOT NULL,
        workdays jsonb NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TRIGGER calendar_official_imports_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_official_imports
      FOR EACH STATEMENT EXECUTE FUNCTION calendar_overrides_bump_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_official_imports`);
  }
}
