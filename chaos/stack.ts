/**
 * The whole service as separate processes, for fault injection: embedded PostgreSQL and a dev server
 * with a SQLite file (both in a throw-away folder, so they can be stopped and started again on the
 * same data), the API and the worker as child processes kept alive by the launcher's supervisor,
 * an SMTP receiver and a DingTalk robot receiver. Every fault the suite injects is a method here.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startRobotReceiver, type RobotReceiver } from './receivers/robots.js';
import { startSmtpServer, type TestSmtpServer } from './receivers/smtp.js';

type Exit = { code: number | null; signal: string | null };
interface Service {
  exited: Promise<Exit>;
  stop: () => Promise<void>;
}
interface Postgres extends Service {
  url: string;
}
interface DevServer extends Service {
  address: string;
}

/** The checkout: chaos/ in the sources, dist/chaos/ when built. */
export const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

/** The launcher's tools are plain ESM (Node built-ins only): loaded by path, from sources and dist alike. */
const tool = async <T>(name: string): Promise<T> => (await import(pathToFileURL(path.join(ROOT, 'scripts', 'tools', name)).href)) as T;

export const DINGTALK_SECRET = 'SECchaos-suite-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosStack {
  baseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  smtp: () => TestSmtpServer;
  /** Every SMTP message received, across outages. */
  mails: TestSmtpServer['mails'];
  robot: RobotReceiver;
  /** The running worker process's pid (its RSS is a bench figure). */
  workerPid(): number | undefined;
  /** SIGKILLs the worker; resolves with the milliseconds until the restarted one polls again. */
  killWorker(): Promise<number>;
  workerRestarts(): number;
  /** Stops the dev server (SIGTERM) and starts it again on the same SQLite file and port. */
  restartDevServer(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  smtpDown(): Promise<void>;
  smtpUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  log: (line: string) => void;
  /**
   * The dev server's persistence: a SQLite file (default; it survives the restart the chaos run
   * injects) or memory (the benches: no restart, and the launcher's `npm run bench` runs it so).
   */
  temporalInMemory?: boolean;
  /** Settings for the API and the worker on top of the stack's own. */
  env?: NodeJS.ProcessEnv;
}

export async function startChaosStack({ log, temporalInMemory = false, env: extraEnv = {} }: StackOptions): Promise<ChaosStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'activity-summary-chaos-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach its folder inside

  const stops: Array<() => Promise<void>> = [];
  const { startEmbeddedPostgres, findFreePort } = await tool<{
    startEmbeddedPostgres: (o: object) => Promise<Postgres & { port: number }>;
    findFreePort: () => Promise<number>;
  }>('postgres.mjs');
  const { startDevServer } = await tool<{ startDevServer: (o: object) => Promise<DevServer> }>('dev-server.mjs');
  const { ensureTemporalCli } = await tool<{ ensureTemporalCli: (o: object) => Promise<string> }>('temporal-cli.mjs');
  const { withEphemeralKeys } = await tool<{ withEphemeralKeys: (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv }>('keys.mjs');
  const { supervise } = await tool<{
    supervise: (o: object) => Promise<{ stop: () => Promise<void>; restarts: () => number }>;
  }>('supervisor.mjs');
  const { workerNodeArgs } = await tool<{ workerNodeArgs: (env: NodeJS.ProcessEnv) => string[] }>('worker-process.mjs');
  try {
    // PostgreSQL in "persistent" mode on a throw-away folder: stop() keeps the data for the restart.
    const pgPort = await findFreePort();
    const pgDir = path.join(dir, 'postgres');
    const startPg = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true, log: () => {} });
    let pg: Postgres | null = await startPg();
    stops.push(async () => void (await pg?.stop()));

    const cli = await ensureTemporalCli({ log: () => {} });
    const temporalPort = await findFreePort();
    const dbFile = temporalInMemory ? null : path.join(dir, 'temporal.db');
    const startTemporal = () => startDevServer({ cli, port: temporalPort, dbFile });
    let temporal = await startTemporal();
    stops.push(async () => temporal.stop());

    let smtp = await startSmtpServer();
    const smtpPort = smtp.port;
    const mails: TestSmtpServer['mails'] = smtp.mails;
    stops.push(async () => smtp.close());
    const robot = await startRobotReceiver({ kind: 'dingtalk', secret: DINGTALK_SECRET });
    stops.push(() => robot.close());

    const apiPort = await findFreePort();
    const env: NodeJS.ProcessEnv = {
      ...withEphemeralKeys(process.env),
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(apiPort),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'chaos@assoc.example',
      DINGTALK_WEBHOOK_URL: robot.url,
      DINGTALK_SECRET,
      // Digests within the run: a window of 20 s instead of 10 minutes, so held rows go out before it settles.
      NOTIFY_BATCH_WINDOW_SECONDS: '20',
      LOG_PRETTY: 'false',
      WORKFLOW_BUNDLE: path.join(ROOT, 'dist', 'workflow-bundle.js'),
      ...extraEnv,
    };
    const node = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
        p.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${c}`))));
      });
    await node(['dist/libs/db/migrate.js', 'run']);
    await node(['dist/libs/db/seed-demo-cli.js']);

    // The API and the worker as the launcher runs them: child processes under its supervisor.
    const output = createWriteStream(path.join(dir, 'services.log'));
    let onWorkerPolling = () => {};
    const child = (name: string, args: string[]) => {
      const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      for (const stream of [proc.stdout, proc.stderr])
        stream.on('data', (buf: Buffer) => {
          const text = buf.toString();
          output.write(text.replace(/^(?=.)/gm, `[${name}] `));
          if (name === 'worker' && text.includes('polling the task queue')) onWorkerPolling();
        });
      const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
      return {
        proc,
        exited,
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      };
    };
    let workerProc: ReturnType<typeof child>['proc'] | null = null;
    const polling = () => new Promise<void>((resolve) => (onWorkerPolling = resolve));
    const firstPoll = polling();
    const worker = await supervise({
      name: 'the worker',
      start: async () => {
        // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the worker alone.
        const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
        const w = child('worker', [...workerNodeArgs(env), ...nodeArgs, 'dist/apps/worker/src/main.js']);
        workerProc = w.proc;
        return w;
      },
      log,
      onGiveUp: (m: string) => log(`GAVE UP: ${m}`),
      // Kills here are on purpose, each ≥ 2 s after the last restart polls: only a crash loop counts.
      stableMs: 2_000,
    });
    stops.unshift(() => worker.stop());
    await firstPoll;
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const api = await supervise({
      name: 'the API',
      start: async () => {
        const a = child('api', ['dist/apps/api/src/main.js']);
        for (let i = 0; ; i++) {
          if (
            await fetch(`${baseUrl}/health`).then(
              (r) => r.ok,
              () => false,
            )
          )
            return a;
          if (a.proc.exitCode !== null || i > 300) {
            await a.stop();
            throw new Error('the API did not become healthy');
          }
          await sleep(200);
        }
      },
      log,
      onGiveUp: (m: string) => log(`GAVE UP: ${m}`),
    });
    stops.unshift(() => api.stop());

    return {
      baseUrl,
      databaseUrl: env.DATABASE_URL!,
      temporalAddress: temporal.address,
      smtp: () => smtp,
      mails,
      robot,
      workerPid: () => workerProc?.pid,
      async killWorker() {
        const back = polling();
        const at = Date.now();
        workerProc?.kill('SIGKILL');
        await back;
        return Date.now() - at;
      },
      workerRestarts: () => worker.restarts(),
      async restartDevServer() {
        await temporal.stop();
        temporal = await startTemporal();
      },
      async stopPostgres() {
        await pg?.stop();
        pg = null;
      },
      async startPostgres() {
        pg = await startPg();
      },
      async smtpDown() {
        await smtp.close();
      },
      async smtpUp() {
        smtp = await startSmtpServer({ port: smtpPort, mails });
      },
      async stop() {
        for (const s of stops) await s().catch((e: Error) => log(`stop: ${e.message}`));
        await new Promise((r) => output.end(r));
        // The services' output outlives the run, for reading after a failure.
        mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
        copyFileSync(path.join(dir, 'services.log'), path.join(ROOT, 'test-artifacts', 'chaos-services.log'));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const s of stops) await s().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
