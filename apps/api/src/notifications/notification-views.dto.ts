import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_KEYS, type DeadlineKey } from '../../../../libs/domain/lifecycle.js';
import { ROLES, type Role } from '../../../../libs/domain/roles.js';
import { REPORT_KINDS, type ReportKind } from '../../../../libs/domain/report-period.js';
import { CappedPageInfo, PageInfo } from '../common/query.js';

const KINDS = ['overdue', 'reminder', 'report'] as const;
const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;

/** One message of the signed-in user's inbox (an escalation or reminder addressed to them). */
export class InboxItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for a report announcement (kind `report`)' })
  activityId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for a report announcement (kind `report`)' })
  escalationId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The announced report (kind `report`), else null' })
  reportId: string | null;

  @ApiProperty({ enum: [...DEADLINE_KEYS, ...REPORT_KINDS], description: 'The late step, or the report kind of a report announcement' })
  deadlineKey: DeadlineKey | ReportKind;

  @ApiProperty({ enum: KINDS })
  kind: (typeof KINDS)[number];

  @ApiProperty({ example: '【逾期】2026青年导演论坛:基础数据未在期限内提交' })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ example: '/activities/…', description: 'Where the web app shows the activity' })
  link: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while unread' })
  readAt: string | null;
}

/** `GET /api/notifications`: one page of the own inbox and the unread count of all of it. */
export class InboxPage extends PageInfo {
  @ApiProperty({ type: [InboxItem] })
  items: InboxItem[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Unread messages in the whole inbox, whatever the filters' })
  unread: number;
}

export class UnreadCount {
  @ApiProperty({ type: 'integer', minimum: 0 })
  unread: number;
}

export class NotificationPreferences {
  @ApiProperty({ type: String, nullable: true, example: 'zhang.san@example.org' })
  email: string | null;

  @ApiProperty({ description: 'E-mail as well as the in-app inbox' })
  wantsEmail: boolean;
}

/** One channel's delivery to one recipient, from the delivery ledger. */
export class ChannelResult {
  @ApiProperty({ example: 'email', description: 'inbox, email, or a group robot channel' })
  channel: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: (typeof DELIVERY_STATUSES)[number];

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
}

export class EscalationRecipient {
  @ApiProperty({ example: 'li.si', description: 'A username, or `group` for a group robot' })
  recipient: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Only for the admin, who manages users (absent for everyone else); null for a group robot',
  })
  userId?: string | null;

  @ApiProperty({ type: String, nullable: true, example: '李四' })
  displayName: string | null;

  @ApiProperty({ enum: ROLES, nullable: true, description: 'null for a group robot' })
  role: Role | null;

  @ApiProperty({ type: [ChannelResult] })
  channels: ChannelResult[];
}

/** An escalation or reminder with each recipient's per-channel results. */
export class EscalationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ type: String, nullable: true, example: '2026青年导演论坛', description: 'null only for an orphaned ledger row' })
  activityName: string | null;

  @ApiProperty({ example: 'publicity' })
  leadDepartment: string;

  @ApiProperty({ example: 'draft', description: 'The deadline it is about (DEADLINE_KEYS)' })
  deadlineKey: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Which repetition for the same deadline' })
  occurrence: number;

  @ApiProperty({ enum: KINDS })
  kind: (typeof KINDS)[number];

  @ApiProperty({ type: [String], example: ['dept_head', 'admin'], description: 'The roles it was addressed to' })
  recipientRoles: string[];

  @ApiProperty({ type: [EscalationRecipient] })
  recipients: EscalationRecipient[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the late step was done' })
  resolvedAt: string | null;

  @ApiProperty({ description: 'Not yet resolved' })
  open: boolean;
}

export class EscalationPage extends CappedPageInfo {
  @ApiProperty({ type: [EscalationView] })
  items: EscalationView[];
}

/** A channel with deliveries still unsent after an error. */
export class ChannelHealth {
  @ApiProperty({ example: 'email' })
  channel: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Deliveries that will be tried again' })
  retrying: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Deliveries given up (permanent error or too many attempts)' })
  failed: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastFailureAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failingSince: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Whether the channel has worked since' })
  lastSentAt: string | null;
}

export class ChannelHealthList {
  @ApiProperty({ type: [ChannelHealth] })
  items: ChannelHealth[];
}
