/**
 * The launcher's key helper (scripts/tools/keys.mjs): `npm start` generates the service's JWT secret
 * and signing key into DATA_DIR on the first start and reuses them afterwards.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../libs/config/config.js';
import { loadSigningKey } from '../../../libs/signature/signature.js';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { ensureKeys, keyEnv, keysGiven, withEphemeralKeys } from '../../../scripts/tools/keys.mjs';

interface Keys {
  dir: string;
  jwtFile: string;
  keyFile: string;
  jwtSecret: string;
  fingerprint: string;
  keyId: string;
  created: { jwtSecret: boolean; signingKey: boolean };
}
const ensure = ensureKeys as (dataDir: string, options?: { log?: (line: string) => void }) => Keys;
const env = keyEnv as (env: NodeJS.ProcessEnv, keys: Keys) => NodeJS.ProcessEnv;

const mode = (file: string) => statSync(file).mode & 0o777;
const freshDataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'keys-')), '.data');

describe('scripts/tools/keys.mjs', () => {
  it('a fresh start generates keys with mode 0600 (folder 0700) and prints the fingerprint the API reports as its key id', () => {
    const dataDir = freshDataDir();
    const lines: string[] = [];
    const keys = ensure(dataDir, { log: (line) => lines.push(line) });

    expect(keys.created).toEqual({ jwtSecret: true, signingKey: true });
    expect(keys.jwtFile).toBe(path.join(dataDir, 'keys', 'jwt-secret'));
    expect(keys.keyFile).toBe(path.join(dataDir, 'keys', 'signing-key.pem'));
    expect(mode(keys.jwtFile)).toBe(0o600);
    expect(mode(keys.keyFile)).toBe(0o600);
    expect(mode(path.join(dataDir, 'keys'))).toBe(0o700);
    // The data folder itself keeps an ordinary mode (PostgreSQL's own user may need to traverse it).
    expect(mode(dataDir) & 0o005).toBe(0o005 & ~process.umask());

    expect(keys.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    const pem = readFileSync(keys.keyFile, 'utf8');
    const apiKeyId = loadSigningKey(pem).keyId;
    expect(keys.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.keyId).toBe(apiKeyId);
    expect(keys.fingerprint.startsWith(apiKeyId)).toBe(true);
    expect(lines.join('\n')).toContain(keys.fingerprint);
    expect(lines.join('\n')).toMatch(/generated a new Ed25519 signing key/);

    // What the API and worker get, and that the config accepts it.
    const childEnv = env({}, keys);
    expect(childEnv).toEqual({ JWT_SECRET: keys.jwtSecret, SIGNING_KEY_FILE: keys.keyFile });
    const config = loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...childEnv });
    expect(loadSigningKey(config.signing.privateKeyPem).keyId).toBe(keys.keyId);
  });

  it('a later start reuses the same keys and generates nothing', () => {
    const dataDir = freshDataDir();
    const first = ensure(dataDir);
    const lines: string[] = [];
    const second = ensure(dataDir, { log: (line) => lines.push(line) });
    expect(second.created).toEqual({ jwtSecret: false, signingKey: false });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(lines.join('\n')).not.toMatch(/generated/);
    expect(lines.join('\n')).toContain(first.fingerprint);
  });

  it('two installations never share a key', () => {
    const [a, b] = [ensure(freshDataDir()), ensure(freshDataDir())];
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('keys the user set win over the generated ones', () => {
    const keys = ensure(freshDataDir());
    expect(env({ JWT_SECRET: 'mine'.repeat(10) }, keys)).toEqual({ SIGNING_KEY_FILE: keys.keyFile });
    expect(env({ SIGNING_KEY: 'pem' }, keys)).toEqual({ JWT_SECRET: keys.jwtSecret });
    expect(env({ SIGNING_KEY_FILE: '/etc/key.pem' }, keys)).toEqual({ JWT_SECRET: keys.jwtSecret });
    expect(keysGiven({ JWT_SECRET: 'x', SIGNING_KEY_FILE: '/etc/key.pem' })).toBe(true);
    expect(keysGiven({ JWT_SECRET: 'x' })).toBe(false);
  });

  it('a key file readable by others is tightened to 0600, with a note', () => {
    const dataDir = freshDataDir();
    const keys = ensure(dataDir);
    chmodSync(keys.keyFile, 0o644);
    const lines: string[] = [];
    ensure(dataDir, { log: (line) => lines.push(line) });
    expect(mode(keys.keyFile)).toBe(0o600);
    expect(lines.join('\n')).toMatch(/readable by others/);
  });

  it('an unusable key file stops the start instead of being replaced (earlier signatures would no longer verify)', () => {
    const dataDir = freshDataDir();
    const keys = ensure(dataDir);
    writeFileSync(keys.keyFile, 'not a key');
    expect(() => ensure(dataDir)).toThrow(/no usable Ed25519 private key.*backup/);
    expect(readFileSync(keys.keyFile, 'utf8')).toBe('not a key');
  });

  it('tests and benchmarks get throw-away keys, unless the environment has its own', () => {
    const made = (withEphemeralKeys as (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv)({ DATABASE_URL: 'postgres://x@h/db' });
    expect(() => loadConfig(made)).not.toThrow();
    const given = (withEphemeralKeys as (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv)({
      JWT_SECRET: 'j'.repeat(40),
      SIGNING_KEY_FILE: '/k',
    });
    expect(given).toEqual({ JWT_SECRET: 'j'.repeat(40), SIGNING_KEY_FILE: '/k' });
  });
});
