/**
 * The demo organisation `npm start` creates on its embedded PostgreSQL (never in production: the
 * launcher calls this only for the embedded default). Idempotent: existing rows are left as they
 * are, so a changed demo password or a deactivated demo user stays that way across restarts.
 */
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import type { Role } from '../domain/roles.js';

/** Every demo user's password; public by design (README, launcher output). */
export const DEMO_PASSWORD = 'demo-password';

export interface DemoDepartment {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** Department code; null for association-wide roles. */
  department: string | null;
  /** Head among the holders of the role (users.is_head). */
  isHead?: boolean;
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { code: 'publicity', nameZh: '宣传部', nameEn: 'Publicity' },
  { code: 'training', nameZh: '培训部', nameEn: 'Training' },
  { code: 'admin', nameZh: '行政部', nameEn: 'Administration' },
];

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'staff', displayName: '宣传部编制人', role: 'staff', department: 'publicity' },
  { username: 'dept_head', displayName: '宣传部负责人', role: 'dept_head', department: 'publicity' },
  // The head of the administration department: R-12.3's overdue archive escalation goes to them.
  { username: 'admin', displayName: '行政部', role: 'admin', department: null, isHead: true },
  { username: 'archivist', displayName: '专职档案员', role: 'archivist', department: null },
  { username: 'vp', displayName: '分管副会长', role: 'vp', department: null },
  { username: 'sg', displayName: '秘书长', role: 'secretary_general', department: null },
  { username: 'management', displayName: '协会管理层', role: 'management', department: null },
  { username: 'supervisor', displayName: '监事会', role: 'supervisor', department: null },
  // Beyond the list: a second department to show department scoping, and an outside body.
  { username: 'training_staff', displayName: '培训部编制人', role: 'staff', department: 'training' },
  { username: 'training_head', displayName: '培训部负责人', role: 'dept_head', department: 'training' },
  { username: 'external', displayName: '外部单位(主管部门)', role: 'external', department: null },
];

/** Inserts what is missing; returns the usernames it created. */
export async function seedDemoOrganisation(dataSource: DataSource): Promise<string[]> {
  const existing = new Set(
    (
      (await dataSource.query(`SELECT username FROM users WHERE username = ANY($1)`, [DEMO_USERS.map((u) => u.username)])) as Array<{
        username: string;
      }>
    ).map((r) => r.username),
  );
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  // Hashing is the slow part: only for users not there yet, in parallel.
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));
  return dataSource.transaction(async (em) => {
    for (const d of DEMO_DEPARTMENTS) {
      await em.query(`INSERT INTO departments (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [
        d.code,
        d.nameZh,
        d.nameEn,
      ]);
    }
    const created: string[] = [];
    for (const [i, u] of missing.entries()) {
      const rows = (await em.query(
        `INSERT INTO users (username, display_name, role, department_code, password_hash, is_head)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING username`,
        [u.username, u.displayName, u.role, u.department, hashes[i], u.isHead ?? false],
      )) as Array<{ username: string }>;
      if (rows.length > 0) created.push(u.username);
    }
    return created;
  });
}
