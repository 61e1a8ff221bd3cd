import { backoffDelay, classifyFailure, deliver, DeliveryError, withRetry } from '../../../libs/notify/retry.js';

const smtp = (responseCode: number) => Object.assign(new Error(`SMTP ${responseCode}`), { responseCode });
const coded = (code: string) => Object.assign(new Error(code), { code });

describe('classifyFailure', () => {
  it.each([
    ['SMTP 550 mailbox unavailable', smtp(550), 'permanent'],
    ['SMTP 535 authentication failed', smtp(535), 'permanent'],
    ['SMTP 503 bad sequence (new session may pass)', smtp(503), 'transient'],
    ['SMTP 451 local error', smtp(451), 'transient'],
    ['SMTP 421 service not available', smtp(421), 'transient'],
    ['nodemailer err.permanent=true wins over the code', Object.assign(smtp(451), { permanent: true }), 'permanent'],
    ['connection refused (nodemailer ESOCKET)', coded('ESOCKET'), 'transient'],
    ['timeout', coded('ETIMEDOUT'), 'transient'],
    ['bad credentials without a reply code', coded('EAUTH'), 'permanent'],
    ['TLS mismatch (SMTP_SECURE wrong)', coded('ETLS'), 'permanent'],
    ['fetch failed, cause ECONNREFUSED', new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), 'transient'],
    ['fetch timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'transient'],
    ['robot: bad signature', new DeliveryError('310000 sign not match', true), 'permanent'],
    ['robot: rate limited', new DeliveryError('45009 api freq out of limit', false), 'transient'],
    ['a programming error', new TypeError('x is not a function'), 'permanent'],
    ['something unknown', new Error('???'), 'transient'],
  ])('%s → %s', (_title, err, expected) => {
    expect(classifyFailure(err)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  const opts = { baseMs: 100, maxMs: 1_000 };
  it('grows exponentially with jitter in [d/2, d], capped at maxMs', () => {
    expect(backoffDelay(1, opts, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, () => 0.999999)).toBe(100);
    expect(backoffDelay(3, opts, () => 0)).toBe(200);
    expect(backoffDelay(10, opts, () => 0.999999)).toBe(1_000);
  });
  it('waits at least a rate-limit hint, still capped at maxMs', () => {
    expect(backoffDelay(1, opts, () => 0, 600)).toBe(600);
    expect(backoffDelay(1, opts, () => 0, 600_000)).toBe(1_000);
  });
});

describe('withRetry / deliver', () => {
  const fast = () => {
    const waits: number[] = [];
    return { waits, opts: { attempts: 4, baseMs: 100, maxMs: 1_000, random: () => 0, sleep: async (ms: number) => void waits.push(ms) } };
  };

  it('retries transient failures with growing waits until one succeeds', async () => {
    const { waits, opts } = fast();
    let calls = 0;
    const result = await withRetry(async (attempt) => {
      calls++;
      if (attempt < 3) throw coded('ESOCKET');
      return 'sent';
    }, opts);
    expect(result).toBe('sent');
    expect(calls).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('stops at once on a permanent failure', async () => {
    const { waits, opts } = fast();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw smtp(550);
      }, opts),
    ).rejects.toThrow('SMTP 550');
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('gives up after the last attempt with the last error, honouring rate-limit hints', async () => {
    const { waits, opts } = fast();
    await expect(
      withRetry(async (n) => {
        throw new DeliveryError(`limited ${n}`, false, { retryAfterMs: 700 });
      }, opts),
    ).rejects.toThrow('limited 4');
    expect(waits).toEqual([700, 700, 700]);
  });

  it('deliver never throws: it reports the outcome for the record', async () => {
    const { opts } = fast();
    await expect(deliver(async () => 'ok', opts)).resolves.toEqual({ ok: true, value: 'ok', attempts: 1 });
    await expect(deliver(async () => Promise.reject(smtp(550)), opts)).resolves.toEqual({
      ok: false,
      permanent: true,
      error: 'SMTP 550',
      attempts: 1,
    });
    await expect(deliver(async () => Promise.reject(coded('ETIMEDOUT')), opts)).resolves.toEqual({
      ok: false,
      permanent: false,
      error: 'ETIMEDOUT',
      attempts: 4,
    });
  });

  it('refuses a nonsensical attempt count', async () => {
    await expect(withRetry(async () => 1, { attempts: 0, baseMs: 1, maxMs: 1 })).rejects.toThrow(RangeError);
  });
});
