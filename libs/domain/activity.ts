/**
 * Activity vocabulary shared by the API, the worker and workflow code.
 * Pure data and functions only: workflow code imports this module.
 */

/** SPEC §2 / regulation art. 2. Wire values are stable; labels are for people. */
export const ACTIVITY_TYPES = [
  'training',
  'seminar',
  'screening',
  'competition',
  'public_screening',
  'policy_briefing',
  'member_exchange',
  'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_TYPE_LABELS_ZH: Record<ActivityType, string> = {
  training: '行业培训',
  seminar: '学术研讨',
  screening: '作品展演',
  competition: '赛事评选',
  public_screening: '公益放映',
  policy_briefing: '政策解读会',
  member_exchange: '会员交流活动',
  other: '其他',
};

/** Department codes are short machine names, e.g. `publicity` (宣传部). */
export const DEPARTMENT_CODE_PATTERN = /^[a-z][a-z0-9_]{1,31}$/;

export interface Participants {
  online: number;
  offline: number;
}

/** more than 500 participants (planned or actual) or an industry policy release. */
export const MAJOR_PARTICIPANT_THRESHOLD = 500;

export function isMajorActivity(input: {
  plannedParticipants: Participants;
  actualParticipants?: Participants | null;
  releasesPolicy: boolean;
}): boolean {
  const total = (p: Participants) => p.online + p.offline;
  const planned = total(input.plannedParticipants);
  const actual = input.actualParticipants ? total(input.actualParticipants) : 0;
  return input.releasesPolicy || Math.max(planned, actual) > MAJOR_PARTICIPANT_THRESHOLD;
}

/** anniversary celebrations and national-level competitions are kept forever. */
export function isPermanentRetention(input: { anniversary: boolean; nationalLevel: boolean }): boolean {
  return input.anniversary || input.nationalLevel;
}

/** Temporal workflow id of an activity's lifecycle: one workflow per activity. */
export function lifecycleWorkflowId(activityId: string): string {
  return `activity-${activityId}`;
}
