import net from 'node:net';
import pg from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { describeDatabaseFailure, isDatabaseUnavailable, isOutcomeUnknown } from '../../../libs/db/availability.js';

/**
 * The errors node-postgres really raises, against TCP endpoints that behave like an unavailable
 * server: nothing listening, a listener that never answers, one that hangs up at once.
 */
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** What a pool of the given server answers to one query. */
async function failureOf(port: number, extra: pg.PoolConfig = {}): Promise<unknown> {
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'u', database: 'd', connectionTimeoutMillis: 300, ...extra });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
    throw new Error('the query succeeded');
  } catch (err) {
    return err;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

const sqlError = (code: string, message = `sqlstate ${code}`) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
const queryFailed = (err: Error) => new QueryFailedError('INSERT INTO activities …', ['a parameter'], err);

describe('isDatabaseUnavailable: the driver errors of an unavailable PostgreSQL', () => {
  it('a refused connection (nothing listens on the port)', async () => {
    const err = await failureOf(await closedPort());
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('a server that accepts the connection and never answers: the pool gives up after connectionTimeoutMillis', async () => {
    const port = await listen(() => undefined);
    const started = Date.now();
    const err = await failureOf(port);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('a server that hangs up at once', async () => {
    const port = await listen((socket) => socket.destroy());
    const err = await failureOf(port);
    expect(String(err)).toMatch(/Connection terminated/);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('a server that lets the client in and then answers nothing: the client gives up after query_timeout', async () => {
    // AuthenticationOk, then ReadyForQuery (idle): the session is open; the query is never answered.
    const ready = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);
    const port = await listen((socket) => socket.once('data', () => socket.write(ready)));
    const started = Date.now();
    const err = await failureOf(port, { query_timeout: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(String(err)).toMatch(/Query read timeout/);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(isOutcomeUnknown(queryFailed(err as Error))).toBe(true);
  });

  it('a refused connection reported once per address tried (AggregateError)', async () => {
    const refused = await failureOf(await closedPort());
    expect(isDatabaseUnavailable(new AggregateError([refused], ''))).toBe(true);
  });

  it('the next statement of a transaction whose connection broke (TypeORM released its runner)', () => {
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it.each([
    ['57P01', 'admin_shutdown: terminating connection due to administrator command'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now: the database system is starting up'],
    ['57014', 'query_canceled: canceling statement due to statement timeout'],
    ['53300', 'too_many_connections'],
    ['53100', 'disk_full'],
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
  ])('SQLSTATE %s (%s), raw and inside a QueryFailedError', (code, message) => {
    expect(isDatabaseUnavailable(sqlError(code, message))).toBe(true);
    expect(isDatabaseUnavailable(queryFailed(sqlError(code, message)))).toBe(true);
  });
});

describe('isDatabaseUnavailable: errors of the request or the code, not of availability', () => {
  it.each([
    ['23505 unique_violation', queryFailed(sqlError('23505'))],
    ['23503 foreign_key_violation', queryFailed(sqlError('23503'))],
    ['42P01 undefined_table', queryFailed(sqlError('42P01'))],
    ['22P02 invalid_text_representation', queryFailed(sqlError('22P02'))],
    ['40001 serialization_failure', queryFailed(sqlError('40001'))],
    ['28P01 invalid_password (a configuration error: no retry heals it)', sqlError('28P01')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('%s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isOutcomeUnknown: whether the statement may have run', () => {
  it('a connection lost after the statement was sent may have run it (a COMMIT may have committed)', async () => {
    const lost = (await failureOf(await listen((socket) => socket.destroy()))) as Error;
    expect(isOutcomeUnknown(queryFailed(lost))).toBe(true);
    expect(isOutcomeUnknown(queryFailed(sqlError('57P01')))).toBe(true);
  });

  it('a connection that could not be had, or was lost before the statement, ran nothing; a query error is no outage', async () => {
    expect(isOutcomeUnknown(await failureOf(await closedPort()))).toBe(false);
    expect(isOutcomeUnknown(new QueryRunnerAlreadyReleasedError())).toBe(false);
    expect(isOutcomeUnknown(queryFailed(sqlError('23505')))).toBe(false);
  });
});

describe('describeDatabaseFailure', () => {
  it('is one line with the innermost message and code', async () => {
    const refused = (await failureOf(await closedPort())) as Error;
    const line = describeDatabaseFailure(queryFailed(refused));
    expect(line).toMatch(/ECONNREFUSED/);
    expect(line).not.toMatch(/\n/);
    expect(describeDatabaseFailure(queryFailed(sqlError('57P01', 'terminating connection\ndue to administrator command')))).toBe(
      'terminating connection due to administrator command [57P01]',
    );
  });
});
