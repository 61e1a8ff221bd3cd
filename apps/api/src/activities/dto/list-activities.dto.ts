import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, toBoolean, toInteger } from '../../common/query.js';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ACTIVITY_TYPES, DEPARTMENT_CODE_PATTERN, type ActivityType } from '../../../../../libs/domain/activity.js';
import { STAGES, type Stage } from '../../../../../libs/domain/lifecycle.js';

/** Filters of the activity list; everything is read from the PostgreSQL projection. */
export class ListActivitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ example: 'publicity' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  department?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_TYPES })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  type?: ActivityType;

  @ApiPropertyOptional({ description: 'Only activities with an overdue deadline (true) or none (false)' })
  @IsOptional()
  @toBoolean
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    example: 2026,
    minimum: 2000,
    maximum: 2100,
    description: 'Year the activity ended (Asia/Shanghai)',
  })
  @IsOptional()
  @toInteger
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
