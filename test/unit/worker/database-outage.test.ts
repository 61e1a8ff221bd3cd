import { ApplicationFailure, ApplicationFailureCategory, type LogLevel, type LogMetadata, type Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { DATABASE_UNAVAILABLE_FAILURE, databaseOutageInterceptor } from '../../../apps/worker/src/database-outage.js';

/** The worker's log lines, as the runtime logger would receive them. */
class Lines implements Logger {
  readonly lines: Array<{ level: LogLevel; message: string; meta?: LogMetadata }> = [];
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.lines.push({ level, message, ...(meta ? { meta } : {}) });
  }
  trace = (m: string, meta?: LogMetadata) => this.log('TRACE', m, meta);
  debug = (m: string, meta?: LogMetadata) => this.log('DEBUG', m, meta);
  info = (m: string, meta?: LogMetadata) => this.log('INFO', m, meta);
  warn = (m: string, meta?: LogMetadata) => this.log('WARN', m, meta);
  error = (m: string, meta?: LogMetadata) => this.log('ERROR', m, meta);
}

function run(fn: () => Promise<unknown>, attempt = 3) {
  const logger = new Lines();
  const env = new MockActivityEnvironment(
    { activityType: 'recordProjection', attempt, workflowExecution: { workflowId: 'activity-1', runId: 'r' } },
    { interceptors: [databaseOutageInterceptor(logger)], logger: new Lines() },
  );
  return { logger, result: env.run(fn) };
}

const SHUTDOWN = 'terminating connection due to administrator command';
const shutdown = () =>
  new QueryFailedError(
    'UPDATE activities SET lifecycle = $2 …',
    ['a whole lifecycle state'],
    Object.assign(new pg.DatabaseError(SHUTDOWN, 0, 'error'), { code: '57P01' }),
  );

describe('databaseOutageInterceptor', () => {
  it('turns an unavailable PostgreSQL into a retryable, benign DatabaseUnavailable and one warning line', async () => {
    const { logger, result } = run(() => Promise.reject(shutdown()), 4);
    const failure = await result.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: DATABASE_UNAVAILABLE_FAILURE,
      nonRetryable: false,
      category: ApplicationFailureCategory.BENIGN,
      message: `PostgreSQL unavailable: ${SHUTDOWN} [57P01]`,
    });
    expect(logger.lines).toEqual([
      {
        level: 'WARN',
        message: `PostgreSQL unavailable: recordProjection of activity-1 failed (try 4): ${SHUTDOWN} [57P01]`,
      },
    ]);
  });

  it('passes any other failure through unchanged, and logs nothing', async () => {
    const business = ApplicationFailure.nonRetryable('activity a is not recorded', 'UnknownActivity');
    const unique = new QueryFailedError(
      'INSERT …',
      [],
      Object.assign(new pg.DatabaseError('duplicate key', 0, 'error'), { code: '23505' }),
    );
    const bug = new TypeError('x is undefined');
    for (const err of [business, unique, bug]) {
      const { logger, result } = run(() => Promise.reject(err));
      await expect(result).rejects.toBe(err);
      expect(logger.lines).toEqual([]);
    }
  });

  it('returns what the activity returns', async () => {
    const { logger, result } = run(() => Promise.resolve({ recipients: ['admin'] }));
    await expect(result).resolves.toEqual({ recipients: ['admin'] });
    expect(logger.lines).toEqual([]);
  });
});
