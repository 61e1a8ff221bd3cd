/**
 * Migration CLI: `node dist/libs/db/migrate.js run|revert|show`. Reads DATABASE_URL.
 * The launcher and the test setup call `runMigrations` directly.
 */
import { pathToFileURL } from 'node:url';
import { createDataSource, type DataSourceTuning } from './data-source.js';

/** A migration may build an index over a large table: no statement timeout. */
const MIGRATION_TUNING: DataSourceTuning = { statementTimeoutMs: 0 };

export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource(databaseUrl, MIGRATION_TUNING);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

async function main(command: string | undefined): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (command === 'run') {
    const ran = await runMigrations(url);
    console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'migrations: up to date');
    return;
  }
  const ds = createDataSource(url, MIGRATION_TUNING);
  await ds.initialize();
  try {
    if (command === 'revert') await ds.undoLastMigration({ transaction: 'each' });
    else if (command === 'show') console.log((await ds.showMigrations()) ? 'pending migrations' : 'up to date');
    else throw new Error('usage: migrate.js run|revert|show');
  } finally {
    await ds.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2]).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
