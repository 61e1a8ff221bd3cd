import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/app.js';
import type { DeliveryRetrier } from '../../../apps/worker/src/delivery-retrier.js';
import { createWorker, type WorkerDeps } from '../../../apps/worker/src/worker.js';
import { calendarProvider } from '../../../libs/calendar-store/provider.js';
import { loadConfig, type AppConfig } from '../../../libs/config/config.js';
import { createDataSource } from '../../../libs/db/data-source.js';
import { DEMO_PASSWORD, seedDemoOrganisation } from '../../../libs/db/seed-demo.js';
import { hashPassword } from '../../../libs/auth/password.js';
import { loadNotifyConfig } from '../../../libs/notify/config.js';
import { createLogger, type Logger } from '../../../libs/logging/logger.js';
import { quietTemporalRuntime } from '../../support/temporal-runtime.js';

export type HttpResult = { status: number; body: any };
export type Requester = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<HttpResult>;

export interface Stack {
  baseUrl: string;
  config: AppConfig;
  app: NestExpressApplication;
  client: Client;
  dataSource: DataSource;
  /** The worker's delivery retrier (absent without a worker). */
  retrier?: DeliveryRetrier;
  /** Access token of a demo user (libs/db/seed-demo.ts), from POST /api/auth/login; cached. */
  login(username: string): Promise<string>;
  /** Drops the cached token of `username` (signed out, or its password changed): the next request signs in again. */
  forget(username: string): void;
  /**
   * A user made by the demo admin over POST /api/users (`body` without a password) who then signs
   * in with the demo password like the seeded users (`as(username)`): the API refuses so weak a
   * password, so its hash is written directly, as the seed does. Answers the POST's result.
   */
  createDemoUser(body: Record<string, unknown>): Promise<HttpResult>;
  /** `http` against this stack as a demo user; `null` sends no token. */
  as(username: string | null): Requester;
  /** Shuts the worker down: this stack's workflows make no progress until `startWorker`. */
  stopWorker(): Promise<void>;
  /** Runs a new worker on the stack's task queue (after `stopWorker`). */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Brute-force limits far above what any suite does from its one address (127.0.0.1): suites sign
 * in and get refused on purpose many times a minute. test/e2e/security.test.ts runs with the
 * defaults (and lower ones) instead, by passing them in `env`.
 */
export const LENIENT_LIMITS: NodeJS.ProcessEnv = {
  THROTTLE_LOGIN_PER_USERNAME: '1000',
  THROTTLE_LOGIN_PER_ADDRESS: '10000',
  THROTTLE_PASSWORD_CHANGE: '1000',
  THROTTLE_DENIED_PER_ADDRESS: '100000',
  LOGIN_LOCKOUT_FAILURES: '1000',
};

/** Error lines only (a 500's stack), on stderr, where the test runner's output keeps them. */
function errorsOnly(): Logger {
  return createLogger({ level: 'error', pretty: false }, { service: 'api', destination: process.stderr });
}

/**
 * The API and a worker in this process, on the dev server and PostgreSQL that the global setup
 * started (with the JWT secret and signing key it generated for the run). Each suite gets its own
 * task queue, so only its own worker runs its workflows.
 */
export async function startStack(
  env: NodeJS.ProcessEnv = {},
  {
    worker: withWorker = true,
    deliveryRetry,
    registrationGraceMs,
    calendarFails,
    logger = errorsOnly(),
  }: {
    worker?: boolean;
    /** While it answers true, the worker's working-day calendar cannot be read (its store is "unreachable"). */
    calendarFails?: () => boolean;
    deliveryRetry?: WorkerDeps['deliveryRetry'];
    registrationGraceMs?: WorkerDeps['registrationGraceMs'];
    /**
     * The API's logger (test/e2e/logs.test.ts reads its lines). By default only errors, on stderr: an
     * unexpected 500 in a CI run then shows its stack. The worker's is the runtime's.
     */
    logger?: false | Logger;
  } = {},
): Promise<Stack> {
  quietTemporalRuntime();
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`, ...LENIENT_LIMITS, ...env });
  const dataSource = await createDataSource(config.databaseUrl).initialize();
  await seedDemoOrganisation(dataSource);
  // Users a suite creates are retired when it stops: escalations go to every active holder of a
  // role, so one suite's extra staff or VP would otherwise receive another suite's notices.
  const [{ since }] = (await dataSource.query(`SELECT now() AS since`)) as [{ since: Date }];
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let closeWorkerConnection: (() => Promise<void>) | undefined;
  let retrier: DeliveryRetrier | undefined;
  const startWorker = async () => {
    // SMTP_* and robot URLs from `env` too, like the rest of the config.
    const notify = loadNotifyConfig({ ...process.env, ...env });
    const read = calendarProvider(dataSource);
    const created = await createWorker({
      config,
      dataSource,
      calendar: calendarFails ? () => (calendarFails() ? Promise.reject(new Error('calendar store unreachable')) : read()) : read,
      notify,
      deliveryRetry,
      registrationGraceMs,
    });
    worker = created.worker;
    retrier = created.retrier;
    closeWorkerConnection = () => created.connection.close();
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    await closeWorkerConnection?.();
    worker = undefined;
  };
  if (withWorker) await startWorker();
  const app = await createApp(config, { logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  // Lazy: suites that point the API at an unreachable Temporal still get a stack.
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokens = new Map<string, Promise<string>>();
  const login = (username: string): Promise<string> => {
    let token = tokens.get(username);
    if (!token) {
      token = http(baseUrl, 'POST', '/api/auth/login', { username, password: DEMO_PASSWORD }).then((r) => {
        if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.accessToken as string;
      });
      tokens.set(username, token);
    }
    return token;
  };
  return {
    baseUrl,
    config,
    app,
    client,
    dataSource,
    get retrier() {
      return retrier;
    },
    login,
    forget: (username) => void tokens.delete(username),
    async createDemoUser(body) {
      const res = await http(
        baseUrl,
        'POST',
        '/api/users',
        { ...body, password: 'a-placeholder-passphrase-2026' },
        bearer(await login('admin')),
      );
      if (res.status === 201) {
        await dataSource.query(`UPDATE users SET password_hash = $1 WHERE id = $2`, [await hashPassword(DEMO_PASSWORD), res.body.id]);
      }
      return res;
    },
    as:
      (username) =>
      async (method, path, body, headers = {}) =>
        http(baseUrl, method, path, body, username === null ? headers : { ...bearer(await login(username)), ...headers }),
    stopWorker,
    startWorker,
    async stop() {
      await app.close();
      await connection.close().catch(() => undefined);
      await dataSource.query(`UPDATE users SET active = false WHERE created_at >= $1 AND active`, [since]);
      await stopWorker();
      await dataSource.destroy();
    },
  };
}

/** Polls until `fn` returns a value that `ok` accepts, or fails with the last value seen. */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function http(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
