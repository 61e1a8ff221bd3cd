import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OVERRIDE_KINDS, type CalendarOverrideKind } from '../../../../libs/calendar-store/overrides.js';
import { calendarYears, InCalendarYears, IsCalendarDate } from '../common/calendar-validation.js';

/** Query strings are text: only a plain integer becomes a number (`Number('')` would be 0). */
const toInteger = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value,
);
const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** The years the calendar covers (the service refuses others with 400). */
const { from: FIRST_YEAR, to: LAST_YEAR } = calendarYears();

export class CalendarYearQuery {
  @ApiProperty({
    type: 'integer',
    example: 2026,
    minimum: FIRST_YEAR,
    maximum: LAST_YEAR,
    description: `Gregorian year within the supported range (${FIRST_YEAR}–${LAST_YEAR})`,
  })
  @toInteger
  @IsInt()
  year: number;
}

export class DeadlineQuery {
  @ApiProperty({
    example: '2026-09-30T17:00:00+08:00',
    description:
      'ISO 8601 instant with an offset, in a year the working-day calendar covers; the count starts the day after its Asia/Shanghai date',
  })
  @IsString()
  @InCalendarYears()
  after: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 0, maximum: 1000 })
  @toInteger
  @IsInt()
  @Min(0)
  @Max(1000)
  workingDays: number;
}

export class CreateCalendarOverrideDto {
  @ApiProperty({ enum: OVERRIDE_KINDS, description: 'closure: the association is closed; extra_workday: it works although officially off' })
  @IsIn(OVERRIDE_KINDS)
  kind: CalendarOverrideKind;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  dateFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Inclusive; defaults to dateFrom' })
  @IsOptional()
  @IsCalendarDate()
  dateTo?: string;

  @ApiProperty({ example: '年终盘点闭馆', maxLength: 100 })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameZh: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class OfficialYearParams {
  @ApiProperty({ type: 'integer', example: 2027, minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'The year the notice schedules' })
  @toInteger
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year: number;
}

export class OfficialDayDto {
  @ApiProperty({ example: '2027-02-06', description: 'A day of the year in the path' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '春节', maxLength: 20 })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  nameZh: string;

  @ApiPropertyOptional({ example: 'Spring Festival', maxLength: 40, description: 'Defaults to nameZh' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  name?: string;
}

/** `PUT /api/calendar/official-years/:year`: the State Council notice's days, as published. */
export class ImportOfficialYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知', maxLength: 200 })
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  source: string;

  @ApiProperty({ type: [OfficialDayDto], minItems: 1, maxItems: 60, description: 'Every day off, 春节 and 国庆节 included' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => OfficialDayDto)
  holidays: OfficialDayDto[];

  @ApiProperty({ type: [OfficialDayDto], maxItems: 30, description: 'Make-up working days (调休上班) on a weekend' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => OfficialDayDto)
  workdays: OfficialDayDto[];
}
