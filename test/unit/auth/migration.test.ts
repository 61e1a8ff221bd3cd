import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../../libs/db/data-source.js';
import { AuthAndAudit1764190000200 } from '../../../libs/db/migrations/1764190000200-auth-and-audit.js';
import { ROLES } from '../../../libs/domain/roles.js';

async function sqlOf(direction: 'up' | 'down'): Promise<string[]> {
  const sql: string[] = [];
  const q = { query: async (s: string) => void sql.push(s) } as unknown as QueryRunner;
  await new AuthAndAudit1764190000200()[direction](q);
  return sql;
}

describe('migration AuthAndAudit1764190000200', () => {
  it('checks users.role against exactly the SPEC §1 roles of libs/domain/roles.ts', async () => {
    const users = (await sqlOf('up')).find((s) => s.includes('CREATE TABLE users'))!;
    const list = /role text NOT NULL CHECK \(role IN \(([^)]*)\)\)/.exec(users.replace(/\s+/g, ' '))?.[1];
    const roles = [...(list ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(roles.sort()).toEqual([...ROLES].sort());
  });

  it('creates departments, users and audit_log and drops them in reverse order', async () => {
    const up = (await sqlOf('up')).join('\n');
    for (const t of ['departments', 'users', 'audit_log']) expect(up).toContain(`CREATE TABLE ${t}`);
    expect(up).toMatch(/department_code text REFERENCES departments \(code\)/);
    expect(up).not.toMatch(/ALTER TABLE activities/); // lead_department stays free text
    expect(await sqlOf('down')).toEqual(
      ['DROP TABLE audit_log', 'DROP TABLE users', 'DROP TABLE departments'].map((s) => expect.stringContaining(s)),
    );
  });

  it('is registered after the earlier migrations, in timestamp order', () => {
    const stamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(MIGRATIONS).toContain(AuthAndAudit1764190000200);
  });
});
