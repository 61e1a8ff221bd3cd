/**
 * The API's answers as the pages use them: each one is its schema in the API's OpenAPI document
 * (schema.d.ts, generated). Refined here only where the document says no more than `object`: the
 * lifecycle state and the summary document, typed by the shared pure modules the API itself uses
 * (libs/domain, libs/summary) — the OpenAPI document describes neither field by field. Those
 * answers are read with `callAs`, every other one with `call`.
 */
import type { LifecycleState } from '../../../../libs/domain/lifecycle';
import type { MessageName } from '../../../../libs/domain/lifecycle-machine';
import type { AttachmentKind, SummaryDocument } from '../../../../libs/summary/document';
import type { Finding } from '../../../../libs/summary/findings';
import type { Schemas } from './client';

export type { LifecycleState, MessageName, Finding, SummaryDocument, AttachmentKind };

/** POST /api/auth/login. */
export type LoginResult = Schemas['LoginResult'];

/** GET /api/activities/:id, with the lifecycle typed (the document describes it as an object). */
export type ActivityDetail = Omit<Schemas['ActivityDetailResponse'], 'lifecycle'> & { lifecycle: LifecycleState | null };

/** One row of GET /api/activities, with the lifecycle typed. */
export type ActivityListItem = Omit<Schemas['ActivityView'], 'lifecycle'> & { lifecycle: LifecycleState | null };

/** GET /api/activities. */
export type ActivityPage = Omit<Schemas['ActivityPage'], 'items'> & { items: ActivityListItem[] };

/** GET /api/activities/:id/summaries[/:versionId], with the document typed (the OpenAPI document describes it as an object). */
export type SummaryVersion = Omit<Schemas['SummaryVersionView'], 'document'> & { document?: SummaryDocument };
export type SummaryVersionList = Omit<Schemas['SummaryVersionList'], 'items'> & { items: SummaryVersion[] };

/** A review's signature; those of GET …/summaries/:versionId/signatures are VerifiedSignature. */
export type Signature = Schemas['SignatureView'];
export type VerifiedSignature = Schemas['VerifiedSignatureView'];

/** GET /api/activities/:id/reviews. */
export type Review = Schemas['ReviewView'];

/** POST /api/activities/:id/attachments; the rows of GET …/attachments add who uploaded them and when. */
export type Attachment = Schemas['AttachmentView'];

/** GET /api/notifications. */
export type InboxItem = Schemas['InboxItem'];

/** GET /api/escalations. */
export type Escalation = Schemas['EscalationView'];

/** GET /api/users. */
export type UserAdmin = Schemas['UserAdminView'];

/** GET /api/departments. */
export type Department = Schemas['DepartmentView'];

/** GET /api/calendar?year=. */
export type CalendarYear = Schemas['CalendarYearView'];
export type CalendarDay = Schemas['CalendarDayView'];

/** GET /api/calendar/overrides. */
export type CalendarOverride = Schemas['CalendarOverrideView'];

/** GET /api/calendar/deadline. */
export type DueDate = Schemas['DeadlineView'];

/** GET /api/read-requests/:id, POST /api/read-requests, …/external and …/decisions; the items of GET /api/read-requests. */
export type ReadRequest = Schemas['ReadRequestView'];

/** The items of GET /api/suggestions (R-5.5 tracked improvement suggestions). */
export type Suggestion = Schemas['SuggestionView'];
/** GET /api/suggestions/:id and POST …/status: the suggestion with its status changes, oldest first. */
export type SuggestionDetail = Schemas['SuggestionDetailView'];
export type SuggestionUpdate = Schemas['SuggestionUpdateView'];
