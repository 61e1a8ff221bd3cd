/**
 * R-13.1 `destroy`: the archivist's disposal at the end of retention really deletes the summary's
 * content (every version's document, with its reviews and signatures, and the suggestions taken
 * from it), the attachments (files and rows) and the archive copy (file and names), and leaves a
 * signed tombstone.
 *
 * Idempotent and crash-safe: the tombstone, listing every item to delete, is written first; the
 * deletion follows from that list and is complete when `completed_at` is set. A run that finds a
 * tombstone without it (a crash in between) deletes again from the same list.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { SigningKey } from '../signature/signature.js';
import type { ArchiveStore } from './store.js';
import { findArchiveRecord } from './records.js';
import { findFinalVersion } from './final-version.js';
import { signTombstone, type DestroyedManifest, type TombstoneStatement } from './tombstone.js';

export interface DestroyDeps {
  dataSource: DataSource;
  store: ArchiveStore;
  /** ATTACHMENTS_DIR: the attachment files are `<dir>/<activityId>/<attachmentId>`. */
  attachmentsDir: string;
  signingKey: SigningKey;
}

export interface DisposalDecision {
  by: { userId: string; role: string };
  at: string;
  reason: string | null;
}

export interface Tombstone extends TombstoneStatement {
  id: string;
  algorithm: string;
  keyId: string;
  signature: string;
  completedAt: Date | null;
}

interface TombstoneRow {
  id: string;
  activity_id: string;
  activity_name: string;
  activity_type: string;
  destroyed: DestroyedManifest;
  content_hash: string | null;
  decided_by: { userId: string; role: string };
  decided_at: Date;
  reason: string | null;
  destroyed_at: Date;
  algorithm: string;
  key_id: string;
  signature: string;
  completed_at: Date | null;
}

/** The statement exactly as signed: timestamps back to ISO strings. */
function fromRow(r: TombstoneRow): Tombstone {
  return {
    id: r.id,
    activityId: r.activity_id,
    activityName: r.activity_name,
    activityType: r.activity_type,
    destroyed: r.destroyed,
    contentHash: r.content_hash,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at.toISOString(),
    reason: r.reason,
    destroyedAt: r.destroyed_at.toISOString(),
    algorithm: r.algorithm,
    keyId: r.key_id,
    signature: r.signature,
    completedAt: r.completed_at,
  };
}

export async function findTombstone(dataSource: Pick<DataSource, 'query'>, activityId: string): Promise<Tombstone | null> {
  const rows = (await dataSource.query(`SELECT * FROM archive_tombstones WHERE activity_id = $1`, [activityId])) as TombstoneRow[];
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Deletes everything of the activity's summary and returns the tombstone; null for an unknown activity. */
export async function destroyActivityContent(deps: DestroyDeps, activityId: string, decision: DisposalDecision): Promise<Tombstone | null> {
  let tombstone = await findTombstone(deps.dataSource, activityId);
  if (tombstone?.completedAt) return tombstone;
  tombstone ??= await writeTombstone(deps, activityId, decision);
  if (!tombstone) return null;
  await deleteFiles(deps, tombstone);
  await deps.dataSource.transaction(async (tx) => {
    // Reviews, review comments and signatures go with their versions (ON DELETE CASCADE).
    await tx.query(`DELETE FROM summary_versions WHERE activity_id = $1`, [activityId]);
    await tx.query(`DELETE FROM attachments WHERE activity_id = $1`, [activityId]);
    await tx.query(`DELETE FROM archive_paper_details WHERE activity_id = $1`, [activityId]);
    await tx.query(`DELETE FROM archive_records WHERE activity_id = $1`, [activityId]);
    // The suggestions taken from the final version are its content too; their updates go with them (ON DELETE CASCADE).
    await tx.query(`DELETE FROM suggestions WHERE activity_id = $1`, [activityId]);
    await tx.query(`UPDATE archive_tombstones SET completed_at = now() WHERE activity_id = $1 AND completed_at IS NULL`, [activityId]);
  });
  return findTombstone(deps.dataSource, activityId);
}

/** Lists what is to be destroyed, signs it, and records it (a concurrent run's tombstone wins). */
async function writeTombstone(deps: DestroyDeps, activityId: string, decision: DisposalDecision): Promise<Tombstone | null> {
  const { dataSource } = deps;
  const [activity] = (await dataSource.query(`SELECT name, type FROM activities WHERE id = $1`, [activityId])) as Array<{
    name: string;
    type: string;
  }>;
  if (!activity) return null;
  const versions = (await dataSource.query(
    `SELECT id, version_no, content_hash, submitted FROM summary_versions WHERE activity_id = $1 ORDER BY version_no`,
    [activityId],
  )) as Array<{ id: string; version_no: number; content_hash: string; submitted: boolean }>;
  const attachments = (await dataSource.query(
    `SELECT id, kind, sha256, size, storage_key FROM attachments WHERE activity_id = $1 ORDER BY created_at, id`,
    [activityId],
  )) as Array<{ id: string; kind: string; sha256: string; size: string; storage_key: string }>;
  const record = await findArchiveRecord(dataSource, activityId);
  const final = await findFinalVersion(dataSource, activityId);
  const statement: TombstoneStatement = {
    activityId,
    activityName: activity.name,
    activityType: activity.type,
    destroyed: {
      versions: versions.map((v) => ({ id: v.id, versionNo: v.version_no, contentHash: v.content_hash, submitted: v.submitted })),
      attachments: attachments.map((a) => ({ id: a.id, kind: a.kind, sha256: a.sha256, size: Number(a.size), storageKey: a.storage_key })),
      archiveCopy: record
        ? {
            key: record.key,
            electronicName: record.electronicName,
            folder: record.folder,
            paperLabel: record.paperLabel,
            sha256: record.sha256,
          }
        : null,
    },
    contentHash: final?.contentHash ?? null,
    decidedBy: { userId: decision.by.userId, role: decision.by.role },
    decidedAt: new Date(decision.at).toISOString(),
    reason: decision.reason,
    destroyedAt: new Date().toISOString(),
  };
  const signed = signTombstone(deps.signingKey, statement);
  await dataSource.query(
    `INSERT INTO archive_tombstones (id, activity_id, activity_name, activity_type, destroyed, content_hash, decided_by, decided_at,
                                     reason, destroyed_at, algorithm, key_id, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (activity_id) DO NOTHING`,
    [
      randomUUID(),
      activityId,
      statement.activityName,
      statement.activityType,
      JSON.stringify(statement.destroyed),
      statement.contentHash,
      JSON.stringify(statement.decidedBy),
      statement.decidedAt,
      statement.reason,
      statement.destroyedAt,
      signed.algorithm,
      signed.keyId,
      signed.signature,
    ],
  );
  return findTombstone(dataSource, activityId);
}

async function deleteFiles(deps: DestroyDeps, tombstone: Tombstone): Promise<void> {
  const root = path.resolve(deps.attachmentsDir);
  // The activity's whole attachment folder: the listed files and anything half-written beside them.
  const folder = path.resolve(root, tombstone.activityId);
  if (!folder.startsWith(root + path.sep)) throw new Error(`attachment folder outside ATTACHMENTS_DIR: ${tombstone.activityId}`);
  await rm(folder, { recursive: true, force: true });
  for (const a of tombstone.destroyed.attachments) {
    const file = path.resolve(root, a.storageKey);
    if (file.startsWith(root + path.sep)) await rm(file, { force: true });
  }
  if (tombstone.destroyed.archiveCopy) await deps.store.delete(tombstone.destroyed.archiveCopy.key);
  // A copy stored after the list was made (a store that raced the decision) goes too.
  const record = await findArchiveRecord(deps.dataSource, tombstone.activityId);
  if (record) await deps.store.delete(record.key);
}
