/**
 * Starts the real services the suites use, once per `jest` run: an embedded PostgreSQL, a Temporal
 * CLI dev server, and the Java time-skipping test server
 * (provisioned here, started per workflow suite). Connection details reach the suites through
 * the environment, like the JWT secret and signing key generated for the run. DATABASE_URL /
 * TEMPORAL_ADDRESS (and JWT_SECRET / SIGNING_KEY) given from outside are used instead.
 * schemathesis, which test/e2e/fuzz.test.ts runs, is provisioned here too (SCHEMATHESIS_BIN).
 * Migrations run in test/setup/migrate.ts: Jest does not map `.js` specifiers to TypeScript
 * sources for the global setup, so it cannot import the project's modules.
 */
// @ts-expect-error plain ESM modules of the launcher (Node built-ins only), no type declarations
import { startEmbeddedPostgres, findFreePort } from '../../scripts/tools/postgres.mjs';
// @ts-expect-error see above
import { startDevServer } from '../../scripts/tools/dev-server.mjs';
// @ts-expect-error see above
import { ensureTemporalCli } from '../../scripts/tools/temporal-cli.mjs';
// @ts-expect-error see above
import { ensureTestServer } from '../../scripts/tools/test-server.mjs';
// @ts-expect-error see above
import { withEphemeralKeys } from '../../scripts/tools/keys.mjs';
// @ts-expect-error see above
import { ensureSchemathesis } from '../../scripts/tools/schemathesis.mjs';

type Stop = () => Promise<void>;
const quiet = () => {};

export default async function globalSetup(): Promise<void> {
  const stops: Stop[] = [];
  (globalThis as { __stackStops?: Stop[] }).__stackStops = stops;

  if (!process.env.DATABASE_URL) {
    const pg = (await startEmbeddedPostgres({ persistent: false, log: quiet })) as { url: string; stop: Stop };
    stops.push(pg.stop);
    process.env.DATABASE_URL = pg.url;
  }

  if (!process.env.TEMPORAL_ADDRESS) {
    const cli = (await ensureTemporalCli({ log: quiet })) as string;
    const server = (await startDevServer({ cli, port: await findFreePort(), log: quiet })) as {
      address: string;
      stop: Stop;
    };
    stops.push(server.stop);
    process.env.TEMPORAL_ADDRESS = server.address;
  }

  process.env.TEMPORAL_TEST_SERVER_PATH ??= (await ensureTestServer({ log: quiet })) as string;

  // A JWT secret and a signing key of this run's own (the config has no built-in ones), unless given.
  const keys = withEphemeralKeys(process.env) as { JWT_SECRET: string; SIGNING_KEY?: string };
  process.env.JWT_SECRET = keys.JWT_SECRET;
  if (keys.SIGNING_KEY) process.env.SIGNING_KEY = keys.SIGNING_KEY;

  // API fuzzing (test/e2e/fuzz.test.ts): a project-local virtualenv, installed from PyPI the first
  // time. Without Python or PyPI the other suites still run; the fuzz suite fails with the reason.
  if (!process.env.SCHEMATHESIS_BIN) {
    try {
      process.env.SCHEMATHESIS_BIN = (await ensureSchemathesis({ log: quiet })) as string;
    } catch (err) {
      process.env.SCHEMATHESIS_UNAVAILABLE = err instanceof Error ? err.message : String(err);
    }
  }
}
