import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ACTIVITY_TYPES, type ActivityType } from '../../../../../libs/domain/activity.js';
import { PageInfo, PageQuery, toInteger } from '../../common/query.js';
import { ArchiveCopyView } from './archive.dto.js';

/** 档案: the archive records by year (the activity's end, Asia/Shanghai) and type. */
export class ArchiveListQuery extends PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 2000,
    maximum: 2100,
    example: 2026,
    description: 'Year the activity ended (Asia/Shanghai)',
  })
  @IsOptional()
  @toInteger
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: ACTIVITY_TYPES })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  type?: ActivityType;
}

export class ArchiveListItem {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  name: string;

  @ApiProperty({ enum: ACTIVITY_TYPES })
  type: ActivityType;

  @ApiProperty({ example: 'publicity' })
  leadDepartment: string;

  @ApiProperty({ format: 'date-time' })
  endAt: string;

  @ApiProperty({ example: 'FEEDBACK' })
  stage: string;

  @ApiProperty({ example: '活动总结/2026/学术研讨/' })
  folder: string;

  @ApiProperty({ example: '2026青年导演论坛总结20261120' })
  electronicName: string;

  @ApiProperty({ example: '2026青年导演论坛活动总结档案' })
  paperLabel: string;

  @ApiProperty({ description: 'Whether the final DOCX is stored in the archive folder' })
  stored: boolean;

  @ApiProperty({ type: [ArchiveCopyView], description: 'The confirmed copies (paper, electronic), from the lifecycle' })
  copies: ArchiveCopyView[];
}

export class ArchiveListPage extends PageInfo {
  @ApiProperty({ type: [ArchiveListItem] })
  items: ArchiveListItem[];
}
