import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain/roles.js';
import { DepartmentEntity } from './department.entity.js';

/** A person who signs in. Association-wide roles (admin, vp, …) have no department. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('text')
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text')
  role: Role;

  @Column('text', { name: 'department_code', nullable: true })
  departmentCode: string | null;

  @ManyToOne(() => DepartmentEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_code', referencedColumnName: 'code' })
  department?: DepartmentEntity | null;

  /** PHC argon2id string (libs/auth/password.ts); never leaves the API. */
  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  /**
   * The head among the holders of the role (admin: head of the administration department, who gets
   * R-12.3's archive escalation). Only for admin and dept_head (a CHECK constraint).
   */
  @Column('boolean', { name: 'is_head', default: false })
  isHead: boolean;

  /**
   * Raised by a password change, an admin reset, a deactivation and a sign-out: access tokens carry
   * the version they were issued under (`tv`), and older ones are refused.
   */
  @Column('int', { name: 'token_version', default: 0 })
  tokenVersion: number;

  /** Deactivate instead of deleting: audit rows keep pointing at the user. */
  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
