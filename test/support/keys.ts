import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * A JWT secret and an Ed25519 signing key made for one test: the config has no built-in keys, and
 * refuses to load without them.
 */
export function testKeys(): { JWT_SECRET: string; SIGNING_KEY: string } {
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
