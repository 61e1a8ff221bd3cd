/**
 * Where the electronic archive copies live. A folder by default (`FolderArchiveStore`
 * under ARCHIVE_DIR); an object store can implement the same four calls later. Keys are relative
 * paths with `/` separators, such as `活动总结/2026/学术研讨/2026青年导演论坛总结20261120.docx`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ArchiveStore {
  /** Stores `data` under `key`, replacing what was there; the key appears only once complete. */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes under `key`, or null. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key`; a missing key is not an error (deleting twice is fine). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** A key the store refuses: absolute, empty, with `..`/`.` segments or a backslash. */
export class InvalidArchiveKeyError extends Error {}

/** Refuses keys that are not plain relative paths, whatever the store. */
export function assertArchiveKey(key: string): void {
  const segments = key.split('/');
  if (
    !key ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new InvalidArchiveKeyError(`not a relative archive key: ${JSON.stringify(key)}`);
  }
}

/**
 * The copies as files under one folder. A write goes to a dot-prefixed temp file that is synced
 * and then renamed over the key, so a crash never leaves a truncated copy under its name.
 */
export class FolderArchiveStore implements ArchiveStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const final = this.pathOf(key);
    await mkdir(path.dirname(final), { recursive: true });
    const tmp = path.join(path.dirname(final), `.${path.basename(final)}.${randomUUID()}.tmp`);
    const file = await open(tmp, 'wx', 0o640);
    try {
      let written = 0;
      while (written < data.length) written += (await file.write(data, written)).bytesWritten;
      await file.sync();
      await file.close();
      await rename(tmp, final);
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** The file of `key`, never outside the folder. */
  pathOf(key: string): string {
    assertArchiveKey(key);
    const full = path.resolve(this.dir, ...key.split('/'));
    if (!full.startsWith(this.dir + path.sep)) throw new InvalidArchiveKeyError(`archive key outside the folder: ${key}`);
    return full;
  }
}
