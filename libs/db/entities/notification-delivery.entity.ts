import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotifyChannel } from '../../notify/dedupe.js';
import type { RenderedMessage } from '../../notify/message.js';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * The exactly-once ledger: one row per (escalation, recipient, channel), `dedupeKey` unique.
 * A row is sent only by whoever holds its lease (`claimedUntil`) and never again once `sent`.
 */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index('notification_deliveries_escalation_idx')
  @Column('uuid', { name: 'escalation_id' })
  escalationId: string;

  /** Null for a group robot. */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  /** A username, or `group` for a robot. */
  @Column('text')
  recipient: string;

  @Column('text')
  channel: NotifyChannel;

  /** The e-mail address at the time the row was written. */
  @Column('text', { nullable: true })
  address: string | null;

  @Column('jsonb')
  message: RenderedMessage;

  @Column('text', { name: 'dedupe_key', unique: true })
  dedupeKey: string;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('timestamptz', { name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  /** Sent on its own: counted against the recipient's and channel's limit (libs/notify/batching.ts) from then. */
  @Column('timestamptz', { name: 'admitted_at', nullable: true })
  admittedAt: Date | null;

  /** Over the limit: waits for a digest (stays `pending` until the digest is sent). */
  @Column('timestamptz', { name: 'held_at', nullable: true })
  heldAt: Date | null;

  /** The digest that took the held row (notification_digests). */
  @Column('uuid', { name: 'digest_id', nullable: true })
  digestId: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
