import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { parseInstant } from '../../../../../libs/calendar/index.js';
import { ACTIVITY_TYPES, type ActivityType } from '../../../../../libs/domain/activity.js';
import { IsCalendarInstant } from '../../common/calendar-validation.js';
import { IsDepartmentCode } from '../../common/validation.js';

/** Refuses an end before the start (once both are instants); named so the Chinese message can be looked up. */
function EndNotBeforeStart(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'endNotBeforeStart',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must not be earlier than startAt' },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const start = instantMs((args.object as { startAt?: unknown }).startAt);
          const end = instantMs(value);
          return start === null || end === null || end >= start;
        },
      },
    });
}

/** Epoch ms of a valid instant (as IsCalendarInstant reads it), else null: `Date.parse` takes 2026-02-30 for March 2. */
function instantMs(value: unknown): number | null {
  try {
    return parseInstant(value).getTime();
  } catch {
    return null;
  }
}

export class ParticipantsDto {
  @ApiProperty({ example: 120, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  online: number;

  @ApiProperty({ example: 300, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offline: number;
}

export class RegisterActivityDto {
  @ApiProperty({ example: '2026青年导演论坛', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ACTIVITY_TYPES, example: 'seminar' })
  @IsIn(ACTIVITY_TYPES)
  type: ActivityType;

  @ApiProperty({ example: 'publicity', description: 'Lead (organizing) department code, e.g. publicity 宣传部' })
  @IsString()
  @IsDepartmentCode()
  leadDepartment: string;

  @ApiPropertyOptional({ type: [String], example: ['training'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsDepartmentCode({ each: true })
  coOrganizers?: string[];

  @ApiPropertyOptional({ type: [String], example: ['某某影视集团'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  partners?: string[];

  @ApiProperty({
    example: '2026-11-20T09:00:00+08:00',
    description: 'ISO 8601 instant with an offset, in a year the working-day calendar covers',
  })
  @IsCalendarInstant()
  startAt: string;

  @ApiProperty({
    example: '2026-11-20T17:30:00+08:00',
    description:
      'ISO 8601 instant with an offset, not before startAt, before the last year the working-day calendar covers (its deadlines must fit)',
  })
  @IsCalendarInstant({ roomAfter: true })
  @EndNotBeforeStart()
  endAt: string;

  @ApiProperty({ example: '协会多功能厅' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location: string;

  @ApiProperty({ type: ParticipantsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ParticipantsDto)
  plannedParticipants: ParticipantsDto;

  @ApiProperty({ example: false, description: 'Releases an industry policy (makes the activity major, R-10.2)' })
  @IsBoolean()
  releasesPolicy: boolean;

  @ApiPropertyOptional({ example: false, description: 'Anniversary celebration (permanent retention, R-13.1)' })
  @IsOptional()
  @IsBoolean()
  anniversary?: boolean;

  @ApiPropertyOptional({ example: false, description: 'National-level competition hosted (permanent retention, R-13.1)' })
  @IsOptional()
  @IsBoolean()
  nationalLevel?: boolean;
}
