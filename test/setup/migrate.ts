// Brings the test database's schema up to date before a suite's own hooks run (idempotent).
import { runMigrations } from '../../libs/db/migrate.js';

beforeAll(async () => {
  await runMigrations(process.env.DATABASE_URL!);
});
