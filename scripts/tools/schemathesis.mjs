// Provides schemathesis (API fuzzing from the OpenAPI document) in a project-local virtualenv,
// .tools/schemathesis, pinned to one version from PyPI. Node built-ins only: this runs before
// `npm install` on a fresh clone, like the other tools.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, which, withFileLock } from './temporal-cli.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = path.join(ROOT, '.tools', 'schemathesis');
const BIN = path.join(DIR, 'bin', 'schemathesis');
const STAMP = path.join(DIR, 'installed-version');

const installed = async (version) => (await fs.readFile(STAMP, 'utf8').catch(() => '')).trim() === version;

/** Returns the path of the `schemathesis` executable, installing it into the virtualenv the first time. */
export async function ensureSchemathesis({ log = console.log } = {}) {
  const version = process.env.SCHEMATHESIS_VERSION || SCHEMATHESIS_VERSION;
  if (await installed(version)) return BIN;
  return withFileLock(
    path.join(ROOT, '.tools', '.schemathesis.lock'),
    async () => {
      if (await installed(version)) return BIN;
      const python = (await which('python3')) ?? (await which('python'));
      if (!python) throw new Error('schemathesis needs Python 3 (python3 on PATH)');
      log(`installing schemathesis ${version} from PyPI into ${path.relative(ROOT, DIR)} (first time only)...`);
      await fs.rm(DIR, { recursive: true, force: true });
      try {
        await run(python, ['-m', 'venv', DIR], { log });
      } catch (e) {
        // Debian ships venv separately; as root, install it the same way as the other system packages.
        if (process.getuid?.() !== 0)
          throw new Error('python3 -m venv failed: install python3-venv (apt-get install python3-venv)', { cause: e });
        log('python3-venv is missing: installing it with apt-get...');
        await run('apt-get', ['install', '-y', '-q', 'python3-venv'], { log }).catch(async () => {
          await run('apt-get', ['update', '-q'], { log });
          await run('apt-get', ['install', '-y', '-q', 'python3-venv'], { log });
        });
        await run(python, ['-m', 'venv', DIR], { log });
      }
      const pip = path.join(DIR, 'bin', 'pip');
      await run(pip, ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${version}`], { log });
      await fs.writeFile(STAMP, `${version}\n`);
      log(`schemathesis ready: ${path.relative(ROOT, BIN)}`);
      return BIN;
    },
    { log, what: 'installing schemathesis' },
  );
}
