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
} from 'class-validator';
import { RETENTION_REASON_MAX } from '../../../../../libs/domain/lifecycle-machine.js';
import { IsCalendarDate } from '../../common/calendar-validation.js';
import { ParticipantsDto } from './register-activity.dto.js';

/** Bodies of the lifecycle messages (SPEC §3); the actor comes from the token, never the body. */

export class SubmitBaseDataDto {
  @ApiProperty({ type: ParticipantsDto, description: 'Actual participants, online and offline (R-7.1)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ParticipantsDto)
  participants: ParticipantsDto;

  @ApiProperty({ example: true, description: 'Expense settlement done (费用结算单)' })
  @IsBoolean()
  expenseSettled: boolean;

  @ApiPropertyOptional({ example: '线上直播观看人数以平台后台统计为准' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class RecordSpecialMeetingDto {
  @ApiProperty({ enum: ['revise', 'finalize'], example: 'revise' })
  @IsIn(['revise', 'finalize'])
  decision: 'revise' | 'finalize';

  @ApiProperty({
    example: '2026-11-27',
    format: 'date',
    description: "Meeting day (Asia/Shanghai), a real date YYYY-MM-DD from the activity's end to today (else 400)",
  })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ type: [String], example: ['分管副会长', '行政部', '宣传部'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  attendees: string[];

  @ApiProperty({ example: '会议认为需补充媒体曝光数据后再提交终审' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  minutes: string;
}

export class SubmitFeedbackDto {
  @ApiProperty({ example: '协办部门反馈:参与人数统计无误;建议补充线上互动数据' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  summary: string;

  @ApiPropertyOptional({ example: 'FK-2026-031' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  recordId?: string;
}

export class DecideDisposalDto {
  @ApiProperty({ enum: ['destroy', 'extend'], example: 'extend' })
  @IsIn(['destroy', 'extend'])
  decision: 'destroy' | 'extend';

  @ApiPropertyOptional({ example: 2, minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  extendYears?: number;

  @ApiPropertyOptional({ example: '该活动总结仍作为培训案例使用' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** admin marks the activity permanent or undoes that; the reason is kept in the lifecycle and the audit log. */
export class SetPermanentDto {
  @ApiProperty({ example: true, description: 'true: keep the summary for ever; false: undo, the 3-year retention runs again' })
  @IsBoolean()
  permanent: boolean;

  @ApiProperty({ example: '协会成立二十周年庆典,具有长期史料价值', maxLength: RETENTION_REASON_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(RETENTION_REASON_MAX)
  reason: string;
}
