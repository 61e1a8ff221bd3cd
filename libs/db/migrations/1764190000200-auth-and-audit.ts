import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Departments, users (SPEC §1 roles) and the audit log. activities.lead_department gets no
 * foreign key on purpose: activities may name departments registered later.
 * The role list is spelled out (not read from libs/domain/roles.ts) so this migration never
 * changes after it ran; a unit test keeps it equal to ROLES.
 */
export class AuthAndAudit1764190000200 implements MigrationInterface {
  name = 'AuthAndAudit1764190000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
        name_zh text NOT NULL,
        name_en text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('staff','dept_head','admin','archivist','vp',
          'secretary_general','management','supervisor','external')),
        department_code text REFERENCES departments (code) ON DELETE RESTRICT,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Department-scoped roles are meaningless without a department.
        CHECK (role NOT IN ('staff','dept_head') OR department_code IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX users_department_code_idx ON users (department_code)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip text,
        user_agent text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE departments`);
  }
}
