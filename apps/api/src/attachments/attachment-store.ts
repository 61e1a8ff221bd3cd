import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config/config.js';
import { APP_CONFIG } from '../tokens.js';

const CHUNK = 64 * 1024;

/**
 * The bytes of attachments on local disk under ATTACHMENTS_DIR, as `<activityId>/<attachmentId>`.
 * A file appears under its final name only once it is complete and synced (temp file + rename),
 * so a crash never leaves a truncated attachment behind a row.
 */
@Injectable()
export class AttachmentStore {
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = config.attachments.dir;
  }

  /** Writes `data` and hashes exactly the bytes written. */
  async write(activityId: string, attachmentId: string, data: Buffer): Promise<{ storageKey: string; sha256: string }> {
    const storageKey = `${activityId}/${attachmentId}`;
    const final = this.pathOf(storageKey);
    await mkdir(path.dirname(final), { recursive: true });
    // Dot-prefixed and unique: never mistaken for an attachment, never shared by two uploads.
    const tmp = path.join(path.dirname(final), `.${attachmentId}.${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    const file = await open(tmp, 'wx', 0o640);
    try {
      for (let at = 0; at < data.length;) {
        const chunk = data.subarray(at, at + CHUNK);
        hash.update(chunk);
        let written = 0;
        while (written < chunk.length) written += (await file.write(chunk, written)).bytesWritten;
        at += chunk.length;
      }
      await file.sync();
      await file.close();
      await rename(tmp, final);
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    return { storageKey, sha256: hash.digest('hex') };
  }

  /** Opens the file before any header is sent, so a missing file can still be answered with 404. */
  async open(storageKey: string): Promise<ReadStream | null> {
    try {
      const file = await open(this.pathOf(storageKey), 'r');
      return file.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** The whole file (CSV downloads are rewritten in memory; uploads are bounded by ATTACHMENTS_MAX_BYTES). */
  async read(storageKey: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(storageKey));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  private pathOf(storageKey: string): string {
    const full = path.resolve(this.dir, storageKey);
    // Keys are built from two uuids here; refuse anything that would leave the folder all the same.
    if (!full.startsWith(this.dir + path.sep)) throw new Error(`storage key outside the attachments folder: ${storageKey}`);
    return full;
  }
}
