// The sqlite3 command-line tool, for copying the Temporal dev server's SQLite file while the server
// runs (through SQLite, not as a file: a file copy taken mid-write would be torn, and would miss
// what is still in the WAL). Debian's `sqlite3` package, installed with apt-get when missing and we
// are root. Node built-ins only.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { run, which } from './temporal-cli.mjs';

const exec = promisify(execFile);
const APT = 'apt-get install -y --no-install-recommends sqlite3 || (apt-get update && apt-get install -y --no-install-recommends sqlite3)';

/** Path of the sqlite3 program (SQLITE3 or PATH), installing Debian's package as root when missing. */
export async function ensureSqlite3({ log = console.log } = {}) {
  const found = process.env.SQLITE3 || (await which('sqlite3'));
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error(`the sqlite3 command-line tool is missing; run:  sudo sh -c '${APT}'`);
  log('installing the sqlite3 command-line tool (apt-get)...');
  await run('sh', ['-c', APT], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, log: () => {} });
  const installed = await which('sqlite3');
  if (!installed) throw new Error('apt-get ran but sqlite3 is still not on PATH');
  return installed;
}

/** Runs SQL or dot-commands against `db`; returns stdout lines. `-bail` stops at the first error. */
export async function sqlite(cli, db, ...commands) {
  const { stdout } = await exec(cli, ['-bail', '-batch', db, ...commands], { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 });
  return stdout.split('\n').filter((l) => l !== '');
}

/** Whether the database file is in WAL mode: its header's read/write format bytes are 2 (read without any lock). */
export async function isWal(file) {
  const fh = await fs.open(file, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(2), 0, 2, 18);
    return buffer[0] === 2 && buffer[1] === 2;
  } finally {
    await fh.close();
  }
}

/** Whether a process has `file` open (Linux: /proc/<pid>/fd); null where that cannot be known. */
export async function openByAProcess(file) {
  const pids = await fs.readdir('/proc').catch(() => null);
  if (!pids) return null;
  const target = path.resolve(file);
  for (const pid of pids.filter((p) => /^\d+$/.test(p))) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) if ((await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => null)) === target) return true;
  }
  return false;
}

/**
 * A consistent copy of `source` at `dest` while the dev server may be writing it: `VACUUM INTO`
 * reads one snapshot in one read transaction (`.backup` copies in steps and starts over whenever
 * the server writes in between), then `PRAGMA integrity_check` on the copy. Only in WAL mode does a
 * reader never block the server's commits; a file in the old rollback-journal mode is copied only
 * when no process has it open (see dev-server.mjs: a blocked commit wedges the dev server).
 */
export async function backupSqlite(cli, source, dest) {
  if (!(await isWal(source)) && (await openByAProcess(source)) !== false) {
    throw new Error(
      `${source} is in SQLite's rollback-journal mode and the Temporal dev server may have it open: copying it now could ` +
        'make the server fail. Restart `npm start` once (it switches the file to WAL mode), or stop it, then back up again',
    );
  }
  // The destination is named relative to its folder: SQL string quoting stays trivial.
  await exec(cli, ['-bail', '-batch', source, '.timeout 30000', `VACUUM INTO '${path.basename(dest)}';`], {
    cwd: path.dirname(dest),
    timeout: 10 * 60_000,
  }).catch((err) => {
    throw new Error(`sqlite3 VACUUM INTO, copying ${source}, failed: ${(err.stderr || err.message).trim()}`, { cause: err });
  });
  const check = await sqlite(cli, dest, 'PRAGMA integrity_check;');
  if (check.join('\n') !== 'ok') throw new Error(`the copy of ${source} fails its integrity check: ${check.slice(0, 5).join('; ')}`);
}

/** The sqlite3 program's version ('3.40.1'). */
export async function sqliteVersion(cli) {
  const { stdout } = await exec(cli, ['-version']);
  return stdout.split(' ')[0];
}
