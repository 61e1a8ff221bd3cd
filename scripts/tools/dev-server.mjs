// Starts the Temporal CLI dev server (server + SQLite + UI) as a child process and waits until
// it answers. Node built-ins only: the launcher runs before anything else is installed.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Name → type of every search attribute the lifecycle workflow sets (one source of truth). */
export function searchAttributes() {
  return JSON.parse(readFileSync(join(root, 'libs', 'temporal', 'search-attributes.json'), 'utf8'));
}

function canConnect(port, host) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function namespaceReady(cli, address) {
  return new Promise((resolve) => {
    execFile(cli, ['operator', 'namespace', 'describe', '--namespace', 'default', '--address', address], { timeout: 5_000 }, (err) =>
      resolve(!err),
    );
  });
}

/**
 * @param {{ cli: string, ip?: string, port: number, uiPort?: number | null, dbFile?: string | null,
 *           log?: (line: string) => void }} opts  uiPort null = headless; dbFile null = in memory.
 * @returns {Promise<{ address: string, uiUrl: string | null, pid: number, exited: Promise<{ code: number | null, signal: string | null }>,
 *   stop: () => Promise<void> }>}  `exited` resolves when the server ends, stopped or not.
 */
export async function startDevServer({ cli, ip = '127.0.0.1', port, uiPort = null, dbFile = null, log = () => {} }) {
  if (await canConnect(port, ip)) {
    throw new Error(
      `port ${port} is already in use: set TEMPORAL_PORT, stop the other process, or set TEMPORAL_ADDRESS to use that server`,
    );
  }
  if (uiPort && (await canConnect(uiPort, ip))) {
    throw new Error(`port ${uiPort} (Temporal UI) is already in use: set TEMPORAL_UI_PORT or stop the other process`);
  }
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn', '--namespace', 'default'];
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  // WAL: a reader (`npm run backup` copying the file) never blocks the server's commits. In the
  // default rollback journal a commit that meets a reader fails with SQLITE_BUSY, and the dev server
  // then stays wedged ("cannot start a transaction within a transaction") until restarted. The
  // busy timeout makes it wait for a lock instead of failing at once.
  if (dbFile) args.push('--db-filename', dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'busy_timeout=10000');
  for (const [name, type] of Object.entries(searchAttributes())) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Whatever ends this process (an error, a lost terminal), the server must not outlive it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));

  // The frontend listens before the namespace is registered: wait for both.
  const deadline = Date.now() + 60_000;
  let ready = false;
  while (Date.now() < deadline) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 200))]);
    if (early)
      throw new Error(`Temporal dev server exited (${early.code ?? early.signal}): ${output.trim().split('\n').slice(-3).join(' | ')}`);
    if ((await canConnect(port, ip)) && (await namespaceReady(cli, `${ip}:${port}`))) {
      ready = true;
      break;
    }
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error('Temporal dev server did not listen within 60 s');
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { address: `${ip}:${port}`, uiUrl: uiPort ? `http://localhost:${uiPort}` : null, pid: child.pid, exited, stop };
}
