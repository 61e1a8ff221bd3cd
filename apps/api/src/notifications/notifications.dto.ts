import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '../../../../libs/domain/activity.js';
import { PageQuery, toBoolean } from '../common/query.js';
import { DEADLINE_KEYS, type DeadlineKey } from '../../../../libs/domain/lifecycle.js';

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

  @ApiPropertyOptional({ maxLength: 100, example: '论坛', description: "Part of the activity's name (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'publicity', description: 'Lead department; a department head always gets their own' })
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
