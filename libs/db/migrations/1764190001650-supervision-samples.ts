import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R-17 the supervisor's spot checks: each random sample of activities ended in a period, with the
 * seed that drew it (the same seed over the same period draws the same activities) and the
 * activities drawn, in the order drawn. Append-only: a sample is evidence of what was checked.
 */
export class SupervisionSamples1764190001650 implements MigrationInterface {
  name = 'SupervisionSamples1764190001650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_samples (
        id uuid PRIMARY KEY,
        period_from date NOT NULL,
        period_to date NOT NULL,
        size integer NOT NULL CHECK (size > 0),
        seed text NOT NULL,
        population integer NOT NULL CHECK (population >= 0),
        activity_ids uuid[] NOT NULL,
        created_by uuid NOT NULL,
        created_by_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from <= period_to)
      )`);
    await q.query(`CREATE INDEX supervision_samples_created_idx ON supervision_samples (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision_samples`);
  }
}
