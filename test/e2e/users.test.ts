/**
 * Users and departments (issue: "users and permissions"): the administration keeps the directory
 * over HTTP, a production directory is bootstrapped with the CLI, and every change takes effect on
 * the next request, because role and department are read fresh per request.
 */
import { randomUUID } from 'node:crypto';
import { createUserFromCli } from '../../libs/users/create-user-cli.js';
import { DirectoryError } from '../../libs/users/directory.js';
import { activityBody } from '../support/builders.js';
import { bearer, http, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const PASSWORD = 'a-good-password-2026';
const unique = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}`;
const login = (username: string, password = PASSWORD) => http(stack.baseUrl, 'POST', '/api/auth/login', { username, password });
const asToken = (token: string) => (method: string, path: string, body?: unknown) => http(stack.baseUrl, method, path, body, bearer(token));
const admin = () => stack.as('admin');
const countUsers = async (username: string) =>
  ((await stack.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE username = $1`, [username])) as Array<{ n: number }>)[0]!.n;

async function createStaff(overrides: Record<string, unknown> = {}) {
  const body = { username: unique('li'), displayName: '李四', role: 'staff', department: 'publicity', password: PASSWORD, ...overrides };
  const res = await admin()('POST', '/api/users', body);
  expect(res.status).toBe(201);
  return res.body as { id: string; username: string };
}

describe('users', () => {
  it('the admin creates a member of staff, who signs in and works for their department only', async () => {
    const username = unique('li');
    const res = await admin()('POST', '/api/users', {
      username,
      displayName: ' 李四 ',
      role: 'staff',
      department: 'publicity',
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      username,
      displayName: '李四',
      role: 'staff',
      department: 'publicity',
      active: true,
      isHead: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);

    const signedIn = await login(username);
    expect(signedIn.status).toBe(200);
    const as = asToken(signedIn.body.accessToken);
    expect((await as('POST', '/api/activities', activityBody())).status).toBe(201);
    expect((await as('POST', '/api/activities', activityBody({ leadDepartment: 'training' }))).status).toBe(403);

    const [audit] = await stack.dataSource.query(
      `SELECT actor_role, target_type, details FROM audit_log WHERE action = 'user.create' AND target_id = $1`,
      [res.body.id],
    );
    expect(audit).toMatchObject({ actor_role: 'admin', target_type: 'user' });
    expect(JSON.stringify(audit.details)).not.toContain(PASSWORD);
  });

  it.each([
    ['staff without a department', { role: 'staff', department: undefined }, 'department', 'departmentRequired'],
    ['a vice-president in a department', { role: 'vp', department: 'publicity' }, 'department', 'departmentNotAllowed'],
    ['an unknown department', { department: 'nowhere' }, 'department', 'unknownDepartment'],
    ['a short password', { password: 'short' }, 'password', 'minLength'],
    ['a password containing the username', { username: 'wang.wu', password: 'wang.wu-2026-pass' }, 'password', 'passwordContainsUsername'],
    ['an unknown role', { role: 'king' }, 'role', 'isIn'],
    ['an uppercase username', { username: 'Li.Si' }, 'username', 'matches'],
  ])('400 for %s, naming the field in English and Chinese, and nothing is created', async (_what, overrides, field, code) => {
    const body = { username: unique('x'), displayName: '某人', role: 'staff', department: 'publicity', password: PASSWORD, ...overrides };
    const res = await admin()('POST', '/api/users', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String) });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, code, messageZh: expect.any(String) })]));
    expect(await countUsers(String(body.username))).toBe(0);
  });

  it('409 for a username that is taken', async () => {
    const res = await admin()('POST', '/api/users', {
      username: 'staff',
      displayName: '重名',
      role: 'staff',
      department: 'publicity',
      password: PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'ALREADY_EXISTS',
      details: [expect.objectContaining({ field: 'username', code: 'usernameTaken', messageZh: expect.stringContaining('已被使用') })],
    });
  });

  it('deactivating stops sign-in and every existing token at once; reactivating restores sign-in, not those tokens', async () => {
    const user = await createStaff();
    const token = (await login(user.username)).body.accessToken as string;
    const as = asToken(token);
    expect((await as('GET', '/api/auth/me')).status).toBe(200);

    const off = await admin()('PATCH', `/api/users/${user.id}`, { active: false });
    expect(off).toMatchObject({ status: 200, body: { active: false } });
    expect((await as('GET', '/api/auth/me')).status).toBe(401);
    expect((await login(user.username)).status).toBe(401);

    expect((await admin()('PATCH', `/api/users/${user.id}`, { active: true })).status).toBe(200);
    expect((await as('GET', '/api/auth/me')).status).toBe(401);
    expect((await asToken((await login(user.username)).body.accessToken)('GET', '/api/auth/me')).status).toBe(200);
  });

  it('a promotion takes effect on the next request; moving to an association-wide role needs department: null', async () => {
    const user = await createStaff();
    const as = asToken((await login(user.username)).body.accessToken);
    const promoted = await admin()('PATCH', `/api/users/${user.id}`, { role: 'dept_head' });
    expect(promoted.body).toMatchObject({ role: 'dept_head', department: 'publicity' });
    expect((await as('GET', '/api/auth/me')).body.role).toBe('dept_head');

    const keepsDepartment = await admin()('PATCH', `/api/users/${user.id}`, { role: 'archivist' });
    expect(keepsDepartment.status).toBe(400);
    expect(keepsDepartment.body.details[0]).toMatchObject({ field: 'department', code: 'departmentNotAllowed' });
    const moved = await admin()('PATCH', `/api/users/${user.id}`, { role: 'archivist', department: null });
    expect(moved.body).toMatchObject({ role: 'archivist', department: null });
  });

  it('409 for an administrator deactivating or demoting their own account', async () => {
    const me = (await admin()('GET', '/api/auth/me')).body;
    const deactivate = await admin()('PATCH', `/api/users/${me.id}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body).toMatchObject({ code: 'SELF_LOCKOUT', details: [expect.objectContaining({ field: 'active' })] });
    const demote = await admin()('PATCH', `/api/users/${me.id}`, { role: 'staff', department: 'publicity' });
    expect(demote.status).toBe(409);
    expect((await admin()('GET', `/api/users/${me.id}`)).body).toMatchObject({ role: 'admin', active: true });
  });

  it('404 for an unknown user', async () => {
    expect((await admin()('GET', `/api/users/${randomUUID()}`)).status).toBe(404);
    expect((await admin()('PATCH', `/api/users/not-a-uuid`, { active: false })).status).toBe(404);
  });

  it('lists the directory with filters and pagination', async () => {
    const page = await stack.as('supervisor')('GET', '/api/users?role=staff&department=publicity&active=true&pageSize=2');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    for (const u of page.body.items) expect(u).toMatchObject({ role: 'staff', department: 'publicity', active: true });
    expect(page.body.total).toBeGreaterThanOrEqual(1);
    expect((await stack.as('staff')('GET', '/api/users')).status).toBe(403);
  });
});

describe('passwords', () => {
  it("the admin sets a user's password: the old one stops working, the new one works", async () => {
    const user = await createStaff();
    const res = await admin()('PUT', `/api/users/${user.id}/password`, { password: 'a-reset-password-77' });
    expect(res.status).toBe(204);
    expect((await login(user.username)).status).toBe(401);
    expect((await login(user.username, 'a-reset-password-77')).status).toBe(200);
  });

  it('a user changes their own password with the current one; a wrong current one is a 400 and changes nothing', async () => {
    const user = await createStaff();
    const as = asToken((await login(user.username)).body.accessToken);
    const wrong = await as('POST', '/api/auth/password', { currentPassword: 'not-my-password', newPassword: 'my-next-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([
      expect.objectContaining({ field: 'currentPassword', code: 'wrongPassword', messageZh: '当前密码不正确' }),
    ]);
    expect((await login(user.username)).status).toBe(200);

    const same = await as('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.body.details).toEqual([expect.objectContaining({ field: 'newPassword', code: 'samePassword' })]);

    expect((await as('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'my-next-password-1' })).status).toBe(204);
    expect((await login(user.username)).status).toBe(401);
    expect((await login(user.username, 'my-next-password-1')).status).toBe(200);
  });
});

describe('departments', () => {
  it('every internal role reads them; the admin adds one (409 for a code in use), and users can then join it', async () => {
    const listed = await stack.as('staff')('GET', '/api/departments');
    expect(listed.body.items.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['admin', 'publicity', 'training']));
    expect((await stack.as('external')('GET', '/api/departments')).status).toBe(403);

    const code = `intl_${randomUUID().slice(0, 6)}`;
    const created = await admin()('POST', '/api/departments', { code, nameZh: '国际交流部', nameEn: 'International Exchange' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, nameZh: '国际交流部', nameEn: 'International Exchange' });
    const again = await admin()('POST', '/api/departments', { code, nameZh: '重复' });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_EXISTS' } });
    expect((await stack.as('dept_head')('POST', '/api/departments', { code: `x_${code}`, nameZh: '越权' })).status).toBe(403);

    await createStaff({ department: code });
  });
});

describe('bootstrap CLI (libs/users/create-user-cli.ts)', () => {
  it('creates the first administrator of a production directory from USER_PASSWORD, who can then sign in', async () => {
    const username = unique('first.admin');
    const id = await createUserFromCli(['--username', username, '--display-name', '首位管理员', '--role', 'admin'], {
      DATABASE_URL: stack.config.databaseUrl,
      USER_PASSWORD: PASSWORD,
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const signedIn = await login(username);
    expect(signedIn.body.user).toMatchObject({ username, role: 'admin', department: null });
  });

  it('creates a department with its first head, and refuses bad input field by field', async () => {
    const code = `cli_${randomUUID().slice(0, 6)}`;
    await createUserFromCli(['--username', unique('head'), '--role', 'dept_head', '--department', code, '--department-name', '新部门'], {
      DATABASE_URL: stack.config.databaseUrl,
      USER_PASSWORD: PASSWORD,
    });
    const [dept] = await stack.dataSource.query(`SELECT name_zh FROM departments WHERE code = $1`, [code]);
    expect(dept).toEqual({ name_zh: '新部门' });

    const refused = createUserFromCli(['--username', unique('x'), '--role', 'staff'], {
      DATABASE_URL: stack.config.databaseUrl,
      USER_PASSWORD: 'short',
    });
    await expect(refused).rejects.toBeInstanceOf(DirectoryError);
    await expect(refused).rejects.toMatchObject({
      problems: expect.arrayContaining([
        expect.objectContaining({ code: 'departmentRequired' }),
        expect.objectContaining({ code: 'passwordTooShort' }),
      ]),
    });
    await expect(
      createUserFromCli(['--username', unique('x'), '--role', 'admin'], { DATABASE_URL: stack.config.databaseUrl }),
    ).rejects.toThrow(/USER_PASSWORD/);
  });
});
