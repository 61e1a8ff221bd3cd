import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '../../../../../libs/domain/activity.js';
import { SUGGESTION_STATUSES, type SuggestionStatus } from '../../../../../libs/suggestions/status.js';
import { PageQuery } from '../../common/query.js';

/** A quarter the API takes: years 2000–2999 (PostgreSQL and the reports need no others). */
export const QUARTER_QUERY_PATTERN = /^2\d{3}-Q[1-4]$/;

/** Filters of the suggestion list. */
export class ListSuggestionsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'publicity', description: 'Responsible department (code)' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  department?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES })
  @IsOptional()
  @IsIn(SUGGESTION_STATUSES)
  status?: SuggestionStatus;

  @ApiPropertyOptional({
    example: '2026-Q4',
    description: 'The quarter (Asia/Shanghai) in which the final version was formed, e.g. 2026-Q4',
  })
  @IsOptional()
  @Matches(QUARTER_QUERY_PATTERN)
  quarter?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the suggestions of this activity’s final summary' })
  @IsOptional()
  @IsUUID()
  activityId?: string;
}

/** A status change by the responsible department. */
export class UpdateSuggestionStatusDto {
  @ApiProperty({ enum: SUGGESTION_STATUSES, example: 'in_progress' })
  @IsIn(SUGGESTION_STATUSES)
  status: SuggestionStatus;

  @ApiPropertyOptional({
    example: '已与合作媒体签订投放协议',
    maxLength: 2000,
    description: 'What was done (落实情况); required to update a suggestion that stays in progress',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    example: '经费预算不足,本年度不予安排',
    maxLength: 1000,
    description: 'Why it is not adopted (不采纳理由): required with status rejected, refused with any other status',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
