import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain/roles.js';

/**
 * Who did what, when and from where: every write through the API and every read of archived
 * content (SPEC §5). Rows are only ever inserted. No foreign key to users, so a row outlives any
 * change to the user table and an insert never waits on a user row lock.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_target_idx', ['targetType', 'targetId'])
@Index('audit_log_actor_idx', ['actorUserId', 'at'])
export class AuditLogEntity {
  /** bigint: TypeORM hands it over as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('audit_log_at_idx')
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  /** Null when nobody is signed in (a failed login). */
  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId: string | null;

  @Column('text', { name: 'actor_role', nullable: true })
  actorRole: Role | null;

  /** e.g. `activity.register`, `auth.login`, `archive.read`. */
  @Column('text')
  action: string;

  @Column('text', { name: 'target_type', nullable: true })
  targetType: string | null;

  @Column('text', { name: 'target_id', nullable: true })
  targetId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  details: Record<string, unknown>;
}
