import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AttachmentKind } from '../../summary/document.js';

/**
 * An uploaded file of an activity (SPEC §4): the bytes live on disk under `storage_key`, the row
 * holds what was sniffed and hashed on upload. A summary refers to it by id (AttachmentRef).
 */
@Entity({ name: 'attachments' })
@Index(['activityId', 'createdAt'])
export class AttachmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @Column('text')
  kind: AttachmentKind;

  /**
   * As the client named it (made safe), with the extension of the sniffed type (older rows may keep the
   * client's): for display and the download name only, never used to decide the type or path.
   */
  @Column('text', { name: 'original_name' })
  originalName: string;

  /** Sniffed from the bytes on upload; the download is served with exactly this type. */
  @Column('text', { name: 'content_type' })
  contentType: string;

  // bigint arrives from pg as a string; sizes stay far below 2^53.
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) } })
  size: number;

  @Column('text')
  sha256: string;

  /** `<activityId>/<id>`, relative to ATTACHMENTS_DIR, so the folder can move. */
  @Column('text', { name: 'storage_key' })
  storageKey: string;

  @Column('text', { name: 'uploaded_by' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
