/**
 * R-12 storing the final version's electronic copy under its generated name, once. Idempotent:
 * the names are claimed once (records.ts), the bytes are written whole or not at all (the store),
 * and `stored_at` is set only after the write, so a crash anywhere leads to one more try, never
 * to a lost or a second copy. A destroyed activity is never stored again.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ArchiveStore } from './store.js';
import { archiveSubject, claimArchiveNames, findArchiveRecord, markStored, type ArchiveRecord } from './records.js';
import { findFinalVersion } from './final-version.js';
import type { RenderFinalDocx } from './final-docx.js';

export interface ArchiverDeps {
  dataSource: DataSource;
  store: ArchiveStore;
  /** The final version as DOCX: injected (the worker wires the summary document's renderer). */
  renderFinalDocx: RenderFinalDocx;
}

/** Stores the final copy unless it is there; null when the activity is unknown, destroyed or has no final version. */
export async function ensureArchived(deps: ArchiverDeps, activityId: string): Promise<ArchiveRecord | null> {
  const { dataSource, store } = deps;
  const [tombstone] = (await dataSource.query(`SELECT 1 FROM archive_tombstones WHERE activity_id = $1`, [activityId])) as unknown[];
  if (tombstone) return null;
  const subject = await archiveSubject(dataSource, activityId);
  if (!subject) return null;
  const record = await claimArchiveNames(dataSource, subject);
  if (record.storedAt && (await store.exists(record.key))) return record;
  const final = await findFinalVersion(dataSource, activityId);
  if (!final) return null;
  const bytes = await deps.renderFinalDocx(activityId);
  await store.put(record.key, bytes);
  await markStored(dataSource, activityId, {
    versionId: final.id,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  });
  return findArchiveRecord(dataSource, activityId);
}
