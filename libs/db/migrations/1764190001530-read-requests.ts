import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * read requests and their grants, projected from the `read-request-<id>` workflows (the
 * workflow is the source of truth; this table makes lists and the read check one indexed query).
 * A grant is the granted request itself: `grant_id`, `granted_at`, `expires_at`, `view_only`.
 */
export class ReadRequests1764190001530 implements MigrationInterface {
  name = 'ReadRequests1764190001530';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE read_requests (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('internal', 'external')),
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        requester_id uuid NOT NULL,
        requester_role text NOT NULL,
        requester_department text,
        reader_id uuid NOT NULL,
        organisation text,
        purpose text NOT NULL,
        content text NOT NULL,
        days integer NOT NULL CHECK (days BETWEEN 1 AND 30),
        letter jsonb,
        status text NOT NULL CHECK (status IN ('pending', 'granted', 'rejected', 'expired')),
        steps jsonb NOT NULL,
        current_step integer,
        approver_role text,
        approver_department text,
        waiting_since timestamptz,
        decisions jsonb NOT NULL DEFAULT '[]',
        reminders jsonb NOT NULL DEFAULT '[]',
        grant_id uuid,
        granted_at timestamptz,
        expires_at timestamptz,
        view_only boolean NOT NULL DEFAULT false,
        closed_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'pending') = (current_step IS NOT NULL))
      )`);
    // The read check: a live grant of this reader on this activity.
    await q.query(`CREATE INDEX read_requests_grant_idx ON read_requests (reader_id, activity_id) WHERE grant_id IS NOT NULL`);
    await q.query(`CREATE INDEX read_requests_requester_idx ON read_requests (requester_id, created_at DESC)`);
    await q.query(`CREATE INDEX read_requests_reader_idx ON read_requests (reader_id, created_at DESC)`);
    // "Waiting for me": the approver's role (and department for a head).
    await q.query(`CREATE INDEX read_requests_waiting_idx ON read_requests (approver_role, approver_department) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_requests`);
  }
}
