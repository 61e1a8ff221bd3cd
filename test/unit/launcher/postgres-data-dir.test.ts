/**
 * Where the embedded cluster of a data folder lives (scripts/tools/postgres.mjs): `npm start`,
 * `npm run backup` and `npm run restore` resolve it alike, so DATA_DIR=/other/folder finds the
 * cluster a restore put there — also when, as root, it had to go under the system temp folder.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { dataDirOf, defaultPgDataDir, pgDataDirFor } from '../../../scripts/tools/postgres.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const isRoot = process.getuid?.() === 0;
const hashed = (key: string) => path.join(os.tmpdir(), `activity-summary-pg-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);

describe('scripts/tools/postgres.mjs data folders', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-data-dir-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('DATA_DIR names the data folder, relative to the project root; .data by default', () => {
    expect(dataDirOf({})).toBe(path.join(ROOT, '.data'));
    expect(dataDirOf({ DATA_DIR: 'elsewhere/data' })).toBe(path.join(ROOT, 'elsewhere', 'data'));
    expect(dataDirOf({ DATA_DIR: '/srv/summary' })).toBe('/srv/summary');
  });

  it('a folder everyone may traverse keeps its cluster in <DATA_DIR>/postgres', () => {
    chmodSync(tmp, 0o755);
    expect(pgDataDirFor(path.join(tmp, 'data'))).toBe(path.join(tmp, 'data', 'postgres'));
  });

  it('as root, a folder the postgres user cannot traverse sends its cluster to a temp folder named after it, every time', () => {
    chmodSync(tmp, 0o700);
    const data = path.join(tmp, 'data');
    const expected = isRoot ? hashed(data) : path.join(data, 'postgres');
    expect(pgDataDirFor(data)).toBe(expected);
    // Creating the data folder (as restore does first) changes nothing: the closed ancestor decides.
    mkdirSync(data);
    expect(pgDataDirFor(data)).toBe(expected);
    expect(pgDataDirFor(path.join(tmp, 'other'))).not.toBe(expected);
  });

  it('the default data folder keeps the temp folder name it always had (hash of the project root)', () => {
    chmodSync(tmp, 0o700);
    const project = path.join(tmp, 'project');
    const silent = { log: () => {} };
    const expected = isRoot ? hashed(project) : path.join(project, '.data', 'postgres');
    expect(defaultPgDataDir(project, silent)).toBe(expected);
    expect(defaultPgDataDir(project, { ...silent, dataDir: path.join(project, '.data') })).toBe(expected);
  });
});
