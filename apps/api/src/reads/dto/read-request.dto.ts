import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQuery, toInteger } from '../../common/query.js';
import { READ_DAYS_DEFAULT, READ_DAYS_MAX, READ_DAYS_MIN } from '../../../../../workflows/read-request-rules.js';

/** 档案查阅申请表: what is read, why, and for how many calendar days. */
export class CreateReadRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The activity whose summary is to be read' })
  @IsUUID()
  activityId: string;

  @ApiProperty({ example: '编写本部门年度培训方案,参考同类活动的组织经验', maxLength: 500, description: '查阅目的' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  purpose: string;

  @ApiProperty({ example: '活动总结全文及附件清单', maxLength: 1000, description: '查阅内容' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  content: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: READ_DAYS_MIN,
    maximum: READ_DAYS_MAX,
    default: READ_DAYS_DEFAULT,
    example: 7,
    description: 'Calendar days the grant lasts from the moment it is given',
  })
  @IsOptional()
  @IsInt()
  @Min(READ_DAYS_MIN)
  @Max(READ_DAYS_MAX)
  days?: number;
}

/** The text fields of the multipart external request; the official letter (公函) is the `letter` part. */
export class CreateExternalReadRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  activityId: string;

  @ApiProperty({ format: 'uuid', description: 'The outside body’s account (role external) that will read' })
  @IsUUID()
  readerUserId: string;

  @ApiProperty({ example: '某市电影局', maxLength: 200, description: 'The outside body' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation: string;

  @ApiProperty({ example: '行业活动成效调研', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  purpose: string;

  @ApiProperty({ example: '活动总结全文', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  content: string;

  @ApiPropertyOptional({ type: 'integer', minimum: READ_DAYS_MIN, maximum: READ_DAYS_MAX, default: READ_DAYS_DEFAULT })
  @IsOptional()
  @toInteger
  @IsInt()
  @Min(READ_DAYS_MIN)
  @Max(READ_DAYS_MAX)
  days?: number;
}

export class ReadDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'], example: 'approve' })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ example: '同意查阅', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class ReadRequestsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['mine', 'waiting'],
    description: 'Only my own requests (mine) or only those waiting for me (waiting); default both',
  })
  @IsOptional()
  @IsIn(['mine', 'waiting'])
  scope?: 'mine' | 'waiting';

  @ApiPropertyOptional({ enum: ['pending', 'granted', 'rejected', 'expired'] })
  @IsOptional()
  @IsIn(['pending', 'granted', 'rejected', 'expired'])
  status?: 'pending' | 'granted' | 'rejected' | 'expired';
}
