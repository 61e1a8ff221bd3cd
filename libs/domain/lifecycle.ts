/**
 * The lifecycle's public vocabulary: stage names and deadline keys (SPEC §3). The API, the
 * Temporal UI (search attribute `Stage`) and reports all use exactly these strings.
 */
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

export const DEADLINE_KEYS = [
  'baseData',
  'draft',
  'final',
  'revision',
  'specialMeeting',
  'archive',
  'feedback',
  'retention',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export type DeadlineStatus = 'pending' | 'met' | 'overdue' | 'waived';

export interface DeadlineState {
  key: DeadlineKey;
  /** ISO instant: end (23:59:59 Asia/Shanghai) of the due day. */
  dueAt: string;
  status: DeadlineStatus;
  metAt: string | null;
  /** Computed from a year whose official holiday schedule is not yet published. */
  provisional: boolean;
  /** Human-readable, e.g. "Draft due 2026-10-15 (7 working days)". */
  description: string;
}

export interface EscalationRecord {
  deadlineKey: DeadlineKey;
  recipients: string[];
  firedAt: string;
}

export interface LifecycleState {
  activityId: string;
  stage: Stage;
  isMajor: boolean;
  permanent: boolean;
  endAt: string;
  revisionCount: number;
  deadlines: DeadlineState[];
  escalations: EscalationRecord[];
}
