import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CalendarOverrideKind = 'closure' | 'extra_workday';

/**
 * An association closure or extra working day (SPEC §3), an inclusive range of Asia/Shanghai
 * dates. Rows are inserted and deleted, never updated; no two rows share a day (the migration's
 * exclusion constraint), so the calendar built from them can never be contradictory.
 */
@Entity({ name: 'calendar_overrides' })
export class CalendarOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: CalendarOverrideKind;

  /** `YYYY-MM-DD`: TypeORM hands `date` columns over as strings, with no time-zone shift. */
  @Column('date', { name: 'date_from' })
  dateFrom: string;

  /** Inclusive; equal to dateFrom for a single day. */
  @Column('date', { name: 'date_to' })
  dateTo: string;

  @Column('text', { name: 'name_zh' })
  nameZh: string;

  @Column('text', { nullable: true })
  reason: string | null;

  /** User id of the admin who entered it. */
  @Column('text', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
