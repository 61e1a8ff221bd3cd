import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError, ErrorCode } from '../../../apps/api/src/common/api-error.js';
import { ApiExceptionFilter, DATABASE_RETRY_AFTER_SECONDS } from '../../../apps/api/src/common/api-exception.filter.js';

/** What the filter answers for `exception`: status, Retry-After and body. */
function answer(exception: unknown) {
  const out = { status: 0, headers: {} as Record<string, string>, body: undefined as any };
  const res = {
    setHeader: (k: string, v: string) => void (out.headers[k] = v),
    status(s: number) {
      out.status = s;
      return this;
    },
    json: (b: unknown) => void (out.body = b),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  const filter = new ApiExceptionFilter();
  (filter as unknown as { logger: object }).logger = { error: () => {}, warn: () => {} };
  filter.catch(exception, host);
  return out;
}

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const queryFailed = (code: string) => new QueryFailedError('SELECT 1', [], pgError(code));

describe('ApiExceptionFilter', () => {
  it.each([
    ['a refused connection', pgError('ECONNREFUSED')],
    ['an administrator shutdown (57P01)', queryFailed('57P01')],
    ['too many connections (53300)', queryFailed('53300')],
    ['a connection exception (08006)', queryFailed('08006')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a statement cancelled by statement_timeout (57014)', queryFailed('57014')],
  ])('answers %s from PostgreSQL with 503 and Retry-After', (_what, err) => {
    const res = answer(err);
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(res.body).toEqual({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: expect.stringContaining('PostgreSQL'),
      messageZh: expect.stringMatching(/[\u4e00-\u9fff]/),
      details: [],
    });
  });

  it.each([['22021'], ['22003'], ['22P02']])('answers a data exception (%s) PostgreSQL refused with 400', (code) => {
    const res = answer(queryFailed(code));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [] });
  });

  it('keeps any other error a 500 that says nothing about it', () => {
    const res = answer(queryFailed('42P01'));
    expect(res).toEqual({
      status: 500,
      headers: {},
      body: { statusCode: 500, code: 'INTERNAL', message: 'Internal error', messageZh: '服务器内部错误', details: [] },
    });
    expect(answer(new TypeError('x')).status).toBe(500);
  });

  it('keeps an unavailable Temporal apart: its own code and Retry-After', () => {
    const temporal = new ApiError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'Temporal did not answer', '流程服务未响应', [], {
      retryAfterSeconds: 7,
    });
    const res = answer(temporal);
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe('7');
    expect(res.body.code).toBe('DEPENDENCY_UNAVAILABLE');
  });
});
