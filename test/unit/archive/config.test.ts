/** ARCHIVE_DIR: `<DATA_DIR>/archive` by default (the folder `npm run backup` copies), always absolute. */
import path from 'node:path';
import { loadConfig } from '../../../libs/config/config.js';
import { testKeys } from '../../support/keys.js';

const base = { DATABASE_URL: 'postgres://x@h/db', ...testKeys() };

describe('ARCHIVE_DIR', () => {
  it('defaults to .data/archive, follows DATA_DIR, and is made absolute', () => {
    expect(loadConfig(base).archive.dir).toBe(path.resolve('.data/archive'));
    expect(loadConfig({ ...base, DATA_DIR: '/srv/summary' }).archive.dir).toBe('/srv/summary/archive');
    expect(loadConfig({ ...base, DATA_DIR: '/srv/summary', ARCHIVE_DIR: 'copies' }).archive.dir).toBe(path.resolve('copies'));
  });
});
