import { hashPassword, verifyPassword, DEFAULT_SCRYPT, type ScryptParams } from '../../../apps/api/src/auth/password.js';

// Cheap parameters keep these fast; the default is checked once for its stored form.
const FAST: ScryptParams = { N: 1024, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with the default parameters and verifies it', async () => {
    const stored = await hashPassword('demo-password');
    const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
    expect({ scheme, N: Number(n), r: Number(r), p: Number(p), rest }).toEqual({ scheme: 'scrypt', ...DEFAULT_SCRYPT, rest: [] });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    await expect(verifyPassword('demo-password', stored)).resolves.toBe(true);
    await expect(verifyPassword('demo-passwore', stored)).resolves.toBe(false);
  });

  it('salts every hash: the same password twice gives two different hashes that both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('secret', FAST), hashPassword('secret', FAST)]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('secret', a)).resolves.toBe(true);
    await expect(verifyPassword('secret', b)).resolves.toBe(true);
  });

  it('verifies with the parameters stored in the hash, not today’s default', async () => {
    const stored = await hashPassword('old', { N: 2048, r: 4, p: 1 });
    expect(stored.startsWith('scrypt$2048$4$1$')).toBe(true);
    await expect(verifyPassword('old', stored)).resolves.toBe(true);
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
    const bad = [
      '',
      'plaintext',
      `bcrypt$1024$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 30}$8$1$${salt}$${hash}`, // would allocate far too much memory
      `scrypt$1024$0$1$${salt}$${hash}`,
      `scrypt$1024$8$99$${salt}$${hash}`,
      `scrypt$1024$8$1$$${hash}`,
      `scrypt$1024$8$1$${salt}$`,
      `scrypt$1024$8$1$${salt}$${hash}$extra`,
      `scrypt$1024$8$1$${salt}$AAAA`, // truncated key
    ];
    for (const stored of bad) await expect(verifyPassword('x', stored)).resolves.toBe(false);
  });
});
