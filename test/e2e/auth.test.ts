import { JwtService } from '@nestjs/jwt';
import { AuditLogEntity } from '../../libs/db/entities/audit-log.entity.js';
import { hashLegacyScrypt } from '../../libs/auth/password.js';
import { UserEntity } from '../../libs/db/entities/user.entity.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoOrganisation } from '../../libs/db/seed-demo.js';
import { ROLES } from '../../libs/domain/roles.js';
import { activityBody } from '../support/builders.js';
import { bearer, eventually, http, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const login = (username: string, password: string) => http(stack.baseUrl, 'POST', '/api/auth/login', { username, password });
const userId = async (username: string) => (await stack.dataSource.getRepository(UserEntity).findOneByOrFail({ username })).id;

/** A publicity activity, registered once by its staff, for the read tests. */
let publicityActivity: Promise<string> | undefined;
function publicityActivityId(): Promise<string> {
  publicityActivity ??= stack
    .as('staff')('POST', '/api/activities', activityBody())
    .then((r) => {
      expect(r.status).toBe(201);
      return r.body.id as string;
    });
  return publicityActivity;
}

describe('demo organisation', () => {
  it('is seeded once: a second run creates nothing and keeps the users', async () => {
    const before = await stack.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    expect(await seedDemoOrganisation(stack.dataSource)).toEqual([]);
    expect(await stack.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } })).toEqual(before);
    expect(before.map((u) => u.username)).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.username)));
  });
});

describe('POST /api/auth/login', () => {
  it('answers a bearer token and the user for the right password', async () => {
    const res = await login('dept_head', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 28_800,
      user: {
        id: await userId('dept_head'),
        username: 'dept_head',
        displayName: '宣传部负责人',
        role: 'dept_head',
        department: 'publicity',
      },
    });
    const me = await http(stack.baseUrl, 'GET', '/api/auth/me', undefined, bearer(res.body.accessToken));
    expect(me).toEqual({ status: 200, body: res.body.user });
  });

  it('stores argon2id hashes, and replaces a first-release scrypt hash at the next successful sign-in', async () => {
    const hashOf = async () =>
      (
        (await stack.dataSource.query(`SELECT password_hash FROM users WHERE username = 'management'`)) as Array<{ password_hash: string }>
      )[0]!.password_hash;
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$/);
    const legacy = await hashLegacyScrypt(DEMO_PASSWORD, { N: 1024, r: 8, p: 1 });
    await stack.dataSource.query(`UPDATE users SET password_hash = $1 WHERE username = 'management'`, [legacy]);
    expect((await login('management', 'wrong-password')).status).toBe(401);
    expect(await hashOf()).toBe(legacy); // a failed sign-in changes nothing
    expect((await login('management', DEMO_PASSWORD)).status).toBe(200);
    const upgraded = await hashOf();
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login('management', DEMO_PASSWORD)).status).toBe(200);
    expect(await hashOf()).toBe(upgraded); // current hashes are left alone
  });

  it('answers 401 with the same message for a wrong password and an unknown user, in the one error shape', async () => {
    const wrongPassword = await login('staff', 'not-the-password');
    const unknownUser = await login('nobody-here', DEMO_PASSWORD);
    for (const res of [wrongPassword, unknownUser]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message: 'Wrong username or password',
        messageZh: '用户名或密码错误',
        details: [expect.objectContaining({ code: 'badCredentials' })],
      });
    }
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it('answers 401 for a deactivated user even with the right password, and refuses its existing tokens', async () => {
    const token = await stack.login('training_staff');
    const repo = stack.dataSource.getRepository(UserEntity);
    await repo.update({ username: 'training_staff' }, { active: false });
    try {
      expect((await login('training_staff', DEMO_PASSWORD)).status).toBe(401);
      const me = await http(stack.baseUrl, 'GET', '/api/auth/me', undefined, bearer(token));
      expect(me.status).toBe(401);
      expect(me.body).toMatchObject({ code: 'UNAUTHORIZED', messageZh: expect.stringContaining('停用') });
    } finally {
      await repo.update({ username: 'training_staff' }, { active: true });
    }
  });

  it('answers 400 for a body without a password', async () => {
    const res = await http(stack.baseUrl, 'POST', '/api/auth/login', { username: 'staff' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', messageZh: expect.any(String) });
    expect(new Set(res.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['password']));
  });

  it('records successful and failed logins in the audit log', async () => {
    const res = await login('archivist', DEMO_PASSWORD);
    await login('archivist', 'wrong');
    const rows = await stack.dataSource.getRepository(AuditLogEntity).find({
      where: [{ targetId: res.body.user.id, action: 'auth.login' }, { action: 'auth.login_failed' }],
      order: { id: 'DESC' },
    });
    expect(rows.find((r) => r.action === 'auth.login')).toMatchObject({
      actorUserId: res.body.user.id,
      actorRole: 'archivist',
      targetType: 'user',
    });
    expect(rows.find((r) => r.action === 'auth.login_failed' && r.details.username === 'archivist')).toMatchObject({
      actorUserId: null,
      ip: expect.stringContaining('127.0.0.1'),
    });
  });
});

describe('tokens', () => {
  const path = () => publicityActivityId().then((id) => `/api/activities/${id}`);

  it('401 without a token, with WWW-Authenticate: Bearer and messageZh', async () => {
    const res = await fetch(`${stack.baseUrl}${await path()}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('Sign in first'),
      messageZh: expect.stringContaining('请先登录'),
      details: [expect.objectContaining({ field: 'Authorization', code: 'missingToken' })],
    });
  });

  it('401 for a malformed, tampered, foreign-key, unsigned or non-Bearer token', async () => {
    const good = await stack.login('staff');
    const [h, p, s] = good.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: await userId('admin') })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const foreign = new JwtService({ secret: 'some-other-secret-of-at-least-32-chars' }).sign({ sub: await userId('staff') });
    const cases: Record<string, string>[] = [
      bearer('garbage'),
      bearer(`${h}.${forged}.${s}`),
      bearer(`${none}.${p}.`),
      bearer(foreign),
      { authorization: `Basic ${Buffer.from(`staff:${DEMO_PASSWORD}`).toString('base64')}` },
      { authorization: good },
    ];
    for (const headers of cases) {
      const res = await http(stack.baseUrl, 'GET', await path(), undefined, headers);
      expect({ headers, status: res.status, code: res.body.code }).toEqual({ headers, status: 401, code: 'UNAUTHORIZED' });
      expect(res.body.messageZh).toEqual(expect.any(String));
    }
  });

  it('401 for an expired token, saying so', async () => {
    const expired = new JwtService({ secret: stack.config.auth.jwtSecret }).sign({
      sub: await userId('staff'),
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const res = await http(stack.baseUrl, 'GET', await path(), undefined, bearer(expired));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      code: 'UNAUTHORIZED',
      messageZh: '登录已过期,请重新登录',
      details: [expect.objectContaining({ code: 'tokenExpired' })],
    });
  });
});

describe('public routes', () => {
  it('serves the OpenAPI document without a token, declaring bearer auth on the guarded endpoints', async () => {
    const res = await http(stack.baseUrl, 'GET', '/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(res.body.paths['/api/activities'].post.security).toEqual([{ bearer: [] }]);
    expect(res.body.paths['/api/auth/login'].post.security).toBeUndefined();
  });
});

describe('role and department', () => {
  it('403 for the supervisor registering an activity, naming the allowed roles in English and Chinese', async () => {
    const res = await stack.as('supervisor')('POST', '/api/activities', activityBody());
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'Your role (supervisor) may not do this; required role: one of staff, dept_head, admin',
      messageZh: expect.stringMatching(
        /^当前角色\(监事会\(supervisor\)\)无权执行此操作,需要以下角色之一:编制人\(staff\)、主办部门负责人\(dept_head\)、行政部\(admin\)$/,
      ),
      details: [expect.objectContaining({ field: 'role', code: 'roleRequired' })],
    });
  });

  it('403 for publicity staff registering an activity of training, and nothing is stored', async () => {
    const body = activityBody({ leadDepartment: 'training' });
    const res = await stack.as('staff')('POST', '/api/activities', body);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'FORBIDDEN',
      messageZh: expect.stringContaining('training'),
      details: [expect.objectContaining({ code: 'otherDepartment' })],
    });
    const rows = await stack.dataSource.query(`SELECT 1 FROM activities WHERE name = $1`, [body.name]);
    expect(rows).toEqual([]);
  });

  it('lets training staff and admin register for training', async () => {
    expect((await stack.as('training_staff')('POST', '/api/activities', activityBody({ leadDepartment: 'training' }))).status).toBe(201);
    expect((await stack.as('admin')('POST', '/api/activities', activityBody({ leadDepartment: 'training' }))).status).toBe(201);
  });

  it('403 for the head of another department reading a publicity activity', async () => {
    const res = await stack.as('training_head')('GET', `/api/activities/${await publicityActivityId()}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', messageZh: expect.stringContaining('无权查看 publicity 的活动') });
  });
});

/**
 * Every role (one demo user each, plus a second department's staff and head) and no token,
 * against every endpoint. Publicity is the lead department throughout.
 */
describe('authorization matrix', () => {
  const principals = [
    ...DEMO_USERS.map((u) => ({ username: u.username as string | null, role: u.role, department: u.department })),
    { username: null, role: null, department: null },
  ];
  const label = (p: (typeof principals)[number]) =>
    p.username === null ? 'no token' : `${p.username} (${p.role}${p.department ? `@${p.department}` : ''})`;

  it('covers every SPEC §1 role', () => {
    expect(new Set(principals.map((p) => p.role).filter(Boolean))).toEqual(new Set(ROLES));
  });

  type Expectation = (p: (typeof principals)[number]) => number;
  const publicityMember = (p: (typeof principals)[number]) => p.department === 'publicity';
  const endpoints: Array<{
    name: string;
    call: (as: ReturnType<Stack['as']>) => Promise<{ status: number; body: any }>;
    expected: Expectation;
  }> = [
    {
      name: 'POST /api/activities (lead publicity)',
      call: (as) => as('POST', '/api/activities', activityBody()),
      expected: (p) =>
        p.role === null ? 401 : p.role === 'admin' || ((p.role === 'staff' || p.role === 'dept_head') && publicityMember(p)) ? 201 : 403,
    },
    {
      name: 'GET /api/activities/:id (lead publicity)',
      call: async (as) => as('GET', `/api/activities/${await publicityActivityId()}`),
      expected: (p) =>
        p.role === null
          ? 401
          : p.role === 'external'
            ? 403
            : (p.role === 'staff' || p.role === 'dept_head') && !publicityMember(p)
              ? 403
              : 200,
    },
    { name: 'GET /api/auth/me', call: (as) => as('GET', '/api/auth/me'), expected: (p) => (p.role === null ? 401 : 200) },
  ];

  const cases = endpoints.flatMap((e) => principals.map((p) => [e.name, label(p), e.expected(p), e, p] as const));

  it.each(cases)('%s as %s → %s', async (_name, _who, status, endpoint, principal) => {
    const res = await endpoint.call(stack.as(principal.username));
    expect({ status: res.status, code: res.body?.code }).toEqual({
      status,
      code: status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : undefined,
    });
    if (status >= 400) expect(res.body).toMatchObject({ statusCode: status, messageZh: expect.any(String), details: expect.any(Array) });
    if (endpoint.name === 'GET /api/auth/me' && status === 200) {
      expect(res.body).toMatchObject({ username: principal.username, role: principal.role, department: principal.department });
    }
  });
});

describe('audit log', () => {
  it('records who registered which activity, when and from where', async () => {
    const before = new Date(Date.now() - 1000);
    const res = await stack.as('staff')('POST', '/api/activities', activityBody(), {
      'user-agent': 'audit-test/1.0',
      'x-request-id': 'req-audit-1',
    });
    expect(res.status).toBe(201);
    const row = await stack.dataSource
      .getRepository(AuditLogEntity)
      .findOneByOrFail({ action: 'activity.register', targetId: res.body.id });
    expect(row).toMatchObject({
      actorUserId: await userId('staff'),
      actorRole: 'staff',
      targetType: 'activity',
      ip: expect.stringMatching(/127\.0\.0\.1$/),
      userAgent: 'audit-test/1.0',
      requestId: 'req-audit-1',
      details: expect.objectContaining({ method: 'POST', route: '/api/activities', status: 201, actorDepartment: 'publicity' }),
    });
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(row.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('records nothing for reads of current records, and a refused write only as auth.denied', async () => {
    const id = await publicityActivityId();
    const repo = stack.dataSource.getRepository(AuditLogEntity);
    const supervisor = await userId('supervisor');
    const [aboutActivity, bySupervisor] = [await repo.countBy({ targetId: id }), await repo.countBy({ actorUserId: supervisor })];
    await eventually(
      () => stack.as('staff')('GET', `/api/activities/${id}`),
      (r) => r.status === 200,
    );
    expect((await stack.as('supervisor')('POST', '/api/activities', activityBody())).status).toBe(403);
    expect(await repo.countBy({ targetId: id })).toBe(aboutActivity);
    const bySupervisorNow = await repo.find({ where: { actorUserId: supervisor }, order: { id: 'DESC' } });
    expect(bySupervisorNow).toHaveLength(bySupervisor + 1);
    expect(bySupervisorNow[0]).toMatchObject({ action: 'auth.denied', details: expect.objectContaining({ status: 403 }) });
  });

  it('is read over GET /api/audit by the admin, management and the supervisor: filtered, newest first, paginated', async () => {
    const a = await stack.as('staff')('POST', '/api/activities', activityBody(), { 'x-request-id': 'req-audit-list-1' });
    const b = await stack.as('staff')('POST', '/api/activities', activityBody(), { 'x-request-id': 'req-audit-list-2' });
    const staff = await userId('staff');
    const res = await stack.as('supervisor')('GET', `/api/audit?actorUserId=${staff}&action=activity.register&pageSize=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(res.body.items.map((r: { targetId: string }) => r.targetId)).toEqual([b.body.id, a.body.id]);
    expect(res.body.items[0]).toMatchObject({
      actorUserId: staff,
      actorRole: 'staff',
      action: 'activity.register',
      targetType: 'activity',
      requestId: 'req-audit-list-2',
    });

    const byTarget = await stack.as('management')('GET', `/api/audit?targetType=activity&targetId=${a.body.id}`);
    expect(byTarget.body.items).toEqual([expect.objectContaining({ targetId: a.body.id, requestId: 'req-audit-list-1' })]);
    const prefix = await stack.as('admin')('GET', '/api/audit?action=auth.&pageSize=100');
    expect(prefix.body.items.length).toBeGreaterThan(0);
    for (const row of prefix.body.items) expect(row.action).toMatch(/^auth\./);
    const future = await stack.as('admin')('GET', `/api/audit?from=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`);
    expect(future.body).toMatchObject({ items: [], total: 0 });

    expect((await stack.as('dept_head')('GET', '/api/audit')).status).toBe(403);
    const bad = await stack.as('admin')('GET', '/api/audit?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'from', messageZh: expect.any(String) });
  });

  it('answers with the X-Request-Id it recorded', async () => {
    const res = await fetch(`${stack.baseUrl}/api/auth/me`, { headers: bearer(await stack.login('vp')) });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w.:-]+$/);
  });
});
