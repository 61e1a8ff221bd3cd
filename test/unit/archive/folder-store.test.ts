/** The folder ArchiveStore: put/get/exists/delete under ARCHIVE_DIR, whole files only, never outside the folder. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderArchiveStore, InvalidArchiveKeyError } from '../../../libs/archive/store.js';

let dir: string;
let store: FolderArchiveStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'archive-store-'));
  store = new FolderArchiveStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = '活动总结/2026/学术研讨/2026青年导演论坛总结20261120.docx';

describe('FolderArchiveStore', () => {
  it('stores a copy under its relative key, reads it back, replaces it, and deletes it (twice is fine)', async () => {
    expect(await store.exists(KEY)).toBe(false);
    expect(await store.get(KEY)).toBeNull();
    await store.put(KEY, Buffer.from('first'));
    expect(await store.exists(KEY)).toBe(true);
    expect((await stat(path.join(dir, '活动总结', '2026', '学术研讨', '2026青年导演论坛总结20261120.docx'))).size).toBe(5);
    await store.put(KEY, Buffer.from('second copy'));
    expect((await store.get(KEY))?.toString()).toBe('second copy');
    // No temp file is left beside it.
    expect(await readdir(path.join(dir, '活动总结', '2026', '学术研讨'))).toEqual(['2026青年导演论坛总结20261120.docx']);
    await store.delete(KEY);
    await store.delete(KEY);
    expect(await store.exists(KEY)).toBe(false);
  });

  it('a folder is not a copy', async () => {
    await store.put(KEY, Buffer.from('x'));
    expect(await store.exists('活动总结/2026')).toBe(false);
  });

  it.each(['', '/etc/passwd', '../outside.docx', '活动总结/../../outside.docx', '活动总结//a.docx', 'a\\..\\b.docx', './a.docx', 'a/.'])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidArchiveKeyError);
      await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidArchiveKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidArchiveKeyError);
    },
  );
});
