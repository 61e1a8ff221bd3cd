/**
 * `node dist/libs/db/seed-demo-cli.js`: seeds the demo organisation into DATABASE_URL and prints
 * its users. The launcher runs it only for the embedded default database, never in production.
 */
import 'reflect-metadata';
import { createDataSource } from './data-source.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoOrganisation } from './seed-demo.js';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to seed demo users with NODE_ENV=production');
  const ds = await createDataSource(url).initialize();
  try {
    const created = await seedDemoOrganisation(ds);
    if (created.length) console.log(`demo users created: ${created.join(', ')}`);
    console.log(
      `demo users (password "${DEMO_PASSWORD}"): ` +
        `${DEMO_USERS.map((u) => `${u.username} (${u.role}${u.department ? `, ${u.department}` : ''})`).join('; ')}`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
