import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Finding, SummaryDocument, SummaryRates } from '../../summary/index.js';

/**
 * One submitted version of an activity's summary (SPEC §4): immutable once written, including
 * versions the automatic checks refused, so nothing a user submitted is ever lost.
 */
@Entity({ name: 'summary_versions' })
@Index(['activityId', 'versionNo'], { unique: true })
export class SummaryVersionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @Column('integer', { name: 'version_no' })
  versionNo: number;

  @Column('jsonb')
  document: SummaryDocument;

  @Column('jsonb')
  findings: Finding[];

  @Column('jsonb')
  metrics: SummaryRates;

  /** sha256 of the canonical document: what a signature binds to. */
  @Column('text', { name: 'content_hash' })
  contentHash: string;

  /** Whether the lifecycle accepted it as a submission (false: refused by blocking checks). */
  @Column('boolean')
  submitted: boolean;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
