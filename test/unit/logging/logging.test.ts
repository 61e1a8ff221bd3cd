import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { ConfigError, loadConfig } from '../../../libs/config/config.js';
import { createLogger, REDACTED_PATHS, wantsPretty } from '../../../libs/logging/logger.js';
import { currentRequestId, requestIdFrom, runWithRequestId } from '../../../libs/logging/request-context.js';
import { PinoTemporalLogger } from '../../../libs/logging/temporal-logger.js';
import { REQUEST_ID_HEADER, requestIdFromHeaders, withRequestIdHeader } from '../../../libs/temporal/request-id.js';
import { testKeys } from '../../support/keys.js';

/** A pino destination keeping what was written (a stream: pino-pretty pipes into it). */
function capture() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      raw.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return Object.assign(stream, { raw, lines: () => raw.map((l) => JSON.parse(l) as Record<string, any>) });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const env = (extra: NodeJS.ProcessEnv = {}) => ({ DATABASE_URL: 'postgres://x@h/db', ...testKeys(), ...extra });

describe('LOG_LEVEL and LOG_PRETTY', () => {
  it('default to info and auto', () => {
    expect(loadConfig(env()).log).toEqual({ level: 'info', pretty: 'auto' });
  });
  it('take pino levels (any case) and auto/true/false', () => {
    expect(loadConfig(env({ LOG_LEVEL: 'DEBUG', LOG_PRETTY: 'true' })).log).toEqual({ level: 'debug', pretty: true });
    expect(loadConfig(env({ LOG_LEVEL: 'silent', LOG_PRETTY: 'false' })).log).toEqual({ level: 'silent', pretty: false });
  });
  it('refuse anything else with the allowed values', () => {
    expect(() => loadConfig(env({ LOG_LEVEL: 'verbose' }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ LOG_LEVEL: 'verbose' }))).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
    expect(() => loadConfig(env({ LOG_PRETTY: 'yes' }))).toThrow(/LOG_PRETTY must be auto, true or false/);
  });
  it('auto is pretty only on a terminal', () => {
    expect(wantsPretty({ level: 'info', pretty: 'auto' }, { isTTY: true })).toBe(true);
    expect(wantsPretty({ level: 'info', pretty: 'auto' }, { isTTY: false })).toBe(false);
    expect(wantsPretty({ level: 'info', pretty: 'auto' }, null)).toBe(false);
    expect(wantsPretty({ level: 'info', pretty: true }, { isTTY: false })).toBe(true);
    expect(wantsPretty({ level: 'info', pretty: false }, { isTTY: true })).toBe(false);
  });
});

describe('createLogger', () => {
  it('writes one JSON line per entry: level name, ISO time, service, fields, msg; below the level nothing', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false }, { service: 'api', destination: out });
    log.debug('not written');
    log.info({ requestId: 'r-1' }, 'hello');
    expect(out.lines()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'api',
        requestId: 'r-1',
        msg: 'hello',
      },
    ]);
  });

  it('redacts authorization, cookies, passwords and tokens at the top level and in headers and bodies', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false }, { service: 'api', destination: out });
    log.info(
      {
        authorization: 'Bearer top',
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': 'sid=2' } },
        body: { password: 'p1', currentPassword: 'p2', newPassword: 'p3', username: 'staff' },
        res: { body: { accessToken: 'eyJ' } },
      },
      'login',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({
      authorization: '[redacted]',
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]' } },
      body: { password: '[redacted]', currentPassword: '[redacted]', newPassword: '[redacted]', username: 'staff' },
      res: { body: { accessToken: '[redacted]' } },
    });
    for (const secret of ['Bearer', 'sid=', 'p1', 'p2', 'p3', 'eyJ']) expect(out.raw[0]).not.toContain(secret);
    expect(REDACTED_PATHS).toEqual(expect.arrayContaining(['res.headers["set-cookie"]', 'req.body.password', 'data.token']));
  });

  it('LOG_PRETTY=true writes single readable lines, fields and errors on the same line', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: true }, { service: 'worker', destination: out });
    log.warn({ requestId: 'r-2', error: { type: 'X', message: 'boom' } }, 'Activity failed');
    expect(out.raw).toHaveLength(1);
    expect(out.raw[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN.*: Activity failed .*"requestId":"r-2".*"message":"boom"/);
  });
});

describe('request ids', () => {
  it('keeps a sane caller id and replaces anything else with a new UUID', () => {
    for (const id of ['abc', 'A-1_2.3:4', 'x'.repeat(128)]) expect(requestIdFrom(id)).toBe(id);
    for (const bad of [undefined, '', 'x'.repeat(129), 'a b', 'a\nb', '"quoted"', 'caf\u00e9', ['a', 'b'], 42]) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it('is the current one inside runWithRequestId, across awaits, and none outside', async () => {
    expect(currentRequestId()).toBeUndefined();
    await runWithRequestId('r-3', async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentRequestId()).toBe('r-3');
    });
    expect(currentRequestId()).toBeUndefined();
  });

  it('goes into Temporal headers inside a request only, and comes out again', () => {
    expect(withRequestIdHeader({})).toEqual({});
    const headers = runWithRequestId('r-4', () => withRequestIdHeader({ other: { data: new Uint8Array([1]) } }));
    expect(Object.keys(headers).sort()).toEqual(['other', REQUEST_ID_HEADER]);
    expect(requestIdFromHeaders(headers)).toBe('r-4');
    expect(requestIdFromHeaders(undefined)).toBeUndefined();
    expect(
      requestIdFromHeaders({ [REQUEST_ID_HEADER]: { metadata: { encoding: new TextEncoder().encode('binary/garbage') } } }),
    ).toBeUndefined();
  });
});

describe('PinoTemporalLogger (the worker runtime logger)', () => {
  const setup = (level: 'info' | 'warn' = 'info') => {
    const out = capture();
    return { out, logger: new PinoTemporalLogger(createLogger({ level, pretty: false }, { service: 'worker', destination: out })) };
  };

  it("writes a failed attempt as one line: the error's type and message, no stack, no task token", () => {
    const { out, logger } = setup();
    const failure = ApplicationFailure.retryable('activity a-1 is not recorded (yet)', 'ActivityNotRecorded');
    logger.warn('Activity failed', {
      error: failure,
      attempt: 2,
      activityType: 'confirmActivityRecorded',
      taskToken: 'c2VjcmV0',
      isLocal: false,
    });
    expect(out.raw).toHaveLength(1);
    expect(out.lines()[0]).toEqual({
      level: 'warn',
      time: expect.any(String),
      service: 'worker',
      attempt: 2,
      activityType: 'confirmActivityRecorded',
      error: { type: 'ActivityNotRecorded', message: 'activity a-1 is not recorded (yet)' },
      msg: 'Activity failed',
    });
  });

  it('keeps the stack on ERROR lines, names plain errors by class, and maps every SDK level', () => {
    const { out, logger } = setup();
    logger.error('Workflow task failed', { error: new TypeError('bad') });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.log('WARN', 'w');
    const [error, ...rest] = out.lines();
    expect(error!.error).toEqual({ type: 'TypeError', message: 'bad', stack: expect.stringContaining('TypeError: bad') });
    expect(rest.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'i'],
      ['warn', 'w'],
    ]);
  });

  it('does no work for disabled levels', () => {
    const { out, logger } = setup('warn');
    logger.info('Worker state changed', { state: 'RUNNING' });
    expect(out.raw).toEqual([]);
  });
});
