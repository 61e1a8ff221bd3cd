// The web app (apps/web): its own npm package, built by Vite into apps/web/dist, which the API
// serves at `/`. Used by the launcher (`npm start`, `npm test`) and by the browser tests' setup.
// Node built-ins only.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './temporal-cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB = path.join(ROOT, 'apps', 'web');

/** Sources whose change calls for a new build: the app, and the pure shared modules it imports. */
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'public'), path.join(ROOT, 'libs', 'domain'), path.join(ROOT, 'libs', 'summary')];
const FILES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'].map((f) => path.join(WEB, f));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm ci` in apps/web when its node_modules is missing or older than its lock file. */
export async function ensureWebNodeModules({ log = console.log } = {}) {
  const marker = path.join(WEB, 'node_modules', '.package-lock.json');
  const lock = path.join(WEB, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing the web app's npm packages (npm ci in apps/web)...");
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WEB, log: () => {} });
}

/** `vite build` when apps/web/dist is missing or older than a source. Returns whether it built. */
export async function ensureWebBuild({ log = console.log } = {}) {
  await ensureWebNodeModules({ log });
  const built = path.join(WEB, 'dist', 'index.html');
  const newest = Math.max(...SOURCES.filter(existsSync).map(newestMtime), ...FILES.filter(existsSync).map((f) => statSync(f).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return false;
  log('building the web app (vite build in apps/web)...');
  // A production build whatever the caller's NODE_ENV (jest sets `test`, which Vite would pass on to React).
  const env = { ...process.env, NODE_ENV: 'production' };
  await run(process.execPath, [path.join(WEB, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB, env, log });
  return true;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const APT = 'apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk';

/**
 * The browser tests drive Debian's chromium with CJK fonts through playwright-core, never a
 * downloaded browser. As root a missing one is installed with apt-get; otherwise the one command
 * to run is printed and false returned.
 */
export async function ensureBrowser({ log = console.log } = {}) {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return true;
  if (process.getuid?.() !== 0) {
    log(`the browser tests need chromium and fonts-noto-cjk; run:  sudo sh -c '${APT}'`);
    return false;
  }
  log('installing chromium and fonts-noto-cjk for the browser tests (apt-get)...');
  await run('sh', ['-c', APT], { cwd: ROOT, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, log: () => {} });
  return existsSync(CHROMIUM);
}
