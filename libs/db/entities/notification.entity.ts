import type { ReportKind } from '../../domain/report-period.js';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeadlineKey } from '../../domain/lifecycle.js';

/** One message in one user's in-app inbox; `dedupeKey` is unique, so a retry never adds a second. */
@Entity({ name: 'notifications' })
@Index('notifications_inbox_idx', ['userId', 'createdAt', 'id', 'readAt', 'activityId'])
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  /** Null for a report announcement (`kind = 'report'`). */
  @Column('uuid', { name: 'activity_id', nullable: true })
  activityId: string | null;

  @Column('uuid', { name: 'escalation_id', nullable: true })
  escalationId: string | null;

  /** The report a `kind = 'report'` message announces (migration 1764190001640). */
  @Column('uuid', { name: 'report_id', nullable: true })
  reportId: string | null;

  /** A report announcement carries its report kind here instead of a deadline key. */
  @Column('text', { name: 'deadline_key' })
  deadlineKey: DeadlineKey | ReportKind;

  @Column('text')
  kind: 'overdue' | 'reminder' | 'report';

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('text')
  link: string;

  @Column('text', { name: 'dedupe_key', unique: true })
  dedupeKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
