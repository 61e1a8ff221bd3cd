/**
 * The web app's retry of a write the API answers 503 (apps/web/src/api/retry.ts), against a real
 * HTTP server: which answers are tried again, with what, and how long it waits.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchRetrying, isTransientUnavailable, MAX_RETRIES, retryWaitSeconds } from '../../../apps/web/src/api/retry.js';

const TEMPORAL_TIMEOUT = {
  code: 'DEPENDENCY_UNAVAILABLE',
  details: [{ field: 'temporal', code: 'TEMPORAL_UNAVAILABLE', message: 'late', messageZh: '流程服务暂不可用' }],
};
const CALENDAR_REFUSAL = { code: 'DEPENDENCY_UNAVAILABLE', details: [{ field: 'stage', code: 'UNAVAILABLE', message: 'calendar' }] };

/** A server answering each request with the next of `answers` (the last one repeats), recording what it got. */
async function serve(answers: Array<{ status: number; body?: unknown; retryAfter?: string }>) {
  const got: Array<{ key: string | undefined; body: string }> = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      got.push({ key: req.headers['idempotency-key'] as string | undefined, body });
      const a = answers[Math.min(got.length - 1, answers.length - 1)]!;
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}) });
      res.end(JSON.stringify(a.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/activities/x/base-data`;
  return { got, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const post = (url: string, key?: string) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    body: JSON.stringify({ participants: { online: 1, offline: 2 } }),
  });

describe('SPEC §3 fetchRetrying: nothing a user submitted is lost to a moment of slowness, nothing is sent twice', () => {
  it('sends a keyed write again after a Temporal timeout, the same body and key each time, until it is answered', async () => {
    const s = await serve([
      { status: 503, body: TEMPORAL_TIMEOUT, retryAfter: '0' },
      { status: 503, body: { code: 'DATABASE_UNAVAILABLE' }, retryAfter: '0' },
      { status: 200, body: { ok: true } },
    ]);
    try {
      const res = await fetchRetrying(post(s.url, 'k-1'));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(s.got).toHaveLength(3);
      expect(new Set(s.got.map((g) => `${g.key} ${g.body}`))).toEqual(new Set(['k-1 {"participants":{"online":1,"offline":2}}']));
    } finally {
      await s.close();
    }
  });

  it(`gives up after ${MAX_RETRIES} retries and hands the last 503 over with its body`, async () => {
    const s = await serve([{ status: 503, body: TEMPORAL_TIMEOUT, retryAfter: '0' }]);
    try {
      const res = await fetchRetrying(post(s.url, 'k-2'));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual(TEMPORAL_TIMEOUT);
      expect(s.got).toHaveLength(MAX_RETRIES + 1);
    } finally {
      await s.close();
    }
  });

  it('does not send again: a request without a key, a refusal that is a 503, or any other status', async () => {
    for (const [key, answer] of [
      [undefined, { status: 503, body: TEMPORAL_TIMEOUT, retryAfter: '0' }],
      ['k-3', { status: 503, body: CALENDAR_REFUSAL, retryAfter: '0' }],
      ['k-4', { status: 500, body: { code: 'INTERNAL' } }],
      ['k-5', { status: 409, body: { code: 'MESSAGE_REFUSED' } }],
    ] as const) {
      const s = await serve([answer]);
      try {
        const res = await fetchRetrying(post(s.url, key));
        expect({ key, status: res.status, tries: s.got.length }).toEqual({ key, status: answer.status, tries: 1 });
      } finally {
        await s.close();
      }
    }
  });

  it('waits what Retry-After says (at most 10 s; 2 s when it says nothing usable)', async () => {
    const wait = (retryAfter: string | null) =>
      retryWaitSeconds(new Response(null, { status: 503, headers: retryAfter ? { 'Retry-After': retryAfter } : {} }));
    expect([wait('5'), wait('0'), wait('120'), wait(null), wait('soon'), wait('-1')]).toEqual([5, 0, 10, 2, 2, 2]);
    const s = await serve([
      { status: 503, body: TEMPORAL_TIMEOUT, retryAfter: '1' },
      { status: 200, body: {} },
    ]);
    try {
      const started = performance.now();
      await fetchRetrying(post(s.url, 'k-6'));
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      await s.close();
    }
  });

  it('tells the retryable 503 bodies from the others', () => {
    expect(
      [TEMPORAL_TIMEOUT, { code: 'DATABASE_UNAVAILABLE' }, CALENDAR_REFUSAL, { code: 'DEPENDENCY_UNAVAILABLE' }, null, 'x'].map(
        isTransientUnavailable,
      ),
    ).toEqual([true, true, false, false, false, false]);
  });
});
