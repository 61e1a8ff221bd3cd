import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeadlineKey } from '../../domain/lifecycle.js';

/** One message in one user's in-app inbox; `dedupeKey` is unique, so a retry never adds a second. */
@Entity({ name: 'notifications' })
@Index('notifications_user_idx', ['userId', 'createdAt'])
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @Column('uuid', { name: 'escalation_id' })
  escalationId: string;

  @Column('text', { name: 'deadline_key' })
  deadlineKey: DeadlineKey;

  @Column('text')
  kind: 'overdue' | 'reminder';

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
