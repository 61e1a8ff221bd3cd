/**
 * Answers the OpenAPI document does not describe yet (their operations have no response schema),
 * mirrored from the API's view types (apps/api/src/**). The lifecycle state and the summary
 * document come from the shared pure modules the API itself uses. Replace an entry with
 * `Schemas['…']` once the API documents it.
 */
import type { LifecycleState } from '../../../../libs/domain/lifecycle';
import type { MessageName } from '../../../../libs/domain/lifecycle-machine';
import type { Role } from '../../../../libs/domain/roles';
import type { AttachmentKind, SummaryDocument } from '../../../../libs/summary/document';
import type { Finding } from '../../../../libs/summary/findings';
import type { Schemas } from './client';
import type { SessionUser } from './session';

export type { LifecycleState, MessageName, Finding, SummaryDocument, AttachmentKind };

/** POST /api/auth/login (auth.service.ts LoginResult). */
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: SessionUser;
}

/** GET /api/activities/:id, with the lifecycle typed (the document describes it as an object). */
export type ActivityDetail = Omit<Schemas['ActivityDetailResponse'], 'lifecycle' | 'allowedActions'> & {
  lifecycle: LifecycleState | null;
  allowedActions: MessageName[];
};

/** One row of GET /api/activities (activities.service.ts ActivityView). */
export type ActivityListItem = Omit<ActivityDetail, 'allowedActions'>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/activities/:id/summaries (summaries.service.ts VersionView). */
export interface SummaryVersion {
  id: string;
  activityId: string;
  versionNo: number;
  contentHash: string;
  submitted: boolean;
  findings: Finding[];
  metrics: Record<string, unknown> | null;
  createdBy: string;
  createdAt: string;
  document?: SummaryDocument;
}

/** signatures.service.ts SignatureView + verification. */
export interface Signature {
  id: string;
  versionId: string;
  versionNo: number;
  reviewId: string | null;
  purpose: string;
  signer: { userId: string; name: string; role: Role };
  signedAt: string;
  contentHash: string;
  algorithm: string;
  keyId: string;
  value: string;
  valid?: boolean;
  problems?: string[];
}

/** GET /api/activities/:id/reviews (reviews.service.ts ReviewView). */
export interface Review {
  id: string;
  activityId: string;
  versionId: string;
  versionNo: number;
  level: 1 | 2 | 3;
  decision: 'approve' | 'return';
  reviewer: { userId: string; role: Role };
  comments: Array<{ module: string | null; findingRule: string | null; findingPath: string | null; text: string }>;
  signature: Signature | null;
  createdAt: string;
}

/** attachments.service.ts AttachmentView. */
export interface Attachment {
  id: string;
  kind: AttachmentKind;
  contentType: string;
  size: number;
  sha256: string;
  originalName: string;
}

/** notifications.service.ts InboxItem. */
export interface InboxItem {
  id: string;
  activityId: string;
  escalationId: string;
  deadlineKey: string;
  kind: 'overdue' | 'reminder';
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** escalations.service.ts list items. */
export interface Escalation {
  id: string;
  activityId: string;
  activityName: string | null;
  leadDepartment: string;
  deadlineKey: string;
  occurrence: number;
  kind: 'overdue' | 'reminder';
  recipientRoles: string[];
  recipients: Array<{
    recipient: string;
    userId: string | null;
    displayName: string | null;
    channels: Array<{ channel: string; status: string }>;
  }>;
  dueAt: string | null;
  firedAt: string | null;
  resolvedAt: string | null;
  open: boolean;
}

/** users.service.ts UserAdminView. */
export interface UserAdmin {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  active: boolean;
  isHead: boolean;
  createdAt: string;
}

export interface Department {
  code: string;
  nameZh: string;
  nameEn: string | null;
}

/** libs/calendar DayInfo, as GET /api/calendar?year= lists them. */
export interface CalendarDay {
  date: string;
  weekday: number;
  working: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'closure' | 'extra_workday';
  name?: string;
  nameZh?: string;
  source: 'official' | 'provisional' | 'association';
  provisional: boolean;
}

export interface CalendarYear {
  year: number;
  official: boolean;
  source: string;
  days: CalendarDay[];
}

export interface CalendarOverride {
  id: string;
  kind: 'closure' | 'extra_workday';
  dateFrom: string;
  dateTo: string;
  nameZh: string;
  reason: string | null;
}

/** GET /api/calendar/deadline. */
export interface DueDate {
  dueAt: string;
  dueDate: string;
  provisional: boolean;
}

/** GET /api/read-requests/:id, POST /api/read-requests, …/external and …/decisions; the items of GET /api/read-requests. */
export type ReadRequest = Schemas['ReadRequestView'];
