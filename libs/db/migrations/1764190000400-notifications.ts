import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The in-app inbox, the delivery ledger (exactly once per escalation, recipient and channel:
 * `dedupe_key` is unique) and each user's e-mail choice. The prefs live in their own table so
 * the users table, which the auth code owns, keeps its shape.
 */
export class Notifications1764190000400 implements MigrationInterface {
  name = 'Notifications1764190000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_notification_prefs (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        email text CHECK (email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+$'),
        wants_email boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        escalation_id uuid NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
        deadline_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('overdue', 'reminder')),
        title text NOT NULL,
        body text NOT NULL,
        link text NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY,
        escalation_id uuid NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
        -- A user for inbox and e-mail; null for a group robot (recipient 'group').
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        recipient text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('inbox', 'email', 'wecom', 'dingtalk', 'feishu')),
        address text,
        message jsonb NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        -- Lease of the sender working on the row: nobody else sends it until it expires.
        claimed_until timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_deliveries_escalation_idx ON notification_deliveries (escalation_id)`);
    await q.query(`CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(
      `CREATE INDEX notification_deliveries_errors_idx ON notification_deliveries (channel, last_attempt_at) WHERE last_error IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE user_notification_prefs`);
  }
}
