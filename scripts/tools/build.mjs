// tsc → dist/ and the prebuilt workflow bundle, only when a source is newer than the last build.
// Used by the launcher and by suites that run the built services as processes (chaos).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './temporal-cli.mjs';
import { WEB } from './web-app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The workflow code bundled at build time (apps/worker/src/bundle.ts): WORKFLOW_BUNDLE of the worker. */
export const WORKFLOW_BUNDLE = path.join(ROOT, 'dist', 'workflow-bundle.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (p === WEB) continue; // its own package, built by Vite (ensureWebBuild)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** tsc → dist/, only when a source is newer than the last build. */
export async function ensureBuild({ log = () => {} } = {}) {
  const stamp = path.join(ROOT, 'dist', '.build-stamp');
  const sources = ['apps', 'workflows', 'activities', 'libs', 'bench', 'chaos'].map((d) => path.join(ROOT, d)).filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime), statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  log('compiling TypeScript (tsc -p tsconfig.build.json)...');
  await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, log });
  // The workflow code bundled once here: a (re)started worker polls without running webpack.
  await run(process.execPath, ['dist/apps/worker/src/bundle.js', WORKFLOW_BUNDLE], { cwd: ROOT, log: () => {} });
  writeFileSync(stamp, new Date().toISOString());
}
