/** API process: NestJS over PostgreSQL (TypeORM) and the Temporal client. */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '../../../libs/config/config.js';
import { createLogger } from '../../../libs/logging/logger.js';
import { createApp } from './app.js';
import { runPrimary } from './cluster.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.api.processes > 1 && cluster.isPrimary) {
    runPrimary(config.api.processes, createLogger(config.log, { service: 'api' }));
    return;
  }
  const app = await createApp(config);
  await app.listen(config.api.port, config.api.host);
  // HOST defaults to loopback: other machines reach the API only when HOST says so (0.0.0.0 in docker-compose.yml).
  app
    .get(Logger)
    .log(`api: listening on ${config.api.host}:${config.api.port}, ${config.api.publicUrl} (docs at ${config.api.publicUrl}/docs)`);
}

main().catch((err: unknown) => {
  console.error('api:', err instanceof Error ? err.message : err);
  process.exit(1);
});
