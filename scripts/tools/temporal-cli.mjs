// Locates or installs the Temporal CLI (dev server) into <root>/.tools/bin.
// Node built-ins only: this runs before `npm install` on a fresh clone.
import { spawn } from 'node:child_process';
import { constants as FS } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN_DIR = path.join(ROOT, '.tools', 'bin');

async function isExecutable(file) {
  try {
    const st = await fs.stat(file);
    await fs.access(file, FS.X_OK);
    return st.isFile();
  } catch {
    return false;
  }
}

/** Absolute path of `name` on PATH, or null. */
export async function which(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, name)))) return path.resolve(dir, name);
  }
  return null;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM'; // exists but belongs to someone else
  }
}

/**
 * Runs fn while holding an exclusive lock file, so concurrent callers (`npm start` and `npm test`
 * in two terminals) don't both build into the same place. Waiters poll; a lock whose owner pid is
 * dead, or that is older than staleMs (pid reuse), is considered stale and taken over.
 */
export async function withFileLock(lockPath, fn, { log = console.log, what = 'installing', staleMs = 30 * 60_000 } = {}) {
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      const fh = await fs.open(lockPath, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const [pidText, st] = await Promise.all([fs.readFile(lockPath, 'utf8').catch(() => ''), fs.stat(lockPath).catch(() => null)]);
      const pid = Number.parseInt(pidText, 10);
      // An empty file may be a lock being written right now: give it a moment before calling it stale.
      const young = st && Date.now() - st.mtimeMs < 5000;
      const stale = st && (Date.now() - st.mtimeMs > staleMs || (pid > 0 ? !isAlive(pid) : !young));
      if (stale) {
        await fs.rm(lockPath, { force: true });
        continue;
      }
      if (!announced) log(`waiting for another process (pid ${pid || '?'}) that is ${what}...`);
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

/** Spawns a command, streaming its output line by line through log; rejects on non-zero exit. */
export function run(cmd, args, { log = console.log, env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    const onData = (buf) => {
      for (const raw of buf.toString().split('\n')) {
        const line = raw.replace(/\x1b\[[0-9;]*m/g, ''); // Maven/Go colour codes
        if (!line.trim()) continue;
        log(`  ${line}`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve(tail) : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${tail.at(-1) ?? ''}`)),
    );
  });
}

// Install into a private staging dir and rename into place: rename is atomic, so a concurrent
// caller that merely checks `.tools/bin/temporal` never sees a half-written binary.
async function installViaGo(go, log) {
  const staging = path.join(BIN_DIR, `.staging-${process.pid}`);
  await fs.rm(staging, { recursive: true, force: true });
  try {
    log(`building Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (first time only, takes a few minutes)...`);
    await fs.mkdir(staging, { recursive: true });
    const env = { ...process.env, GOBIN: staging };
    await run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], { log, env });
    await fs.rename(path.join(staging, 'temporal'), path.join(BIN_DIR, 'temporal'));
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function installViaDownload(log) {
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) throw new Error(`no Temporal CLI download for ${process.platform}/${process.arch}`);
  const tar = await which('tar');
  if (!tar) throw new Error('`tar` is not on PATH');
  const url = `https://temporal.download/cli/archive/${TEMPORAL_CLI_VERSION}?platform=${platform}&arch=${arch}`;
  const staging = path.join(BIN_DIR, `.staging-${process.pid}`);
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  try {
    log(`downloading Temporal CLI from ${url}...`);
    const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(5 * 60_000) });
    if (!res.ok) throw new Error(`download failed: HTTP ${res.status} from ${url}`);
    const archive = path.join(staging, 'temporal.tar.gz');
    await fs.writeFile(archive, Buffer.from(await res.arrayBuffer()));
    await run(tar, ['-xzf', archive, '-C', staging], { log });
    const extracted = path.join(staging, 'temporal');
    if (!(await fs.stat(extracted).catch(() => null))) throw new Error('archive did not contain a `temporal` binary');
    await fs.chmod(extracted, 0o755);
    await fs.rename(extracted, path.join(BIN_DIR, 'temporal'));
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Returns the absolute path of a `temporal` executable, installing it into .tools/bin if needed. */
export async function ensureTemporalCli({ log = console.log } = {}) {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    const abs = path.resolve(fromEnv);
    if (await isExecutable(abs)) return abs;
    throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
  }
  const onPath = await which('temporal');
  if (onPath) return onPath;

  const local = path.join(BIN_DIR, 'temporal');
  if (await isExecutable(local)) return local;

  return withFileLock(
    path.join(ROOT, '.tools', 'temporal-cli.lock'),
    async () => {
      if (await isExecutable(local)) return local; // another process installed it while we waited
      const errors = [];
      const go = await which('go');
      if (go) {
        try {
          await installViaGo(go, log);
          return local;
        } catch (e) {
          errors.push(`go install failed (${e.message})`);
          log(`${errors.at(-1)}; trying the download instead`);
        }
      }
      try {
        await installViaDownload(log);
        return local;
      } catch (e) {
        errors.push(`download failed (${e.message}${e.cause?.code ? `: ${e.cause.code}` : ''})`);
      }
      const why = go ? errors.join('; ') : `Go is not installed and the ${errors[0]}`;
      throw new Error(
        `Temporal CLI not found and could not be installed: ${why}. Install Go or set TEMPORAL_CLI`.replace(/\s*\n\s*/g, ' '),
      );
    },
    { log, what: 'installing the Temporal CLI' },
  );
}
