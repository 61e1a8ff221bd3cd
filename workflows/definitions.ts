/**
 * Messages of the lifecycle workflow, defined once and shared by the workflow, the API and the
 * tests. Wire names equal the identifiers. Each message exists as an update (the API awaits the
 * answer; a validator refuses what is not allowed) and as a signal of the same name with the same
 * payload, so ops can send it with `temporal workflow signal --name review --input '{…}'`.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActivityType } from '../libs/domain/activity.js';
import type {
  ConfirmArchive,
  DecideDisposal,
  LifecycleState,
  RecordSpecialMeeting,
  SubmitBaseData,
  SubmitDraft,
  SubmitFeedback,
  SubmitReview,
} from '../libs/domain/lifecycle.js';

export const LIFECYCLE_WORKFLOW_TYPE = 'activityLifecycle';

/** Tunables fixed per workflow at registration (recorded in history, so replays agree). */
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

/** Everything the workflow needs, fixed at registration and recorded in history. */
export interface LifecycleInput {
  activityId: string;
  name: string;
  type: ActivityType;
  leadDepartment: string;
  /** ISO instant of the activity's end; every deadline counts from its calendar day. */
  endAt: string;
  isMajor: boolean;
  permanent: boolean;
  settings?: Partial<LifecycleSettings>;
  /** Set only by continue-as-new: the state carried into the new run. */
  resume?: { state: LifecycleState; processedRequestIds: string[]; retained?: boolean };
}

export const stateQuery = defineQuery<LifecycleState>('state');

export const submitBaseDataUpdate = defineUpdate<LifecycleState, [SubmitBaseData]>('submitBaseData');
export const submitDraftUpdate = defineUpdate<LifecycleState, [SubmitDraft]>('submitDraft');
export const reviewUpdate = defineUpdate<LifecycleState, [SubmitReview]>('review');
export const recordSpecialMeetingUpdate = defineUpdate<LifecycleState, [RecordSpecialMeeting]>('recordSpecialMeeting');
export const confirmArchiveUpdate = defineUpdate<LifecycleState, [ConfirmArchive]>('confirmArchive');
export const submitFeedbackUpdate = defineUpdate<LifecycleState, [SubmitFeedback]>('submitFeedback');
export const decideDisposalUpdate = defineUpdate<LifecycleState, [DecideDisposal]>('decideDisposal');

export const submitBaseDataSignal = defineSignal<[SubmitBaseData]>('submitBaseData');
export const submitDraftSignal = defineSignal<[SubmitDraft]>('submitDraft');
export const reviewSignal = defineSignal<[SubmitReview]>('review');
export const recordSpecialMeetingSignal = defineSignal<[RecordSpecialMeeting]>('recordSpecialMeeting');
export const confirmArchiveSignal = defineSignal<[ConfirmArchive]>('confirmArchive');
export const submitFeedbackSignal = defineSignal<[SubmitFeedback]>('submitFeedback');
export const decideDisposalSignal = defineSignal<[DecideDisposal]>('decideDisposal');

/** The working-day calendar changed (admin edit, a newly published year): recompute pending deadlines. */
export const calendarChangedSignal = defineSignal<[{ reason?: string }]>('calendarChanged');
