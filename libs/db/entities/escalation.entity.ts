import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeadlineKey } from '../../domain/lifecycle.js';

/**
 * One overdue escalation or reminder of one deadline of one lifecycle. `dedupeKey` is unique, so
 * activity retries, worker crashes and replays never record (or send) it twice.
 */
@Entity({ name: 'escalations' })
export class EscalationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @Column('text', { name: 'workflow_id' })
  workflowId: string;

  @Index()
  @Column('text', { name: 'lead_department' })
  leadDepartment: string;

  @Column('text', { name: 'deadline_key' })
  deadlineKey: DeadlineKey;

  @Column('integer')
  occurrence: number;

  @Column('text')
  kind: 'overdue' | 'reminder';

  /** Role-level recipients, e.g. `dept_head@publicity`, `admin`. */
  @Column('jsonb')
  recipients: string[];

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'fired_at' })
  firedAt: Date;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Column('text', { name: 'dedupe_key', unique: true })
  dedupeKey: string;
}
