import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../../libs/config/config.js';
import {
  BUILT_IN_RETIRED_PUBLIC_KEYS_PEM,
  ed25519PemFromSeed,
  keyIdOf,
  loadRetiredPublicKeys,
  loadSigningKey,
  retiredVerifiers,
  signStatement,
  verifyStatement,
  type SignatureStatement,
} from '../../../libs/signature/signature.js';

const statement: SignatureStatement = {
  activityId: '7c4a3d2e-0000-4000-8000-000000000001',
  versionId: '7c4a3d2e-0000-4000-8000-000000000002',
  versionNo: 2,
  contentHash: 'a'.repeat(64),
  purpose: 'review_l1',
  signerId: '7c4a3d2e-0000-4000-8000-000000000003',
  signerName: '宣传部负责人',
  signerRole: 'dept_head',
  signedAt: '2026-11-27T04:00:00.000Z',
};

describe('R-6.4 signatures bind signer, time and content hash', () => {
  const key = loadSigningKey(ed25519PemFromSeed(randomBytes(32)));

  it('verifies the statement it signed', () => {
    expect(verifyStatement(key.publicKey, statement, signStatement(key, statement))).toBe(true);
  });

  it.each([
    ['signer', { signerId: '7c4a3d2e-0000-4000-8000-000000000009' }],
    ['signer name', { signerName: '他人' }],
    ['time', { signedAt: '2026-11-27T04:00:00.001Z' }],
    ['content hash', { contentHash: 'b'.repeat(64) }],
    ['version', { versionNo: 3 }],
    ['purpose', { purpose: 'review_l2' as const }],
  ])('does not verify when the %s differs', (_what, change) => {
    const value = signStatement(key, statement);
    expect(verifyStatement(key.publicKey, { ...statement, ...change }, value)).toBe(false);
  });

  it('does not verify with another key, nor a malformed value', () => {
    const other = loadSigningKey(ed25519PemFromSeed(randomBytes(32)));
    expect(verifyStatement(other.publicKey, statement, signStatement(key, statement))).toBe(false);
    expect(verifyStatement(key.publicKey, statement, 'not base64 at all')).toBe(false);
  });

  it('names the key by its public key, the same for the same seed', () => {
    const seed = randomBytes(32);
    expect(loadSigningKey(ed25519PemFromSeed(seed)).keyId).toBe(loadSigningKey(ed25519PemFromSeed(seed)).keyId);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('reads retired public keys, one PEM after the other, by key id', () => {
    const a = loadSigningKey(ed25519PemFromSeed(randomBytes(32)));
    const b = loadSigningKey(ed25519PemFromSeed(randomBytes(32)));
    const keys = loadRetiredPublicKeys(`${a.publicKeyPem}\n${b.publicKeyPem}`);
    expect([...keys.keys()].sort()).toEqual([a.keyId, b.keyId].sort());
    expect(keyIdOf(keys.get(a.keyId)!)).toBe(a.keyId);
    expect(verifyStatement(keys.get(a.keyId)!, statement, signStatement(a, statement))).toBe(true);
    expect(loadRetiredPublicKeys('').size).toBe(0);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadRetiredPublicKeys(rsa)).toThrow(/Ed25519/);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadSigningKey(rsa)).toThrow(/Ed25519/);
  });
});

describe('SIGNING_KEY configuration', () => {
  const base = { DATABASE_URL: 'postgres://x@h/db', JWT_SECRET: 'x'.repeat(40) };
  const pem = ed25519PemFromSeed(randomBytes(32));

  it.each([['development'], ['production'], [undefined]])(
    'a service without a signing key of its own refuses to start, whatever NODE_ENV (%s)',
    (NODE_ENV) => {
      expect(() => loadConfig({ ...base, NODE_ENV })).toThrow(/SIGNING_KEY or SIGNING_KEY_FILE must hold.*npm start/);
      expect(() => loadConfig({ ...base, NODE_ENV, SIGNING_KEY: '  ' })).toThrow(ConfigError);
      expect(loadConfig({ ...base, NODE_ENV, SIGNING_KEY: pem }).signing.privateKeyPem).toBe(pem);
    },
  );

  it('accepts a PEM on one line with \\n escapes, or from a file', () => {
    expect(loadConfig({ ...base, SIGNING_KEY: pem.replace(/\n/g, '\\n') }).signing.privateKeyPem).toBe(pem);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sigkey-')), 'key.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ ...base, SIGNING_KEY_FILE: file }).signing.privateKeyPem).toBe(pem);
    expect(() => loadConfig({ ...base, SIGNING_KEY_FILE: `${file}.missing` })).toThrow(/SIGNING_KEY_FILE .* cannot be read/);
  });

  it('refuses something that is not a key, with a one-line reason', () => {
    expect(() => loadConfig({ ...base, SIGNING_KEY: 'secret' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        ...base,
        SIGNING_KEY: pem,
        SIGNING_RETIRED_PUBLIC_KEYS: '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----',
      }),
    ).toThrow(ConfigError);
  });
});

describe('the retired development signing key', () => {
  /** `statement` signed by the first releases' development key (key id 11183807cca134fc), kept as a value. */
  const SIGNED_BY_DEVELOPMENT_KEY = 'Ps/Q/aWrRPbHCaGpPq3VKmbHY687JjxFLtTQLsUyn7MPm8YHx/K+/KFrzZr6vl8iValSRmXSh5ROe5CrrPUGBw==';
  const DEVELOPMENT_KEY_ID = '11183807cca134fc';

  it('signatures made earlier with the old development key still verify, with no configuration', () => {
    const verifiers = retiredVerifiers('');
    expect([...verifiers.keys()]).toEqual([DEVELOPMENT_KEY_ID]);
    expect(verifyStatement(verifiers.get(DEVELOPMENT_KEY_ID)!, statement, SIGNED_BY_DEVELOPMENT_KEY)).toBe(true);
    expect(verifyStatement(verifiers.get(DEVELOPMENT_KEY_ID)!, { ...statement, versionNo: 3 }, SIGNED_BY_DEVELOPMENT_KEY)).toBe(false);
    // Configured retired keys come on top of it.
    const other = loadSigningKey(ed25519PemFromSeed(randomBytes(32)));
    expect([...retiredVerifiers(other.publicKeyPem).keys()].sort()).toEqual([DEVELOPMENT_KEY_ID, other.keyId].sort());
  });

  it('only its public half is in the source: no private key, no seed to derive one from', () => {
    expect(BUILT_IN_RETIRED_PUBLIC_KEYS_PEM).not.toContain('PRIVATE');
    for (const file of ['libs/signature/signature.ts', 'libs/config/config.ts']) {
      const source = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
      const pem = /-----BEGIN PRIVATE KEY-----(\\n|\s)*[A-Za-z0-9+/]{20,}/.test(source);
      expect({ file, seed: source.includes('development-only-signing-key'), pem }).toEqual({
        file,
        seed: false,
        pem: false,
      });
    }
  });
});
