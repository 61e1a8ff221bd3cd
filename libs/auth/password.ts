/**
 * Password hashing with argon2id (@node-rs/argon2: prebuilt binaries, no install script), stored
 * as the standard PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, so the cost can be raised
 * later and old hashes still verify with their own parameters. Hashes from the first release
 * (`scrypt$N$r$p$salt$hash`) still verify, and `needsRehash` tells the login to replace them.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

export interface Argon2Params {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's first argon2id configuration: 19 MiB, 2 passes, 1 lane (≈ 30 ms here). */
export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Bounds on parameters read back from the database: a corrupt row must not allocate gigabytes. */
const MAX_MEMORY_KIB = 1 << 20;
const MAX_TIME = 20;
const MAX_LANES = 16;

/** NFKC: full-width and half-width forms (Chinese input methods switch between them) are one password. */
const normalize = (password: string): string => password.normalize('NFKC');

export function hashPassword(password: string, params: Argon2Params = DEFAULT_ARGON2): Promise<string> {
  // @node-rs/argon2 defaults to argon2id and a 16-byte random salt.
  return argon2Hash(normalize(password), { ...params, outputLen: 32 });
}

/** True when `password` matches `stored`; false for a mismatch or a malformed hash (never throws on those). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) {
    if (!argon2Params(stored)) return false;
    return argon2Verify(stored, normalize(password)).catch(() => false);
  }
  return verifyLegacyScrypt(password, stored);
}

/** Whether a verified hash should be replaced: another scheme, or weaker than today's parameters. */
export function needsRehash(stored: string, params: Argon2Params = DEFAULT_ARGON2): boolean {
  const current = argon2Params(stored);
  return (
    !current || current.memoryCost < params.memoryCost || current.timeCost < params.timeCost || current.parallelism < params.parallelism
  );
}

function argon2Params(stored: string): Argon2Params | null {
  const m = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/.exec(stored);
  if (!m) return null;
  const params = { memoryCost: Number(m[1]), timeCost: Number(m[2]), parallelism: Number(m[3]) };
  const inBounds =
    params.memoryCost >= 8 * params.parallelism &&
    params.memoryCost <= MAX_MEMORY_KIB &&
    params.timeCost >= 1 &&
    params.timeCost <= MAX_TIME &&
    params.parallelism >= 1 &&
    params.parallelism <= MAX_LANES;
  return inBounds ? params : null;
}

/* ---- legacy scrypt hashes (first release) ---- */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function scrypt(password: string, salt: Buffer, keylen: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // Node refuses N·r·128 above maxmem (32 MiB by default); allow what the parameters need.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scryptCb(normalize(password), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A `scrypt$N$r$p$salt$hash` string, as the first release stored them (tests build old rows with it). */
export async function hashLegacyScrypt(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parseScrypt(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || !salt || !key) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const { N } = params;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N) return null;
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > MAX_R) return null;
  if (!Number.isInteger(params.p) || params.p < 1 || params.p > MAX_P) return null;
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (saltBytes.length < 8 || keyBytes.length < 16) return null;
  return { params, salt: saltBytes, key: keyBytes };
}

async function verifyLegacyScrypt(password: string, stored: string): Promise<boolean> {
  const parsed = parseScrypt(stored);
  if (!parsed) return false;
  const candidate = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}
