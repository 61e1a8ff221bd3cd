import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OVERRIDE_KINDS, type CalendarOverrideKind } from '../../../../libs/calendar-store/overrides.js';
import { DAY_KINDS, DAY_SOURCES, type DayKind, type DaySource } from '../../../../libs/calendar/index.js';

/** One day of the working-day calendar (libs/calendar DayInfo). */
export class CalendarDayView {
  @ApiProperty({ format: 'date', example: '2026-10-01' })
  date: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday … 7 = Sunday' })
  weekday: number;

  @ApiProperty()
  working: boolean;

  @ApiProperty({ enum: DAY_KINDS })
  kind: DayKind;

  @ApiPropertyOptional({ example: 'National Day', description: 'Holiday, make-up day or closure name (English for official data)' })
  name?: string;

  @ApiPropertyOptional({ example: '国庆节' })
  nameZh?: string;

  @ApiProperty({
    enum: DAY_SOURCES,
    description: 'Who decided this day: the State Council notice, the provisional rule, or the association',
  })
  source: DaySource;

  @ApiProperty({ description: 'True for every day of a year without a published official schedule' })
  provisional: boolean;
}

/** `GET /api/calendar?year=`. */
export class CalendarYearView {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ description: 'The State Council’s schedule for the year is known' })
  official: boolean;

  @ApiProperty({ example: 'provisional', description: 'The official data’s source for an official year, `provisional` otherwise' })
  source: string;

  @ApiProperty({ type: [CalendarDayView] })
  days: CalendarDayView[];
}

/** `GET /api/calendar/deadline`. */
export class DeadlineView {
  @ApiProperty({ format: 'date-time', example: '2026-10-12T15:59:59.000Z', description: '23:59:59 Asia/Shanghai of the due day' })
  dueAt: string;

  @ApiProperty({ format: 'date', example: '2026-10-12' })
  dueDate: string;

  @ApiProperty({ description: 'Counted over a day without a published official schedule' })
  provisional: boolean;
}

/** A closure or extra working day of the association (libs/calendar-store CalendarOverrideRecord). */
export class CalendarOverrideView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: OVERRIDE_KINDS })
  kind: CalendarOverrideKind;

  @ApiProperty({ format: 'date', example: '2026-12-31' })
  dateFrom: string;

  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'Inclusive' })
  dateTo: string;

  @ApiProperty({ example: '年终盘点闭馆' })
  nameZh: string;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ description: 'The admin’s user id' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CalendarOverrideList {
  @ApiProperty({ type: [CalendarOverrideView] })
  items: CalendarOverrideView[];
}

const SIGNALLED = {
  type: 'integer',
  nullable: true,
  minimum: 0,
  description: 'How many running lifecycles were told to recompute their deadlines; null when Temporal could not be reached',
} as const;

/** `POST /api/calendar/overrides`: the entry, and whom it was announced to. */
export class CalendarOverrideCreated extends CalendarOverrideView {
  @ApiProperty(SIGNALLED)
  workflowsSignalled: number | null;
}

/** `DELETE /api/calendar/overrides/:id`. */
export class CalendarOverrideDeleted {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: CalendarOverrideView })
  deleted: CalendarOverrideView;

  @ApiProperty(SIGNALLED)
  workflowsSignalled: number | null;
}

/** `PUT /api/calendar/official-years/:year`: the year as the calendar now has it, and whom it was announced to. */
export class OfficialYearImported extends CalendarYearView {
  @ApiProperty(SIGNALLED)
  workflowsSignalled: number | null;
}
