import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '../../../../libs/domain/activity.js';
import { DEADLINE_KEYS, type DeadlineKey } from '../../../../libs/domain/lifecycle.js';

/** Query strings are text: only `true`/`false` become booleans (anything else fails IsBoolean). */
const toBoolean = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class PageQuery {
  @ApiPropertyOptional({ example: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ example: 20, default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread (true) or only read (false) messages' })
  @IsOptional()
  @toBoolean
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Only messages about this activity' })
  @IsOptional()
  @IsUUID()
  activityId?: string;
}

export class EscalationsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  activityId?: string;

  @ApiPropertyOptional({ example: 'publicity', description: "Lead department; a department head always gets their own" })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  department?: string;

  @ApiPropertyOptional({ enum: DEADLINE_KEYS })
  @IsOptional()
  @IsIn(DEADLINE_KEYS)
  deadlineKey?: DeadlineKey;

  @ApiPropertyOptional({ enum: ['overdue', 'reminder'] })
  @IsOptional()
  @IsIn(['overdue', 'reminder'])
  kind?: 'overdue' | 'reminder';

  @ApiPropertyOptional({ description: 'Not yet resolved (true) or resolved (false): resolved when the late step is done' })
  @IsOptional()
  @toBoolean
  @IsBoolean()
  open?: boolean;
}

/** PUT replaces: an omitted e-mail clears it, an omitted choice means "yes". */
export class PreferencesDto {
  @ApiPropertyOptional({ example: 'zhang.san@example.org', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ default: true, description: 'E-mail as well as the in-app inbox' })
  @IsOptional()
  @IsBoolean()
  wantsEmail?: boolean;
}
