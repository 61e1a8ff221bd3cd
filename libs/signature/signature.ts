/**
 * Electronic signatures of summary versions (SPEC §4, R-6.4): "the signature binds the signer,
 * the time and the hash of the exact version signed". The service signs, on behalf of the signer
 * it authenticated, a canonical statement of exactly those facts with Ed25519; anyone holding the
 * public key can verify a stored signature, and a document changed after signing no longer
 * matches the hash it names.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../summary/hash.js';

/**
 * Why a version was signed: by its compiler at submission, by a reviewer at their level, or by the
 * vice-president for the special meeting that decided on it.
 */
export const SIGNATURE_PURPOSES = ['compile', 'review_l1', 'review_l2', 'review_l3', 'special_meeting'] as const;
export type SignaturePurpose = (typeof SIGNATURE_PURPOSES)[number];

export const SIGNATURE_ALGORITHM = 'Ed25519';
/** Version of the statement's layout: a verifier must know what exactly was signed. */
export const STATEMENT_SCHEME = 'summary-signature/v1';

/** What a signature states; every field is covered by it. */
export interface SignatureStatement {
  activityId: string;
  versionId: string;
  versionNo: number;
  /** sha256 of the canonical summary document (libs/summary/hash.ts). */
  contentHash: string;
  purpose: SignaturePurpose;
  signerId: string;
  signerName: string;
  signerRole: string;
  /** ISO-8601 with milliseconds, UTC. */
  signedAt: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the sha256 of the public key (SPKI DER): names the key in each record. */
  keyId: string;
  /** PEM of the public key, published so signatures can be checked outside the service. */
  publicKeyPem: string;
}

/** The bytes that are signed: the scheme plus the statement, canonical JSON (sorted keys). */
export function statementBytes(statement: SignatureStatement): Buffer {
  return Buffer.from(canonicalJson({ scheme: STATEMENT_SCHEME, ...statement }), 'utf8');
}

export function signStatement(key: SigningKey, statement: SignatureStatement): string {
  return sign(null, statementBytes(statement), key.privateKey).toString('base64');
}

export function verifyStatement(publicKey: KeyObject, statement: SignatureStatement, value: string): boolean {
  try {
    return verify(null, statementBytes(statement), publicKey, Buffer.from(value, 'base64'));
  } catch {
    return false;
  }
}

/** A PKCS#8 PEM Ed25519 private key (e.g. `openssl genpkey -algorithm ed25519`). */
export function loadSigningKey(privateKeyPem: string): SigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`SIGNING_KEY must be an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? 'a non-asymmetric key'}`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The id a key is named by: first 16 hex digits of the sha256 of its public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Public keys of retired signing keys, so signatures made before a key rotation still verify:
 * any number of PEM public keys, one after the other. Keyed by key id.
 */
export function loadRetiredPublicKeys(pems: string): Map<string, KeyObject> {
  const blocks = pems.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  const keys = new Map<string, KeyObject>();
  for (const block of blocks) {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`a retired signing key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/**
 * Public halves of keys that signed summaries once and never will again, always accepted for
 * verification besides SIGNING_RETIRED_PUBLIC_KEYS. The first releases signed with a development
 * key whose private half was derivable from the source (key id `11183807cca134fc`): its signatures
 * stay checkable, but nothing new can be signed with it (the config refuses it as SIGNING_KEY).
 */
export const BUILT_IN_RETIRED_PUBLIC_KEYS_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAtT9DhFCPBfBYVJzx9tiwxZZnUNo7xRQMhOr422h+hxw=
-----END PUBLIC KEY-----
`;

/** The verifying keys of retired signing keys: the built-in ones and those configured (`pems`), by key id. */
export function retiredVerifiers(pems: string): Map<string, KeyObject> {
  return new Map([...loadRetiredPublicKeys(BUILT_IN_RETIRED_PUBLIC_KEYS_PEM), ...loadRetiredPublicKeys(pems)]);
}

/** Whether `key` is one whose private half is public (a built-in retired key): never sign with it. */
export function isPubliclyKnownKey(key: SigningKey): boolean {
  return loadRetiredPublicKeys(BUILT_IN_RETIRED_PUBLIC_KEYS_PEM).has(key.keyId);
}

/** The key from a 32-byte seed, as PKCS#8 PEM (tests make throw-away keys with it). */
export function ed25519PemFromSeed(seed: Buffer): string {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
}
