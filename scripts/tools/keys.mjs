// The service's own secrets, made on the first `npm start` and kept in the data folder: the JWT
// secret that signs access tokens and the Ed25519 key that signs summaries. Node built-ins
// only (the launcher runs before `npm ci`). Nothing here is ever a fixed value: a key in the source
// would let anyone who reads it sign tokens and summaries.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';
export const SIGNING_KEY_FILE = 'signing-key.pem';

/** 32 random bytes as 64 hex digits (config requires at least 32 characters). */
export function generateJwtSecret() {
  return randomBytes(32).toString('hex');
}

/** A new Ed25519 private key, PKCS#8 PEM (what SIGNING_KEY / SIGNING_KEY_FILE take). */
export function generateSigningKeyPem() {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * sha256 of the public key's SPKI DER, hex: its first 16 digits are the key id the API names in
 * every signature and reports at GET /api/signatures/public-key (libs/signature keyIdOf).
 */
export function signingKeyFingerprint(privateKeyPem) {
  const der = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** `env` plus keys for one throw-away run (tests, benchmarks) where it has none: never written anywhere. */
export function withEphemeralKeys(env) {
  return {
    ...env,
    ...(env.JWT_SECRET ? {} : { JWT_SECRET: generateJwtSecret() }),
    ...(env.SIGNING_KEY || env.SIGNING_KEY_FILE ? {} : { SIGNING_KEY: generateSigningKeyPem() }),
  };
}

/** Writes `content` only if `file` does not exist (mode 0600 from the start); true when it wrote. */
function createOnce(file, content) {
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false; // made earlier, or by a concurrent start: keep that one
    throw err;
  }
}

/** Group or other may read it: tightened to the owner, with a note. */
function tighten(file, mode, log) {
  const current = statSync(file).mode & 0o777;
  if (current & 0o077) {
    chmodSync(file, mode);
    log(`${file} was readable by others (mode ${current.toString(8)}); now ${mode.toString(8)}`);
  }
}

/**
 * Makes sure `<dataDir>/keys/` holds a JWT secret and a signing key (generated the first time,
 * files 0600 in a 0700 folder) and returns their paths, the secret and the key's fingerprint.
 * A file that exists but is unusable stops the start: silently replacing a signing key would leave
 * every earlier signature unverifiable.
 */
export function ensureKeys(dataDir, { log = () => {} } = {}) {
  const dir = path.join(path.resolve(dataDir), 'keys');
  // The data folder keeps its usual mode (run as root, PostgreSQL's own user must traverse it);
  // only keys/ is the owner's alone.
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const jwtFile = path.join(dir, JWT_SECRET_FILE);
  const keyFile = path.join(dir, SIGNING_KEY_FILE);
  const createdJwt = createOnce(jwtFile, `${generateJwtSecret()}\n`);
  const createdKey = createOnce(keyFile, generateSigningKeyPem());
  for (const file of [jwtFile, keyFile]) tighten(file, 0o600, log);

  const jwtSecret = readFileSync(jwtFile, 'utf8').trim();
  if (jwtSecret.length < 32) throw new Error(`${jwtFile} holds no usable JWT secret (at least 32 characters); remove it to make a new one`);
  let fingerprint;
  try {
    const pem = readFileSync(keyFile, 'utf8');
    if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    fingerprint = signingKeyFingerprint(pem);
  } catch (err) {
    throw new Error(`${keyFile} holds no usable Ed25519 private key (${err.message}); restore it from a backup`, { cause: err });
  }
  const keyId = fingerprint.slice(0, 16);
  if (createdJwt) log(`generated a new JWT secret: ${jwtFile}`);
  if (createdKey) log(`generated a new Ed25519 signing key: ${keyFile} (back it up: signatures are verified with it)`);
  log(`signing key ${keyId} (sha256 of its public key: ${fingerprint})`);
  return { dir, jwtFile, keyFile, jwtSecret, fingerprint, keyId, created: { jwtSecret: createdJwt, signingKey: createdKey } };
}

/**
 * What the API and the worker get in their environment: the generated keys, except where the user
 * set their own (JWT_SECRET; SIGNING_KEY or SIGNING_KEY_FILE). `keys` is ensureKeys' result.
 */
export function keyEnv(env, keys) {
  return {
    ...(env.JWT_SECRET ? {} : { JWT_SECRET: keys.jwtSecret }),
    ...(env.SIGNING_KEY || env.SIGNING_KEY_FILE ? {} : { SIGNING_KEY_FILE: keys.keyFile }),
  };
}

/** Whether `env` already names both keys: then nothing needs to be generated. */
export function keysGiven(env) {
  return Boolean(env.JWT_SECRET && (env.SIGNING_KEY || env.SIGNING_KEY_FILE));
}
