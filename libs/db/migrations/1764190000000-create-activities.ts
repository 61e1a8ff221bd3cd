import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateActivities1764190000000 implements MigrationInterface {
  name = 'CreateActivities1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('training','seminar','screening','competition',
          'public_screening','policy_briefing','member_exchange','other')),
        lead_department text NOT NULL,
        co_organizers jsonb NOT NULL DEFAULT '[]'::jsonb,
        partners jsonb NOT NULL DEFAULT '[]'::jsonb,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        location text NOT NULL,
        planned_online integer NOT NULL CHECK (planned_online >= 0),
        planned_offline integer NOT NULL CHECK (planned_offline >= 0),
        releases_policy boolean NOT NULL,
        anniversary boolean NOT NULL DEFAULT false,
        national_level boolean NOT NULL DEFAULT false,
        is_major boolean NOT NULL,
        permanent boolean NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        stage text NOT NULL DEFAULT 'AWAITING_END',
        idempotency_key text UNIQUE,
        request_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_at >= start_at)
      )`);
    await q.query(`CREATE INDEX activities_lead_department_idx ON activities (lead_department)`);
    await q.query(`CREATE INDEX activities_stage_idx ON activities (stage)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE activities`);
  }
}
