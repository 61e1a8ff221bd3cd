import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, DEFAULTS, loadConfig } from '../../../libs/config/config.js';
import { testKeys } from '../../support/keys.js';

const base = { DATABASE_URL: 'postgres://x@h/db', SIGNING_KEY: testKeys().SIGNING_KEY };
const strong = randomBytes(32).toString('hex');
/** What the first releases signed tokens with when JWT_SECRET was unset; it was in the source. */
const OLD_DEVELOPMENT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';

describe('auth config (JWT_SECRET, JWT_TTL_SECONDS)', () => {
  it('takes JWT_SECRET and JWT_TTL_SECONDS from the environment; 8 hours by default', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strong }).auth).toEqual({ jwtSecret: strong, tokenTtlSeconds: 28_800 });
    expect(DEFAULTS.JWT_TTL_SECONDS).toBe('28800');
    expect(loadConfig({ ...base, JWT_SECRET: strong, JWT_TTL_SECONDS: '60' }).auth.tokenTtlSeconds).toBe(60);
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, JWT_TTL_SECONDS: '0' })).toThrow(/JWT_TTL_SECONDS must be a positive integer/);
  });

  it.each([['development'], ['production'], ['test'], [undefined]])(
    'a service without a JWT secret of its own refuses to start, whatever NODE_ENV (%s): missing, short or the old development secret',
    (NODE_ENV) => {
      for (const JWT_SECRET of [undefined, '', 'short-secret', OLD_DEVELOPMENT_SECRET]) {
        expect(() => loadConfig({ ...base, NODE_ENV, JWT_SECRET })).toThrow(ConfigError);
      }
      expect(() => loadConfig({ ...base, NODE_ENV })).toThrow(/JWT_SECRET must be set.*npm start/);
      expect(() => loadConfig({ ...base, NODE_ENV, JWT_SECRET: OLD_DEVELOPMENT_SECRET })).toThrow(/public development secret/);
      expect(loadConfig({ ...base, NODE_ENV, JWT_SECRET: strong }).auth.jwtSecret).toBe(strong);
    },
  );

  it('keeps no development secret in the configuration module, only the hash that refuses the old one', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../../libs/config/config.ts', import.meta.url), 'utf8');
    expect(source).not.toContain(OLD_DEVELOPMENT_SECRET);
    expect(source).toContain(createHash('sha256').update(OLD_DEVELOPMENT_SECRET).digest('hex'));
  });
});

describe('security config (THROTTLE_*, LOGIN_LOCKOUT_*, CORS_ORIGINS)', () => {
  const keys = { DATABASE_URL: 'postgres://x@h/db', ...testKeys() };

  it('defaults: 5 sign-ins a minute per username, 30 per address, 5 password changes, 60 refusals; 10 failures lock 15 min', () => {
    expect(loadConfig(keys).security).toEqual({
      throttle: {
        loginPerUsername: { limit: 5, windowSeconds: 60 },
        loginPerAddress: { limit: 30, windowSeconds: 60 },
        passwordChange: { limit: 5, windowSeconds: 60 },
        denied: { limit: 60, windowSeconds: 60 },
      },
      lockout: { failures: 10, windowSeconds: 900, lockSeconds: 900 },
      corsOrigins: [],
    });
  });

  it('reads each setting, and CORS_ORIGINS as a comma-separated list of origins', () => {
    const c = loadConfig({
      ...keys,
      THROTTLE_WINDOW_SECONDS: '10',
      THROTTLE_LOGIN_PER_USERNAME: '2',
      LOGIN_LOCKOUT_FAILURES: '3',
      LOGIN_LOCKOUT_SECONDS: '30',
      CORS_ORIGINS: 'https://portal.example.org, http://localhost:5173/',
    }).security;
    expect(c.throttle.loginPerUsername).toEqual({ limit: 2, windowSeconds: 10 });
    expect(c.lockout).toEqual({ failures: 3, windowSeconds: 900, lockSeconds: 30 });
    expect(c.corsOrigins).toEqual(['https://portal.example.org', 'http://localhost:5173']);
  });

  it('refuses a limit that is not a positive whole number and a CORS entry that is not an origin', () => {
    expect(() => loadConfig({ ...keys, THROTTLE_LOGIN_PER_USERNAME: '0' })).toThrow(/THROTTLE_LOGIN_PER_USERNAME/);
    for (const CORS_ORIGINS of ['*', 'portal.example.org', 'https://portal.example.org/app', 'ftp://x.org']) {
      expect(() => loadConfig({ ...keys, CORS_ORIGINS })).toThrow(/CORS_ORIGINS/);
    }
  });
});
