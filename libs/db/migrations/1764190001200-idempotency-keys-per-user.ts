import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration Idempotency-Keys belong to the user who sent them, like the lifecycle messages'
 * request ids (`<userId>:<key>`): another department's identical key neither blocks a
 * registration nor learns which activity holds it. Records who registered each activity
 * (`created_by`, backfilled from the audit log's `activity.register` rows) and makes the key
 * unique per (created_by, idempotency_key) instead of globally.
 */
export class IdempotencyKeysPerUser1764190001200 implements MigrationInterface {
  name = 'IdempotencyKeysPerUser1764190001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE activities ADD COLUMN created_by uuid`);
    await q.query(`
      UPDATE activities a SET created_by = r.actor_user_id
        FROM (SELECT DISTINCT ON (target_id) target_id, actor_user_id
                FROM audit_log
               WHERE action = 'activity.register' AND actor_user_id IS NOT NULL
               ORDER BY target_id, at) r
       WHERE r.target_id = a.id::text`);
    await q.query(`ALTER TABLE activities DROP CONSTRAINT activities_idempotency_key_key`);
    await q.query(`
      CREATE UNIQUE INDEX activities_created_by_idempotency_key_idx
        ON activities (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX activities_created_by_idempotency_key_idx`);
    // Keys that only differ by user cannot be globally unique again: the later ones are dropped.
    await q.query(`
      UPDATE activities a SET idempotency_key = NULL, request_hash = NULL
       WHERE idempotency_key IS NOT NULL
         AND EXISTS (SELECT 1 FROM activities b
                      WHERE b.idempotency_key = a.idempotency_key
                        AND (b.created_at, b.id) < (a.created_at, a.id))`);
    await q.query(`ALTER TABLE activities ADD CONSTRAINT activities_idempotency_key_key UNIQUE (idempotency_key)`);
    await q.query(`ALTER TABLE activities DROP COLUMN created_by`);
  }
}
