import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storm control (issue #16): digests and the ledger's batching state.
 *
 * A ledger row (`notification_deliveries`, e-mail or robot) is either admitted — sent on its own,
 * and counted against its recipient's and channel's limit from `admitted_at` — or held
 * (`held_at`) until a digest takes it (`digest_id`, set once, in the transaction that writes the
 * digest). A held row stays `pending` until its digest is sent, then is `sent` with it, so every
 * ledger row still ends `sent` or `failed` exactly once. Rows from before this migration have
 * neither mark and are sent on their own, as before.
 *
 * `notification_digests` is a ledger of its own with the same lease and retry columns; `items`
 * names the escalations a digest covers. A daily digest is one per day, channel and recipient
 * (and part): the partial unique index.
 */
export class NotificationDigests1764190001720 implements MigrationInterface {
  name = 'NotificationDigests1764190001720';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_digests (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('batch', 'daily')),
        channel text NOT NULL CHECK (channel IN ('email', 'wecom', 'dingtalk', 'feishu')),
        -- A username, or 'group' for a robot.
        recipient text NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        address text,
        -- Daily digests: the Asia/Shanghai day.
        digest_date date,
        part integer NOT NULL DEFAULT 1,
        parts integer NOT NULL DEFAULT 1,
        item_count integer NOT NULL,
        items jsonb NOT NULL,
        message jsonb NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (kind <> 'daily' OR digest_date IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX notification_digests_due_idx ON notification_digests (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notification_digests_rate_idx ON notification_digests (channel, recipient, created_at)`);
    await q.query(`CREATE INDEX notification_digests_sent_idx ON notification_digests (sent_at) WHERE status = 'sent'`);
    await q.query(`
      CREATE UNIQUE INDEX notification_digests_daily_idx
          ON notification_digests (digest_date, channel, recipient, part) WHERE kind = 'daily'`);
    await q.query(`
      ALTER TABLE notification_deliveries
        ADD COLUMN admitted_at timestamptz,
        ADD COLUMN held_at timestamptz,
        ADD COLUMN digest_id uuid REFERENCES notification_digests (id),
        ADD CONSTRAINT notification_deliveries_admitted_or_held CHECK (admitted_at IS NULL OR held_at IS NULL),
        ADD CONSTRAINT notification_deliveries_digest_held CHECK (digest_id IS NULL OR held_at IS NOT NULL)`);
    // What was recorded lately counts against the limit from the start.
    await q.query(`
      UPDATE notification_deliveries SET admitted_at = created_at
       WHERE channel <> 'inbox' AND created_at > now() - interval '1 day'`);
    await q.query(`
      CREATE INDEX notification_deliveries_rate_idx
          ON notification_deliveries (channel, recipient, admitted_at) WHERE admitted_at IS NOT NULL`);
    await q.query(`
      CREATE INDEX notification_deliveries_held_idx
          ON notification_deliveries (channel, recipient) WHERE held_at IS NOT NULL AND digest_id IS NULL`);
    await q.query(`CREATE INDEX notification_deliveries_digest_idx ON notification_deliveries (digest_id) WHERE digest_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_deliveries_sent_idx ON notification_deliveries (sent_at) WHERE status = 'sent'`);
    // Senders claim what is pending and not held: the claim's index leaves held rows out.
    await q.query(`DROP INDEX notification_deliveries_due_idx`);
    await q.query(`
      CREATE INDEX notification_deliveries_due_idx
          ON notification_deliveries (next_attempt_at) WHERE status = 'pending' AND held_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_deliveries_due_idx`);
    await q.query(`CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`DROP INDEX notification_deliveries_sent_idx`);
    await q.query(`
      ALTER TABLE notification_deliveries
        DROP COLUMN digest_id, DROP COLUMN held_at, DROP COLUMN admitted_at`);
    await q.query(`DROP TABLE notification_digests`);
  }
}
