/**
 * Issue "Nobody gets in who shouldn't": one regression test per finding of the security review,
 * each named after what it prevents, against the real API (and PostgreSQL). Stacks here run with
 * the production defaults of the brute-force limits (DEFAULTS), or lower ones where a test says so,
 * instead of the lenient limits the other suites use (LENIENT_LIMITS).
 */
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DEFAULTS } from '../../libs/config/config.js';
import { AuditLogEntity } from '../../libs/db/entities/audit-log.entity.js';
import { DEMO_PASSWORD } from '../../libs/db/seed-demo.js';
import { createUserFromCli } from '../../libs/users/create-user-cli.js';
import { DirectoryError } from '../../libs/users/directory.js';
import { bearer, http, LENIENT_LIMITS, startStack, type Stack } from './support/stack.js';

/** The production defaults of every limit the other suites relax. */
const DEFAULT_LIMITS: NodeJS.ProcessEnv = Object.fromEntries(
  Object.keys(LENIENT_LIMITS).map((name) => [name, DEFAULTS[name as keyof typeof DEFAULTS]]),
);
/** What the first releases signed tokens with when JWT_SECRET was unset: it was in the source. */
const OLD_DEVELOPMENT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
/** The first releases' development signing key, whose private half was derivable from the source. */
const OLD_DEVELOPMENT_KEY_ID = '11183807cca134fc';
const PASSWORD = 'correct-horse-battery-staple-7';

const unique = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}`;

async function withStack<T>(env: NodeJS.ProcessEnv, run: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack({ ...DEFAULT_LIMITS, ...env }, { worker: false });
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

const login = (stack: Stack, username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  fetch(`${stack.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

async function token(stack: Stack, username: string, password = PASSWORD): Promise<string> {
  const res = await login(stack, username, password);
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A user of its own (staff of publicity) with PASSWORD, created by the demo admin. */
async function createUser(stack: Stack): Promise<{ id: string; username: string }> {
  const username = unique('sec');
  const res = await stack.as('admin')('POST', '/api/users', {
    username,
    displayName: '安全测试',
    role: 'staff',
    department: 'publicity',
    password: PASSWORD,
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, username };
}

const me = (stack: Stack, accessToken: string) => http(stack.baseUrl, 'GET', '/api/auth/me', undefined, bearer(accessToken));

describe('finding 1: no public keys in a running service', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ...DEFAULT_LIMITS }, { worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a token signed with the old development secret gets 401, even for an admin with every claim right', async () => {
    const adminId = (await stack.as('admin')('GET', '/api/auth/me')).body.id as string;
    const forged = new JwtService({ secret: OLD_DEVELOPMENT_SECRET }).sign({ sub: adminId, tv: 0 }, { expiresIn: 3600 });
    const res = await me(stack, forged);
    expect(res).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED', details: [expect.objectContaining({ code: 'invalidToken' })] },
    });
    expect(stack.config.auth.jwtSecret).not.toBe(OLD_DEVELOPMENT_SECRET);
  });

  it('a token with no exp gets 401 (so do one without iat, one without a token version, and one older than JWT_TTL_SECONDS)', async () => {
    const adminId = (await stack.as('admin')('GET', '/api/auth/me')).body.id as string;
    const jwt = new JwtService({ secret: stack.config.auth.jwtSecret });
    const cases = {
      noExp: jwt.sign({ sub: adminId, tv: 0 }),
      noIat: jwt.sign({ sub: adminId, tv: 0 }, { noTimestamp: true, expiresIn: 3600 }),
      noTokenVersion: jwt.sign({ sub: adminId }, { expiresIn: 3600 }),
      // exp a year ahead, but issued longer ago than the configured lifetime (8 hours)
      tooOld: jwt.sign(
        { sub: adminId, tv: 0, iat: Math.floor(Date.now() / 1000) - stack.config.auth.tokenTtlSeconds - 60 },
        { expiresIn: 365 * 86_400 },
      ),
    };
    for (const [name, t] of Object.entries(cases)) {
      const res = await me(stack, t);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 401, code: 'UNAUTHORIZED' });
    }
    // The same claims, complete and current, are accepted: the refusals are about the missing ones.
    const issued = JSON.parse(Buffer.from((await stack.login('admin')).split('.')[1]!, 'base64url').toString()) as Record<string, number>;
    expect(issued).toEqual({ sub: adminId, tv: expect.any(Number), iat: expect.any(Number), exp: issued.iat! + 28_800 });
    expect((await me(stack, jwt.sign({ sub: adminId, tv: issued.tv }, { expiresIn: 60 }))).status).toBe(200);
  });

  it('summaries are signed with a key of this installation, not the old development key', async () => {
    const res = await stack.as('staff')('GET', '/api/signatures/public-key');
    expect(res.status).toBe(200);
    expect(res.body.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(res.body.keyId).not.toBe(OLD_DEVELOPMENT_KEY_ID);
  });
});

describe('finding 2: tokens are revoked by a password change, a reset, a deactivation and a sign-out', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ...DEFAULT_LIMITS }, { worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a token issued before a password change gets 401, on every device, and the new password signs in', async () => {
    const user = await createUser(stack);
    const [laptop, phone] = [await token(stack, user.username), await token(stack, user.username)];
    const changed = await http(
      stack.baseUrl,
      'POST',
      '/api/auth/password',
      { currentPassword: PASSWORD, newPassword: 'a-fresh-passphrase-for-2027' },
      bearer(laptop),
    );
    expect(changed.status).toBe(204);
    for (const t of [laptop, phone]) {
      expect(await me(stack, t)).toMatchObject({
        status: 401,
        body: {
          code: 'UNAUTHORIZED',
          messageZh: expect.stringContaining('请重新登录'),
          details: [expect.objectContaining({ code: 'tokenRevoked' })],
        },
      });
    }
    expect((await me(stack, await token(stack, user.username, 'a-fresh-passphrase-for-2027'))).status).toBe(200);
  });

  it("a token issued before an admin's password reset gets 401", async () => {
    const user = await createUser(stack);
    const before = await token(stack, user.username);
    expect((await stack.as('admin')('PUT', `/api/users/${user.id}/password`, { password: 'reset-by-the-administration-9' })).status).toBe(
      204,
    );
    expect((await me(stack, before)).status).toBe(401);
    expect((await me(stack, await token(stack, user.username, 'reset-by-the-administration-9'))).status).toBe(200);
  });

  it('a token after logout gets 401 (POST /api/auth/logout answers 204, is audited, and signs out every session)', async () => {
    const user = await createUser(stack);
    const [session, other] = [await token(stack, user.username), await token(stack, user.username)];
    const out = await http(stack.baseUrl, 'POST', '/api/auth/logout', undefined, bearer(session));
    expect(out.status).toBe(204);
    expect((await me(stack, session)).status).toBe(401);
    expect((await me(stack, other)).status).toBe(401);
    expect((await http(stack.baseUrl, 'POST', '/api/auth/logout', undefined, bearer(session))).status).toBe(401);
    expect((await me(stack, await token(stack, user.username))).status).toBe(200);
    const rows = await stack.dataSource.getRepository(AuditLogEntity).findBy({ action: 'auth.logout', actorUserId: user.id });
    expect(rows).toHaveLength(1);
  });

  it('a token of a deactivated user stays refused after the account is reactivated', async () => {
    const user = await createUser(stack);
    const before = await token(stack, user.username);
    expect((await stack.as('admin')('PATCH', `/api/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await me(stack, before)).status).toBe(401);
    expect((await stack.as('admin')('PATCH', `/api/users/${user.id}`, { active: true })).status).toBe(200);
    expect((await me(stack, before)).status).toBe(401);
    expect((await me(stack, await token(stack, user.username))).status).toBe(200);
  });
});

describe('finding 3: brute force meets 429 and a lockout; weak passwords are refused', () => {
  it('brute force on one account meets 429 within 10 attempts, with Retry-After and a Chinese message', () =>
    withStack({}, async (stack) => {
      const user = await createUser(stack);
      const statuses: number[] = [];
      let throttled: Response | undefined;
      for (let attempt = 1; attempt <= 10 && !throttled; attempt++) {
        const res = await login(stack, user.username, `wrong-guess-${attempt}`);
        statuses.push(res.status);
        if (res.status === 429) throttled = res;
      }
      // The default: 5 attempts a minute per username, so the 6th meets 429.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(throttled!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await throttled!.json()).toEqual({
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringContaining('Too many sign-in attempts'),
        messageZh: expect.stringMatching(/^登录尝试过于频繁,请 \d+ 秒后再试$/),
        details: [expect.objectContaining({ code: 'rateLimited' })],
      });
      // Even the right password waits: the throttle does not tell a hit from a miss.
      expect((await login(stack, user.username)).status).toBe(429);
    }));

  it('brute force from one address over many usernames meets 429 after 30 attempts a minute', () =>
    withStack({}, async (stack) => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await login(stack, unique('nobody'), 'some-guess')).status);
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses[30]).toBe(429);
    }));

  it('a slow guesser is locked out after 10 failures (audited), also in another API process, until the lock ends', () =>
    // Throttles out of the way; the lockout at its defaults (10 failures in 15 minutes), but 3 s long.
    withStack({ THROTTLE_LOGIN_PER_USERNAME: '100', LOGIN_LOCKOUT_SECONDS: '3' }, async (stack) => {
      const user = await createUser(stack);
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 11; attempt++) statuses.push((await login(stack, user.username, `guess-${attempt}`)).status);
      expect(statuses).toEqual([...Array(10).fill(401), 429]);

      const locked = await login(stack, user.username); // the right password, while locked
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await locked.json()).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        messageZh: expect.stringContaining('已被临时锁定'),
        details: [expect.objectContaining({ field: 'username', code: 'accountLocked' })],
      });
      const lockouts = await stack.dataSource
        .getRepository(AuditLogEntity)
        .find({ where: { action: 'auth.lockout' }, order: { id: 'DESC' } });
      expect(lockouts.filter((r) => r.details.username === user.username)).toEqual([
        expect.objectContaining({
          ip: expect.stringContaining('127.0.0.1'),
          details: expect.objectContaining({ via: 'login', lockedSeconds: 3 }),
        }),
      ]);

      // Kept in PostgreSQL: another API process (a restart, a second replica) refuses too.
      const other = await startStack({ ...DEFAULT_LIMITS, LOGIN_LOCKOUT_SECONDS: '3' }, { worker: false });
      try {
        expect((await login(other, user.username)).status).toBe(429);
      } finally {
        await other.stop();
      }

      await new Promise((r) => setTimeout(r, 3_200));
      expect((await login(stack, user.username)).status).toBe(200);
    }));

  it('an unknown username is locked exactly like a known one: a lockout tells nothing about which accounts exist', () =>
    withStack({ THROTTLE_LOGIN_PER_USERNAME: '100' }, async (stack) => {
      const known = await createUser(stack);
      const answers = async (username: string) => {
        const out: Array<{ status: number; body: unknown }> = [];
        for (let attempt = 1; attempt <= 11; attempt++) {
          const res = await login(stack, username, `guess-${attempt}`);
          out.push({ status: res.status, body: await res.json() });
        }
        return out;
      };
      expect(await answers(unique('nobody'))).toEqual(await answers(known.username));
    }));

  it('an admin password reset lifts a lockout', () =>
    withStack({ THROTTLE_LOGIN_PER_USERNAME: '100' }, async (stack) => {
      const user = await createUser(stack);
      for (let attempt = 1; attempt <= 10; attempt++) await login(stack, user.username, `guess-${attempt}`);
      expect((await login(stack, user.username)).status).toBe(429);
      expect((await stack.as('admin')('PUT', `/api/users/${user.id}/password`, { password: 'reset-after-a-lockout-2026' })).status).toBe(
        204,
      );
      expect((await login(stack, user.username, 'reset-after-a-lockout-2026')).status).toBe(200);
    }));

  it('guessing the current password through POST /api/auth/password meets 429 within 10 attempts, each failure audited', () =>
    withStack({}, async (stack) => {
      const user = await createUser(stack);
      const t = await token(stack, user.username);
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 10 && statuses.at(-1) !== 429; attempt++) {
        const body = { currentPassword: `guess-${attempt}`, newPassword: 'a-fresh-passphrase-for-2027' };
        statuses.push((await http(stack.baseUrl, 'POST', '/api/auth/password', body, bearer(t))).status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
      const failed = await stack.dataSource.getRepository(AuditLogEntity).findBy({ action: 'auth.password.failed', actorUserId: user.id });
      expect(failed).toHaveLength(5);
      expect(failed[0]!.details).toMatchObject({ problems: ['wrongPassword'] });
    }));

  it('a stolen token cannot guess the current password past the lockout: wrong ones count as failed sign-ins', () =>
    withStack({ THROTTLE_PASSWORD_CHANGE: '100' }, async (stack) => {
      const user = await createUser(stack);
      const t = await token(stack, user.username);
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 11; attempt++) {
        const body = { currentPassword: `guess-${attempt}`, newPassword: 'a-fresh-passphrase-for-2027' };
        statuses.push((await http(stack.baseUrl, 'POST', '/api/auth/password', body, bearer(t))).status);
      }
      expect(statuses).toEqual([...Array(10).fill(400), 429]);
      expect((await login(stack, user.username)).status).toBe(429);
      const lockout = await stack.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'auth.lockout', actorUserId: user.id });
      expect(lockout).toMatchObject({ targetId: user.id, details: expect.objectContaining({ via: 'password', username: user.username }) });
    }));

  describe('10 spaces / 1234567890 / password12 are refused as passwords', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ ...DEFAULT_LIMITS }, { worker: false });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    const weak = [
      ['10 spaces', ' '.repeat(10), 'passwordBlank'],
      ['1234567890', '1234567890', 'passwordWeak'],
      ['password12', 'password12', 'passwordWeak'],
      ['qwertyuiop', 'qwertyuiop', 'passwordWeak'],
      ['full-width digits', '１２３４５６７８９０', 'passwordWeak'],
    ] as const;

    it.each(weak)('%s: refused when an admin creates a user', async (_name, password, code) => {
      const res = await stack.as('admin')('POST', '/api/users', {
        username: unique('weak'),
        displayName: '弱密码',
        role: 'archivist',
        password,
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'password', code, messageZh: expect.stringMatching(/密码/) })]);
    });

    it.each(weak)('%s: refused when an admin sets a password, and when users change their own', async (_name, password, code) => {
      const user = await createUser(stack);
      const set = await stack.as('admin')('PUT', `/api/users/${user.id}/password`, { password });
      expect(set.status).toBe(400);
      expect(set.body.details).toEqual([expect.objectContaining({ field: 'password', code })]);
      const own = await http(
        stack.baseUrl,
        'POST',
        '/api/auth/password',
        { currentPassword: PASSWORD, newPassword: password },
        bearer(await token(stack, user.username)),
      );
      expect(own.status).toBe(400);
      expect(own.body.details).toEqual([expect.objectContaining({ field: 'newPassword', code, messageZh: expect.any(String) })]);
      expect((await login(stack, user.username)).status).toBe(200); // unchanged
    });

    it('password12 is refused by the bootstrap CLI too', async () => {
      const refused = createUserFromCli(['--username', unique('cli'), '--role', 'admin'], {
        DATABASE_URL: stack.config.databaseUrl,
        USER_PASSWORD: 'password12',
      });
      await expect(refused).rejects.toBeInstanceOf(DirectoryError);
      await expect(refused).rejects.toMatchObject({ problems: [expect.objectContaining({ field: 'password', code: 'passwordWeak' })] });
    });

    it('the demo users still sign in with demo-password (the seed writes hashes, no strength check)', async () => {
      expect((await login(stack, 'staff', DEMO_PASSWORD)).status).toBe(200);
    });
  });
});

describe('finding 6: every 401 and 403 is audited, and a flood of them is throttled', () => {
  it('401 and 403 are audited: status, reason, route, actor when known, address, user agent and request id', () =>
    withStack({}, async (stack) => {
      const agent = `denied-audit/${randomUUID()}`;
      const noToken = await http(stack.baseUrl, 'GET', '/api/audit', undefined, { 'user-agent': agent, 'x-request-id': 'req-denied-401' });
      expect(noToken.status).toBe(401);
      const forbidden = await stack.as('supervisor')(
        'POST',
        '/api/departments',
        { code: 'x_denied', nameZh: '越权' },
        {
          'user-agent': agent,
          'x-request-id': 'req-denied-403',
        },
      );
      expect(forbidden.status).toBe(403);
      const user = await createUser(stack);
      const revoked = await token(stack, user.username);
      await http(stack.baseUrl, 'POST', '/api/auth/logout', undefined, bearer(revoked));
      expect((await http(stack.baseUrl, 'GET', '/api/auth/me', undefined, { ...bearer(revoked), 'user-agent': agent })).status).toBe(401);

      const rows = await stack.dataSource.getRepository(AuditLogEntity).find({ where: { userAgent: agent }, order: { id: 'ASC' } });
      const supervisor = (await stack.as('supervisor')('GET', '/api/auth/me')).body.id as string;
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'auth.denied',
          actorUserId: null,
          ip: expect.stringContaining('127.0.0.1'),
          requestId: 'req-denied-401',
          details: expect.objectContaining({ status: 401, reason: 'missingToken', method: 'GET', route: '/api/audit' }),
        }),
        expect.objectContaining({
          action: 'auth.denied',
          actorUserId: supervisor,
          actorRole: 'supervisor',
          requestId: 'req-denied-403',
          details: expect.objectContaining({ status: 403, reason: 'roleRequired', method: 'POST', route: '/api/departments' }),
        }),
        // A revoked token: no actor, but the row names whose token it was.
        expect.objectContaining({
          action: 'auth.denied',
          actorUserId: null,
          targetType: 'user',
          targetId: user.id,
          details: expect.objectContaining({ status: 401, reason: 'tokenRevoked', tokenSubject: user.id }),
        }),
      ]);
    }));

  it('a flood of 401s meets 429 and cannot write audit rows faster than the limit', () =>
    withStack({ THROTTLE_DENIED_PER_ADDRESS: '20' }, async (stack) => {
      const agent = `denied-flood/${randomUUID()}`;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 60; i++) {
        const res = await fetch(`${stack.baseUrl}/api/activities`, { headers: { authorization: 'Bearer a.b.c', 'user-agent': agent } });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter ??= res.headers.get('retry-after');
          expect(await res.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', messageZh: expect.stringContaining('被拒绝的请求过多') });
        } else await res.arrayBuffer();
      }
      expect(statuses).toEqual([...Array(20).fill(401), ...Array(40).fill(429)]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const rows = await stack.dataSource.getRepository(AuditLogEntity).findBy({ userAgent: agent });
      expect(rows.filter((r) => r.action === 'auth.denied')).toHaveLength(20);
      expect(rows.filter((r) => r.action === 'auth.denied.throttled')).toHaveLength(1);
      expect(rows).toHaveLength(21);
      // A signed-in user from the same address is not refused: only refusals are limited.
      expect((await stack.as('staff')('GET', '/api/auth/me')).status).toBe(200);
    }));
});

describe('finding 9: security headers, no X-Powered-By, CORS off unless configured', () => {
  it('security headers are present and x-powered-by is absent, on answers, errors and the docs', () =>
    withStack({}, async (stack) => {
      for (const path of ['/health', '/api/activities', '/docs', '/docs-json', '/nothing-here']) {
        const res = await fetch(`${stack.baseUrl}${path}`);
        await res.arrayBuffer();
        const h = Object.fromEntries(res.headers);
        expect({ path, poweredBy: h['x-powered-by'] }).toEqual({ path, poweredBy: undefined });
        expect({ path, h }).toMatchObject({
          path,
          h: {
            'content-security-policy': expect.stringContaining("default-src 'self'"),
            'x-content-type-options': 'nosniff',
            'x-frame-options': 'SAMEORIGIN',
            'referrer-policy': 'no-referrer',
            'strict-transport-security': expect.stringContaining('max-age='),
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-resource-policy': 'same-origin',
          },
        });
        expect(h['content-security-policy']).toContain("script-src 'self'");
        expect(h['content-security-policy']).toContain("object-src 'none'");
        expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
      }
    }));

  it('Swagger UI at /docs keeps working under the CSP: its scripts are files of the same origin, and they are served', () =>
    withStack({}, async (stack) => {
      const html = await (await fetch(`${stack.baseUrl}/docs`)).text();
      expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script, which script-src 'self' would block
      const scripts = [...html.matchAll(/<script src=["']([^"']+)["']/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThanOrEqual(3);
      for (const src of scripts) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const res = await fetch(new URL(src, `${stack.baseUrl}/docs`));
        expect({ src, status: res.status }).toEqual({ src, status: 200 });
        await res.arrayBuffer();
      }
    }));

  it('CORS is off by default: a cross-origin page gets no Access-Control-Allow-Origin', () =>
    withStack({}, async (stack) => {
      const res = await fetch(`${stack.baseUrl}/api/activities`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      await res.arrayBuffer();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }));

  it('CORS_ORIGINS lets exactly the listed origins call the API from a browser', () =>
    withStack({ CORS_ORIGINS: 'https://portal.example.org' }, async (stack) => {
      const preflight = (origin: string) =>
        fetch(`${stack.baseUrl}/api/activities`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight('https://portal.example.org');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    }));
});
