import { readFileSync } from 'node:fs';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS } from '../../../libs/db/seed-demo.js';
import { DEPARTMENT_CODE_PATTERN } from '../../../libs/domain/activity.js';
import { ROLES } from '../../../libs/domain/roles.js';

describe('demo organisation', () => {
  it('has the issue’s departments and users, one user per SPEC §1 role at least', () => {
    expect(DEMO_DEPARTMENTS.map((d) => [d.code, d.nameZh])).toEqual([
      ['publicity', '宣传部'],
      ['training', '培训部'],
      ['admin', '行政部'],
    ]);
    expect(Object.fromEntries(DEMO_USERS.map((u) => [u.username, [u.role, u.department]]))).toMatchObject({
      staff: ['staff', 'publicity'],
      dept_head: ['dept_head', 'publicity'],
      admin: ['admin', null],
      archivist: ['archivist', null],
      vp: ['vp', null],
      sg: ['secretary_general', null],
      management: ['management', null],
      supervisor: ['supervisor', null],
    });
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(DEMO_PASSWORD).toBe('demo-password');
  });

  it('gives staff and heads a seeded department, and nobody else one (the users table enforces the first)', () => {
    const codes = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const d of DEMO_DEPARTMENTS) expect(d.code).toMatch(DEPARTMENT_CODE_PATTERN);
    for (const u of DEMO_USERS) {
      const departmental = u.role === 'staff' || u.role === 'dept_head';
      expect({ u: u.username, ok: departmental ? codes.has(u.department ?? '') : u.department === null }).toEqual({
        u: u.username,
        ok: true,
      });
    }
    expect(new Set(DEMO_USERS.map((u) => u.username)).size).toBe(DEMO_USERS.length);
  });

  it('is listed in the README with the password', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('demo-password');
    for (const u of DEMO_USERS)
      expect(readme).toMatch(new RegExp(`\\| \`${u.username}\` \\| ${u.role}\\b.*\\| ${u.department ?? '—'} \\|`));
  });
});
