import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The official years (State Council holiday schedules) the running lifecycles were last told
 * about. The worker compares it with the calendar's official years at start: a year the package
 * data newly publishes makes every running lifecycle recompute its provisional deadlines
 * (apps/worker/src/official-years.ts).
 */
export class CalendarOfficialYears1764190000800 implements MigrationInterface {
  name = 'CalendarOfficialYears1764190000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_official_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_official_years`);
  }
}
