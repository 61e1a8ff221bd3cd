import { randomBytes } from 'node:crypto';
import { ConfigError, DEFAULTS, DEV_JWT_SECRET, loadConfig } from '../../../libs/config/config.js';
import { ed25519PemFromSeed } from '../../../libs/signature/signature.js';

const base = { DATABASE_URL: 'postgres://x@h/db' };
const strong = 'a'.repeat(64);

describe('auth config (JWT_SECRET, JWT_TTL_SECONDS)', () => {
  it('defaults to the development key and 8 hours outside production', () => {
    expect(loadConfig(base).auth).toEqual({ jwtSecret: DEV_JWT_SECRET, tokenTtlSeconds: 28_800 });
    expect(DEFAULTS.JWT_TTL_SECONDS).toBe('28800');
  });

  it('takes JWT_SECRET and JWT_TTL_SECONDS from the environment', () => {
    expect(loadConfig({ ...base, JWT_SECRET: 's', JWT_TTL_SECONDS: '60' }).auth).toEqual({ jwtSecret: 's', tokenTtlSeconds: 60 });
    expect(() => loadConfig({ ...base, JWT_TTL_SECONDS: '0' })).toThrow(/JWT_TTL_SECONDS must be a positive integer/);
  });

  it('refuses, in production, a missing, short or development JWT_SECRET', () => {
    for (const JWT_SECRET of [undefined, '', 'short-secret', DEV_JWT_SECRET]) {
      expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    // With a signing key present, so only JWT_SECRET decides.
    const SIGNING_KEY = ed25519PemFromSeed(randomBytes(32));
    expect(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: strong, SIGNING_KEY }).auth.jwtSecret).toBe(strong);
  });
});
