import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation and brute-force protection of sign-in.
 *
 * `users.token_version`: every access token carries the version it was issued under (`tv`); a
 * password change, an admin reset, a deactivation and a sign-out raise it, so older tokens stop
 * working at once.
 *
 * `login_failures`: failed sign-ins per username — known or not, so a lockout looks the same for
 * both — in the current window, and until when the name is locked. In PostgreSQL, so a lockout
 * survives a restart and holds for every API process.
 */
export class TokenVersionAndLoginLockout1764190001100 implements MigrationInterface {
  name = 'TokenVersionAndLoginLockout1764190001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version int NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE login_failures (
        username text PRIMARY KEY,
        failures int NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
