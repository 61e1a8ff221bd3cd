import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ActivityType } from '../../domain/activity.js';
import type { LifecycleState, Stage } from '../../domain/lifecycle.js';

/** A registered activity. `stage` is a projection the workflow keeps current for lists. */
@Entity({ name: 'activities' })
@Index('activities_created_by_idempotency_key_idx', ['createdBy', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class ActivityEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  type: ActivityType;

  @Index()
  @Column('text', { name: 'lead_department' })
  leadDepartment: string;

  @Column('jsonb', { name: 'co_organizers', default: () => "'[]'::jsonb" })
  coOrganizers: string[];

  @Column('jsonb', { default: () => "'[]'::jsonb" })
  partners: string[];

  @Column('timestamptz', { name: 'start_at' })
  startAt: Date;

  @Column('timestamptz', { name: 'end_at' })
  endAt: Date;

  @Column('text')
  location: string;

  @Column('integer', { name: 'planned_online' })
  plannedOnline: number;

  @Column('integer', { name: 'planned_offline' })
  plannedOffline: number;

  @Column('boolean', { name: 'releases_policy' })
  releasesPolicy: boolean;

  @Column('boolean', { default: false })
  anniversary: boolean;

  @Column('boolean', { name: 'national_level', default: false })
  nationalLevel: boolean;

  /** computed by rule at registration. */
  @Column('boolean', { name: 'is_major' })
  isMajor: boolean;

  /** computed by rule at registration. */
  @Column('boolean')
  permanent: boolean;

  @Column('text', { name: 'workflow_id', unique: true })
  workflowId: string;

  @Index()
  @Column('text', { default: 'AWAITING_END' })
  stage: Stage;

  /** Last state the workflow projected (lists, reports, and reads after the history is gone). */
  @Column('jsonb', { nullable: true })
  lifecycle: LifecycleState | null;

  @Column('integer', { name: 'projection_version', default: 0 })
  projectionVersion: number;

  @Column('integer', { name: 'revision_count', default: 0 })
  revisionCount: number;

  @Index()
  @Column('timestamptz', { name: 'next_deadline_at', nullable: true })
  nextDeadlineAt: Date | null;

  @Column('boolean', { name: 'is_overdue', default: false })
  isOverdue: boolean;

  /** The user who registered it (null for rows registered before this was recorded and not found in the audit log). */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  /**
   * Client-supplied Idempotency-Key, unique per registering user (`created_by`): the same user's
   * repeat returns this row instead of a new one; other users' keys are theirs.
   */
  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  /** sha256 of the request body that first used the key, to refuse reuse with another body. */
  @Column('text', { name: 'request_hash', nullable: true })
  requestHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
