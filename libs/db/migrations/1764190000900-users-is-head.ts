import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The head of a department among the holders of a role: R-12.3's overdue archive escalation goes
 * to the head of the administration department, not to every admin. Only admins and department
 * heads can be flagged.
 */
export class UsersIsHead1764190000900 implements MigrationInterface {
  name = 'UsersIsHead1764190000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN is_head boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_head_role CHECK (NOT is_head OR role IN ('admin', 'dept_head'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_head_role`);
    await q.query(`ALTER TABLE users DROP COLUMN is_head`);
  }
}
