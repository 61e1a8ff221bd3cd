/**
 * The archive's rows in PostgreSQL (migration 1764190001500): the names an activity's copy got
 * and whether the copy is stored. Shared by the worker (which stores the copy) and the API
 * (which shows the names, and checks the electronic confirmation against them).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { ActivityType } from '../domain/activity.js';
import { archiveNaming, type ArchiveNaming, type ArchiveSubject } from './naming.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface ArchiveRecord extends ArchiveNaming {
  activityId: string;
  /** The plain name belonged to another activity with the same name and end day. */
  suffixed: boolean;
  /** The final version stored, its sha256 and size; null until the copy is stored. */
  versionId: string | null;
  sha256: string | null;
  size: number | null;
  storedAt: Date | null;
}

interface Row {
  activity_id: string;
  electronic_name: string;
  folder: string;
  paper_label: string;
  storage_key: string;
  suffixed: boolean;
  version_id: string | null;
  sha256: string | null;
  size: string | null;
  stored_at: Date | null;
}

function fromRow(r: Row): ArchiveRecord {
  return {
    activityId: r.activity_id,
    electronicName: r.electronic_name,
    folder: r.folder,
    paperLabel: r.paper_label,
    key: r.storage_key,
    suffixed: r.suffixed,
    versionId: r.version_id,
    sha256: r.sha256,
    size: r.size === null ? null : Number(r.size),
    storedAt: r.stored_at,
  };
}

export async function findArchiveRecord(db: Db, activityId: string): Promise<ArchiveRecord | null> {
  const rows = (await db.query(`SELECT * FROM archive_records WHERE activity_id = $1`, [activityId])) as Row[];
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The activity as the names need it, or null when it is not recorded. */
export async function archiveSubject(db: Db, activityId: string): Promise<ArchiveSubject | null> {
  const rows = (await db.query(`SELECT id, name, type, end_at FROM activities WHERE id = $1`, [activityId])) as Array<{
    id: string;
    name: string;
    type: ActivityType;
    end_at: Date;
  }>;
  const r = rows[0];
  return r ? { id: r.id, name: r.name, type: r.type, endAt: r.end_at } : null;
}

/**
 * The activity's archive names, generated once and then kept: the first activity to claim a
 * name gets it plain, a later one with the same name and end day the `-<id8>` suffix. The unique
 * storage key decides races (two claims at once: one wins the plain name, the other retries
 * with the suffix). Idempotent: a second call returns what the first recorded.
 */
export async function claimArchiveNames(db: Db, subject: ArchiveSubject): Promise<ArchiveRecord> {
  const existing = await findArchiveRecord(db, subject.id);
  if (existing) return existing;
  for (const withSuffix of [false, true]) {
    const n = archiveNaming(subject, { withSuffix });
    await db.query(
      `INSERT INTO archive_records (activity_id, electronic_name, folder, paper_label, storage_key, suffixed)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [subject.id, n.electronicName, n.folder, n.paperLabel, n.key, withSuffix],
    );
    const claimed = await findArchiveRecord(db, subject.id);
    if (claimed) return claimed;
  }
  throw new Error(`no free archive name for activity ${subject.id}: even ${archiveNaming(subject, { withSuffix: true }).key} is taken`);
}

/** Records that the copy under the record's key holds `versionId` (sha256, size). */
export async function markStored(db: Db, activityId: string, stored: { versionId: string | null; sha256: string; size: number }) {
  await db.query(
    `UPDATE archive_records SET version_id = $2, sha256 = $3, size = $4, stored_at = now() WHERE activity_id = $1 AND stored_at IS NULL`,
    [activityId, stored.versionId, stored.sha256, stored.size],
  );
}
