/**
 * The lifecycle's public vocabulary (SPEC §3): stage names, deadline keys, the state a workflow
 * reports and the messages it accepts. The API, the Temporal UI (search attribute `Stage`) and
 * reports all use exactly these strings. Pure types and data: workflow code imports this module.
 */
import type { DeadlineAnchor } from '../calendar/deadlines.js';
import type { Actor } from './roles.js';

export const STAGES = [
  'AWAITING_END',
  'DRAFTING',
  'IN_REVIEW_L1',
  'IN_REVIEW_L2',
  'IN_REVIEW_L3',
  'REVISING',
  'AWAITING_SPECIAL_MEETING',
  'ARCHIVING',
  'FEEDBACK',
  'RETAINED',
  'DISPOSED',
  'CLOSED',
] as const;
export type Stage = (typeof STAGES)[number];

export const DEADLINE_KEYS = ['baseData', 'draft', 'final', 'revision', 'specialMeeting', 'archive', 'feedback', 'retention'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export type DeadlineStatus = 'pending' | 'met' | 'overdue' | 'waived';

export interface DeadlineState {
  key: DeadlineKey;
  /** 1 for the first deadline of a key; revision deadlines count up with each return. */
  occurrence: number;
  /** ISO instant: end (23:59:59 Asia/Shanghai) of the due day. */
  dueAt: string;
  status: DeadlineStatus;
  metAt: string | null;
  /** Computed from a year whose official holiday schedule is not yet published. */
  provisional: boolean;
  /** Human-readable, e.g. "Draft due 2026-10-15 (7 working days)". */
  description: string;
  /** What the due time was computed from; recomputed against a changed calendar. */
  anchor: DeadlineAnchor;
  /** When the reminder to whoever must act goes out (1 working day before), or null. */
  remindAt: string | null;
  reminderSentAt: string | null;
  /** When the overdue escalation fired (exactly once), or null. */
  escalatedAt: string | null;
}

export interface EscalationRecord {
  deadlineKey: DeadlineKey;
  occurrence: number;
  kind: 'overdue' | 'reminder';
  /** Role-level recipients, e.g. `dept_head@publicity`, `admin`. */
  recipients: string[];
  firedAt: string;
}

export type ReviewLevel = 1 | 2 | 3;
export type ReviewDecision = 'approve' | 'return';

export interface ReviewComment {
  /** Summary module the comment is about (overview, execution, …), if any. */
  module?: string;
  /** Rule of the automatic-check finding the comment is about (R-9.2, …), if any. */
  findingRule?: string;
  /** Path of that finding in the document (`lessons.problems.1.description`), when the rule has several. */
  findingPath?: string;
  text: string;
}

export interface ReviewRecord {
  level: ReviewLevel;
  decision: ReviewDecision;
  comments: ReviewComment[];
  reviewer: Actor;
  /** The version reviewed: the one named, else the last submission; null only before any. */
  versionId: string | null;
  at: string;
  /** The review message's request id (absent in reviews recorded before it was kept). */
  requestId?: string;
}

export interface SubmissionRecord {
  versionId: string;
  kind: 'draft' | 'revision';
  /** Who submitted it. */
  by: Actor;
  /** Who compiled the version, when the API named them (user id). */
  compiledBy?: string;
  at: string;
  warningFindings: number;
}

export interface SpecialMeetingRecord {
  decision: 'revise' | 'finalize';
  /** Calendar date of the meeting, YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  attendees: string[];
  minutes: string;
  recordedBy: Actor;
  at: string;
}

export interface ArchiveRecord {
  medium: 'paper' | 'electronic';
  location: string;
  by: Actor;
  at: string;
}

export interface BaseDataRecord {
  participants: { online: number; offline: number };
  expenseSettled: boolean;
  notes: string | null;
  by: Actor;
  at: string;
}

export interface FeedbackRecord {
  summary: string;
  recordId: string | null;
  by: Actor;
  at: string;
}

export interface DisposalRecord {
  decision: 'destroy' | 'extend';
  extendYears: number | null;
  reason: string | null;
  by: Actor;
  at: string;
}

/** admin marked the activity permanent, or undid that, with a reason. */
export interface RetentionChange {
  permanent: boolean;
  reason: string;
  by: Actor;
  at: string;
}

export interface LifecycleState {
  activityId: string;
  stage: Stage;
  isMajor: boolean;
  permanent: boolean;
  endAt: string;
  /** How many times the summary was returned by a reviewer. */
  revisionCount: number;
  /** Level that returned the summary last; a resubmission re-enters there. */
  returnedAtLevel: ReviewLevel | null;
  deadlines: DeadlineState[];
  escalations: EscalationRecord[];
  /** The base data in force: the last entry. */
  baseData: BaseDataRecord | null;
  /** Earlier entries that a correction replaced, oldest first (absent before corrections existed). */
  baseDataHistory?: BaseDataRecord[];
  /** Every stage entered after registration, with when (absent in runs started before it was kept). */
  stageHistory?: Array<{ stage: Stage; at: string }>;
  submissions: SubmissionRecord[];
  reviews: ReviewRecord[];
  specialMeetings: SpecialMeetingRecord[];
  archive: ArchiveRecord[];
  feedback: FeedbackRecord | null;
  disposals: DisposalRecord[];
  /** Admin's permanent / not-permanent decisions, oldest first (absent before they existed). */
  retentionChanges?: RetentionChange[];
  /** Bumped at every change; the PostgreSQL projection only moves forward. */
  version: number;
}

/** Tunables fixed per workflow at registration (from configuration; recorded in history, so replays agree). */
export interface LifecycleSettings {
  /** Reminder to whoever must act, this many working days before each deadline (0 = none). */
  reminderWorkingDaysBefore: number;
  /** remind the VP and SG when no meeting record came after this many working days. */
  specialMeetingReminderWorkingDays: number;
  /** retention of a non-permanent summary, in years after archiving. */
  retentionYears: number;
  /** feedback collection, in calendar months after archiving. */
  feedbackMonths: number;
}

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  reminderWorkingDaysBefore: 1,
  specialMeetingReminderWorkingDays: 5,
  retentionYears: 3,
  feedbackMonths: 1,
};

/* ---- messages (updates for the API, the same payloads as signals for ops) ---- */

export interface MessageBase {
  /** Client-chosen id: the same id twice has no second effect. */
  requestId: string;
  actor: Actor;
}

export interface SubmitBaseData extends MessageBase {
  participants: { online: number; offline: number };
  expenseSettled: boolean;
  notes?: string;
}

export interface SubmitDraft extends MessageBase {
  versionId: string;
  /** User id of the version's compiler (four eyes, R-8), when it is not the submitter. */
  compiledBy?: string;
  /** Result of the automatic checks: blocking findings refuse the submission. */
  blockingFindings: number;
  warningFindings: number;
}

export interface SubmitReview extends MessageBase {
  level: ReviewLevel;
  decision: ReviewDecision;
  comments: ReviewComment[];
  versionId?: string;
}

export interface RecordSpecialMeeting extends MessageBase {
  decision: 'revise' | 'finalize';
  date: string;
  attendees: string[];
  minutes: string;
}

export interface ConfirmArchive extends MessageBase {
  medium: 'paper' | 'electronic';
  location: string;
}

export interface SubmitFeedback extends MessageBase {
  summary: string;
  recordId?: string;
}

export interface DecideDisposal extends MessageBase {
  decision: 'destroy' | 'extend';
  extendYears?: number;
  reason?: string;
}

/** admin marks the activity permanent (`true`) or undoes that (`false`); the reason is required. */
export interface SetPermanent extends MessageBase {
  permanent: boolean;
  reason: string;
}

/** Why a message was refused; the API maps `code` to 403 (role) or 409 (everything else). */
/**
 * Why a message was refused. The API maps WRONG_ROLE and OWN_SUBMISSION to 403, INVALID to 400,
 * UNAVAILABLE to 503 and everything else to 409.
 */
export type RefusalCode =
  | 'WRONG_STAGE'
  | 'WRONG_ROLE'
  | 'OWN_SUBMISSION'
  | 'WRONG_LEVEL'
  | 'STALE_VERSION'
  | 'ALREADY_DONE'
  | 'BASE_DATA_MISSING'
  | 'CHECKS_FAILED'
  | 'INVALID'
  | 'UNAVAILABLE';

export interface Refusal {
  code: RefusalCode;
  stage: Stage;
  message: string;
  messageZh: string;
  /** The message field at fault, for INVALID and field-specific refusals. */
  field?: string;
}

/** Failure type of a refused update, so clients can recognise it. */
export const MESSAGE_REFUSED = 'MessageRefused';
