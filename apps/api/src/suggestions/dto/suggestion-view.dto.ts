import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';
import { SUGGESTION_STATUSES, type SuggestionStatus } from '../../../../../libs/suggestions/status.js';
import { PageInfo } from '../../common/query.js';

/** One improvement suggestion of a final summary, tracked. */
export class SuggestionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  activityName: string;

  @ApiProperty({ example: 'seminar' })
  activityType: string;

  @ApiProperty({ example: 'publicity', description: 'The activity’s lead department (code)' })
  leadDepartment: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Index in the final version’s improvements.suggestions' })
  position: number;

  @ApiProperty({ example: '下届论坛提前30天启动短视频预热', description: '具体措施' })
  measure: string;

  @ApiProperty({ example: 'publicity', description: '责任部门 (code)' })
  responsibleDepartment: string;

  @ApiProperty({ example: '宣传部', description: 'The responsible department’s Chinese name (its code when unknown)' })
  responsibleDepartmentZh: string;

  @ApiProperty({ type: [String], example: ['member_services'], description: '协同部门 (codes)' })
  cooperatingDepartments: string[];

  @ApiProperty({ type: [String], example: ['会员服务部'], description: 'Their Chinese names, in the same order' })
  cooperatingDepartmentsZh: string[];

  @ApiProperty({ format: 'date', example: '2027-03-31', description: '完成时限' })
  dueDate: string;

  @ApiProperty({ example: '短视频投放专项经费2万元', description: '资源需求' })
  resourceNeeds: string;

  @ApiProperty({ enum: SUGGESTION_STATUSES })
  status: SuggestionStatus;

  @ApiProperty({ example: '待落实', description: '待落实 / 落实中 / 已落实 / 不采纳' })
  statusZh: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why it is not adopted (不采纳理由); null in any other status' })
  statusReason: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the final version was formed (the lifecycle entered ARCHIVING)' })
  finalizedAt: string;

  @ApiProperty({ example: '2026-Q4', description: 'The quarter of finalizedAt (Asia/Shanghai)' })
  quarter: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who changed the status last; null while untouched' })
  updatedBy: string | null;
}

export class SuggestionPage extends PageInfo {
  @ApiProperty({ type: [SuggestionView] })
  items: SuggestionView[];
}

/** One status change, as recorded (suggestion_updates). */
export class SuggestionUpdateView {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ format: 'uuid' })
  actorUserId: string;

  @ApiProperty({ type: String, nullable: true, example: '宣传部编制人', description: 'Null when the account is gone' })
  actorName: string | null;

  @ApiProperty({ enum: ROLES })
  actorRole: Role;

  @ApiProperty({ enum: SUGGESTION_STATUSES })
  fromStatus: SuggestionStatus;

  @ApiProperty({ example: '待落实' })
  fromStatusZh: string;

  @ApiProperty({ enum: SUGGESTION_STATUSES })
  toStatus: SuggestionStatus;

  @ApiProperty({ example: '落实中' })
  toStatusZh: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The rejection’s reason (with toStatus rejected)' })
  reason: string | null;
}

export class SuggestionDetailView extends SuggestionView {
  @ApiProperty({ type: [SuggestionUpdateView], description: 'Every status change, oldest first' })
  updates: SuggestionUpdateView[];
}
