// @ts-expect-error plain ESM module of the launcher, no type declarations
import { startEmbeddedPostgres } from '../../scripts/tools/postgres.mjs';
import { runMigrations } from '../../libs/db/migrate.js';
import { http, startStack } from './support/stack.js';

describe('GET /health', () => {
  it('reports PostgreSQL and Temporal up (200)', async () => {
    const stack = await startStack({}, { worker: false });
    try {
      const res = await http(stack.baseUrl, 'GET', '/health');
      expect(res).toEqual({ status: 200, body: { status: 'ok', postgres: { status: 'up' }, temporal: { status: 'up' } } });
    } finally {
      await stack.stop();
    }
  });

  it('answers 503 naming Temporal when Temporal is down', async () => {
    const stack = await startStack({ TEMPORAL_ADDRESS: '127.0.0.1:1' }, { worker: false });
    try {
      const res = await http(stack.baseUrl, 'GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'degraded',
        postgres: { status: 'up' },
        temporal: { status: 'down', error: expect.any(String) },
      });
    } finally {
      await stack.stop();
    }
  });

  it('answers 503 naming PostgreSQL when PostgreSQL goes down', async () => {
    const pg = (await startEmbeddedPostgres({ persistent: false, log: () => {} })) as { url: string; stop: () => Promise<void> };
    await runMigrations(pg.url);
    const stack = await startStack({ DATABASE_URL: pg.url }, { worker: false });
    let pgStopped = false;
    try {
      await pg.stop();
      pgStopped = true;
      const res = await http(stack.baseUrl, 'GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', postgres: { status: 'down' }, temporal: { status: 'up' } });
    } finally {
      await stack.app.close().catch(() => {});
      await stack.client.connection.close().catch(() => {});
      await stack.dataSource.destroy().catch(() => {});
      if (!pgStopped) await pg.stop();
    }
  });
});
