import {
  DEFAULT_ARGON2,
  hashLegacyScrypt,
  hashPassword,
  needsRehash,
  verifyPassword,
  type Argon2Params,
} from '../../../libs/auth/password.js';

// Cheap parameters keep these fast; the default is checked once for its stored form.
const FAST: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('password hashing (argon2id)', () => {
  it('stores a PHC argon2id string with the default parameters and verifies it', async () => {
    const stored = await hashPassword('demo-password');
    const { memoryCost: m, timeCost: t, parallelism: p } = DEFAULT_ARGON2;
    expect(stored).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`));
    await expect(verifyPassword('demo-password', stored)).resolves.toBe(true);
    await expect(verifyPassword('demo-passwore', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash: the same password twice gives two different hashes that both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('secret', FAST), hashPassword('secret', FAST)]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('secret', a)).resolves.toBe(true);
    await expect(verifyPassword('secret', b)).resolves.toBe(true);
  });

  it('verifies with the parameters stored in the hash, and asks for a rehash when they are weaker than today’s', async () => {
    const stored = await hashPassword('old', FAST);
    expect(stored.startsWith('$argon2id$v=19$m=1024,t=1,p=1$')).toBe(true);
    await expect(verifyPassword('old', stored)).resolves.toBe(true);
    expect(needsRehash(stored)).toBe(true);
  });

  it('still verifies first-release scrypt hashes, and asks for them to be replaced', async () => {
    const legacy = await hashLegacyScrypt('Pa55word', { N: 1024, r: 8, p: 1 });
    expect(legacy.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword('Pa55word', legacy)).resolves.toBe(true);
    await expect(verifyPassword('pa55word', legacy)).resolves.toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('rejects empty, case-changed and prefix passwords', async () => {
    const stored = await hashPassword('Pa55word', FAST);
    for (const wrong of ['', 'pa55word', 'Pa55wor', 'Pa55word ']) await expect(verifyPassword(wrong, stored)).resolves.toBe(false);
  });

  it('treats full-width and half-width input as one password (NFKC), as Chinese input methods switch between them', async () => {
    const stored = await hashPassword('abc123', FAST);
    await expect(verifyPassword('ａｂｃ１２３', stored)).resolves.toBe(true);
  });

  it('answers false, never throws, for malformed or hostile stored values', async () => {
    const good = await hashPassword('x', FAST);
    const [, , , , salt, hash] = good.split('$');
    const legacy = await hashLegacyScrypt('x', { N: 1024, r: 8, p: 1 });
    const [, , , , lsalt, lhash] = legacy.split('$');
    const bad = [
      '',
      'plaintext',
      `$argon2i$v=19$m=1024,t=1,p=1$${salt}$${hash}`, // another variant
      `$argon2id$v=16$m=1024,t=1,p=1$${salt}$${hash}`,
      `$argon2id$v=19$m=${2 ** 24},t=1,p=1$${salt}$${hash}`, // would allocate 16 GiB
      `$argon2id$v=19$m=1024,t=99,p=1$${salt}$${hash}`,
      `$argon2id$v=19$m=1024,t=1,p=1$$${hash}`,
      `$argon2id$v=19$m=1024,t=1,p=1$${salt}$AAAA`, // truncated
      `$argon2id$v=19$m=1024,t=1,p=1$${salt}$${hash}$extra`,
      `scrypt$1000$8$1$${lsalt}$${lhash}`, // N not a power of two
      `scrypt$${2 ** 30}$8$1$${lsalt}$${lhash}`,
      `scrypt$1024$8$1$${lsalt}$AAAA`,
    ];
    for (const stored of bad) await expect(verifyPassword('x', stored)).resolves.toBe(false);
  });
});
