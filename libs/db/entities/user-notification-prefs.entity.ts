import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's personal channels: the inbox is always on; e-mail when an address is known and wanted. */
@Entity({ name: 'user_notification_prefs' })
export class UserNotificationPrefsEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('boolean', { name: 'wants_email', default: true })
  wantsEmail: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
