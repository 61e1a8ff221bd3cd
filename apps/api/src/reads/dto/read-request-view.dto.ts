import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';
import { PageInfo } from '../../common/query.js';
import {
  READ_DAYS_MAX,
  READ_DAYS_MIN,
  STATUS_ZH,
  type ApproverRole,
  type ReadDecision,
  type ReadRequestKind,
  type ReadRequestStatus,
} from '../../../../../workflows/read-request-rules.js';

const KINDS: readonly ReadRequestKind[] = ['internal', 'external'];
const STATUSES = Object.keys(STATUS_ZH) as ReadRequestStatus[];
const APPROVER_ROLES: readonly ApproverRole[] = ['dept_head', 'archivist', 'secretary_general'];
const DECISIONS: readonly ReadDecision[] = ['approve', 'reject'];

/** The requester or the reader: a user and their display name (null when the account is gone). */
export class ReadPartyView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ type: String, nullable: true, example: '培训部编制人' })
  displayName: string | null;
}

/** One approval step (workflows/read-request-rules.ts ApproverStep). */
export class ReadApproverStepView {
  @ApiProperty({ enum: APPROVER_ROLES })
  role: ApproverRole;

  @ApiProperty({ type: String, nullable: true, example: 'training', description: 'The requester’s department for a department head' })
  department: string | null;
}

/** Who decided a step, as the API authenticated them. */
export class ReadDeciderView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: String, nullable: true, example: 'training' })
  department: string | null;

  @ApiPropertyOptional({ example: '培训部负责人' })
  displayName?: string;
}

export class ReadDecisionView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Index into `steps`' })
  step: number;

  @ApiProperty({ enum: DECISIONS })
  decision: ReadDecision;

  @ApiProperty({ description: 'Empty when none was given' })
  comment: string;

  @ApiProperty({ type: ReadDeciderView })
  decidedBy: ReadDeciderView;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;
}

export class ReadReminderView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The step whose approver was reminded' })
  step: number;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** Who must decide now. */
export class ReadWaitingForView {
  @ApiProperty({ enum: APPROVER_ROLES })
  role: ApproverRole;

  @ApiProperty({ type: String, nullable: true, example: 'training' })
  department: string | null;

  @ApiProperty({ type: String, nullable: true, example: '培训部', description: 'The department’s Chinese name; null without a department' })
  departmentName: string | null;

  @ApiProperty({ example: 'the head of training' })
  description: string;

  @ApiProperty({ example: '培训部负责人' })
  descriptionZh: string;
}

export class ReadGrantView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  grantedAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ description: 'External grants: the HTML reader only, no download' })
  viewOnly: boolean;

  @ApiProperty({ description: 'Granted and not yet expired: the reader may read now' })
  live: boolean;
}

/** The official letter (公函) of an external request; its bytes: GET /api/read-requests/:id/letter. */
export class ReadLetterView {
  @ApiProperty({ example: 'application/pdf' })
  contentType: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  size: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256: string;

  @ApiProperty({ example: '公函.pdf' })
  originalName: string;
}

/** A read request as ReadRequestsService answers it: the form, its approval steps and decisions, the grant. */
export class ReadRequestView {
  @ApiProperty({ format: 'uuid', description: 'Also names the workflow `read-request-<id>`' })
  id: string;

  @ApiProperty({ enum: KINDS, description: 'internal (R-13.2.1, a member of staff) or external (R-13.2.2, an outside body)' })
  kind: ReadRequestKind;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ type: String, nullable: true, example: '2026青年导演论坛' })
  activityName: string | null;

  @ApiProperty({ type: ReadPartyView, description: 'Who filed it (for an external request: the admin who registered it)' })
  requester: ReadPartyView;

  @ApiProperty({ type: ReadPartyView, description: 'Who will read: the requester, or the outside body’s account' })
  reader: ReadPartyView;

  @ApiProperty({ type: String, nullable: true, example: '某市电影局', description: 'The outside body; null for internal requests' })
  organisation: string | null;

  @ApiProperty({ description: '查阅目的' })
  purpose: string;

  @ApiProperty({ description: '查阅内容' })
  content: string;

  @ApiProperty({ type: 'integer', minimum: READ_DAYS_MIN, maximum: READ_DAYS_MAX, description: 'Calendar days the grant lasts' })
  days: number;

  @ApiProperty({ enum: STATUSES })
  status: ReadRequestStatus;

  @ApiProperty({ example: '待审批', description: 'The status in Chinese' })
  statusZh: string;

  @ApiProperty({ type: [ReadApproverStepView] })
  steps: ReadApproverStepView[];

  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, description: 'Index into `steps` while pending, else null' })
  currentStep: number | null;

  @ApiProperty({ type: ReadWaitingForView, nullable: true, description: 'Who must decide now; null once closed' })
  waitingFor: ReadWaitingForView | null;

  @ApiProperty({ type: [ReadDecisionView] })
  decisions: ReadDecisionView[];

  @ApiProperty({ type: [ReadReminderView], description: 'Reminders sent to an approver who waited too long, one at most per step' })
  reminders: ReadReminderView[];

  @ApiProperty({ type: ReadGrantView, nullable: true, description: 'Once the last step approved (kept after it expires)' })
  grant: ReadGrantView | null;

  @ApiProperty({ type: ReadLetterView, nullable: true, description: 'External requests only' })
  letter: ReadLetterView | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  closedAt: string | null;
}

export class ReadRequestPage extends PageInfo {
  @ApiProperty({ type: [ReadRequestView] })
  items: ReadRequestView[];
}
