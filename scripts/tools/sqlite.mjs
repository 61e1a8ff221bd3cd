// The sqlite3 command-line tool, for copying the Temporal dev server's SQLite file while the server
// runs (the online backup API, not a file copy: a copy taken mid-write would be torn). Debian's
// `sqlite3` package, installed with apt-get when missing and we are root. Node built-ins only.
import { execFile } from 'node:child_process';
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

/**
 * A consistent copy of `source` at `dest` while another process may be writing it: SQLite's
 * online backup (`.backup`), waiting up to 30 s whenever the writer holds its lock, then
 * `PRAGMA integrity_check` on the copy.
 */
export async function backupSqlite(cli, source, dest) {
  // The destination is named relative to its folder: dot-command arguments have their own quoting.
  const { stdout } = await exec(cli, ['-bail', '-batch', source, '.timeout 30000', `.backup '${path.basename(dest)}'`], {
    cwd: path.dirname(dest),
    timeout: 10 * 60_000,
  }).catch((err) => {
    throw new Error(`sqlite3 .backup of ${source} failed: ${(err.stderr || err.message).trim()}`, { cause: err });
  });
  if (stdout.trim()) throw new Error(`sqlite3 .backup of ${source}: ${stdout.trim()}`);
  const check = await sqlite(cli, dest, 'PRAGMA integrity_check;');
  if (check.join('\n') !== 'ok') throw new Error(`the copy of ${source} fails its integrity check: ${check.slice(0, 5).join('; ')}`);
}

/** The sqlite3 program's version ('3.40.1'). */
export async function sqliteVersion(cli) {
  const { stdout } = await exec(cli, ['-version']);
  return stdout.split(' ')[0];
}
