import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEV_SIGNING_KEY_PEM, loadConfig } from '../../../libs/config/config.js';
import {
  ed25519PemFromSeed,
  keyIdOf,
  loadRetiredPublicKeys,
  loadSigningKey,
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
  const base = { DATABASE_URL: 'postgres://x@h/db' };
  const pem = ed25519PemFromSeed(randomBytes(32));

  it('uses the public development key outside production', () => {
    expect(loadConfig(base).signing.privateKeyPem).toBe(DEV_SIGNING_KEY_PEM);
  });

  it('requires a private key in production, and refuses the development one', () => {
    const prod = { ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig(prod)).toThrow(/SIGNING_KEY/);
    expect(() => loadConfig({ ...prod, SIGNING_KEY: DEV_SIGNING_KEY_PEM })).toThrow(/development key/);
    expect(loadConfig({ ...prod, SIGNING_KEY: pem }).signing.privateKeyPem).toBe(pem);
  });

  it('accepts a PEM on one line with \\n escapes, or from a file', () => {
    expect(loadConfig({ ...base, SIGNING_KEY: pem.replace(/\n/g, '\\n') }).signing.privateKeyPem).toBe(pem);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sigkey-')), 'key.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ ...base, SIGNING_KEY_FILE: file }).signing.privateKeyPem).toBe(pem);
  });

  it('refuses something that is not a key, with a one-line reason', () => {
    expect(() => loadConfig({ ...base, SIGNING_KEY: 'secret' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ ...base, SIGNING_RETIRED_PUBLIC_KEYS: '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----' }),
    ).toThrow(ConfigError);
  });
});
