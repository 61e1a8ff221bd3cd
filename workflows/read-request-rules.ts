/**
 * The rules of a read request (R-13.2.1 internal, R-13.2.2 external), pure so that the workflow,
 * its update validator and the API's pre-checks decide the same way: who approves at each step,
 * who may decide now, and what a decision does to the state. No clock, no I/O: `now` and ids are
 * passed in (the workflow's deterministic time and uuid4).
 */
import type { Actor, Role } from '../libs/domain/roles.js';

export type ReadRequestKind = 'internal' | 'external';
export type ReadRequestStatus = 'pending' | 'granted' | 'rejected' | 'expired';
export type ReadDecision = 'approve' | 'reject';
export type ApproverRole = Extract<Role, 'dept_head' | 'archivist' | 'secretary_general'>;

/** One approval step: a role, and for a department head the requester's own department. */
export interface ApproverStep {
  role: ApproverRole;
  department: string | null;
}

/** Everything the workflow needs, fixed when the request is filed and recorded in history. */
export interface ReadRequestInput {
  requestId: string;
  kind: ReadRequestKind;
  activityId: string;
  /** The activity's lead department: the reminder's escalation row is filed under it. */
  leadDepartment: string;
  requester: Actor;
  /** Who will read: the requester (internal), or the outside body's account (external). */
  reader: Actor;
  organisation: string | null;
  purpose: string;
  content: string;
  /** Calendar days the grant lasts from the moment it is given (1–30). */
  days: number;
  steps: ApproverStep[];
  filedAt: string;
  /** Working days a step may wait before its approver is reminded. */
  remindAfterWorkingDays: number;
  /** External requests: the official letter (公函) as stored by the API. */
  letter: StoredLetter | null;
}

export interface StoredLetter {
  storageKey: string;
  sha256: string;
  contentType: string;
  size: number;
  originalName: string;
}

export interface DecisionRecord {
  step: number;
  decision: ReadDecision;
  comment: string;
  decidedBy: Actor;
  decidedAt: string;
}

export interface ReadGrant {
  id: string;
  grantedAt: string;
  expiresAt: string;
  /** External grants: the HTML reader only, no download. */
  viewOnly: boolean;
}

export interface ReadRequestState {
  requestId: string;
  kind: ReadRequestKind;
  activityId: string;
  status: ReadRequestStatus;
  steps: ApproverStep[];
  /** Index into `steps` while pending, else null. */
  currentStep: number | null;
  /** Since when the current step waits (the filing, or the previous approval). */
  waitingSince: string | null;
  decisions: DecisionRecord[];
  /** Reminders sent, one at most per step. */
  reminders: Array<{ step: number; at: string }>;
  grant: ReadGrant | null;
  closedAt: string | null;
  /** Grows with every change: the projection never lets an older state overwrite a newer one. */
  version: number;
}

export interface Decide {
  /** Also the update id: a repeated request is dropped by Temporal itself. */
  decisionId: string;
  actor: Actor;
  decision: ReadDecision;
  comment: string;
}

export type ReadRefusalCode = 'CLOSED' | 'WRONG_APPROVER';

export interface ReadRefusal {
  code: ReadRefusalCode;
  message: string;
  messageZh: string;
}

export const READ_DAYS_MIN = 1;
export const READ_DAYS_MAX = 30;
export const READ_DAYS_DEFAULT = 7;
export const REMIND_AFTER_WORKING_DAYS = 3;
const DAY_MS = 86_400_000;

const STEP_ZH: Record<ApproverRole, string> = { dept_head: '本部门负责人', archivist: '专职档案员', secretary_general: '秘书长' };

/**
 * Internal: a staff member's own department head, then the archivist; someone without
 * a head above them in a department (a head, an association-wide role) goes to the archivist
 * alone. External: the secretary-general.
 */
export function approverSteps(kind: ReadRequestKind, requester: Actor): ApproverStep[] {
  if (kind === 'external') return [{ role: 'secretary_general', department: null }];
  const archivist: ApproverStep = { role: 'archivist', department: null };
  return requester.role === 'staff' && requester.department
    ? [{ role: 'dept_head', department: requester.department }, archivist]
    : [archivist];
}

/**
 * Who decides a step, in English and Chinese. A department head is named by the department's
 * Chinese name (培训部负责人) when the caller could look it up (the API, the reminder); the workflow,
 * which may not read the database, falls back to the code.
 */
export function describeStep(step: ApproverStep, departmentNameZh?: string | null): { en: string; zh: string } {
  if (!step.department) return { en: step.role, zh: STEP_ZH[step.role] };
  return {
    en: `the head of ${step.department}`,
    zh: departmentNameZh ? `${departmentNameZh}负责人` : `${step.department} 的${STEP_ZH[step.role]}`,
  };
}

export function newReadRequestState(input: ReadRequestInput): ReadRequestState {
  return {
    requestId: input.requestId,
    kind: input.kind,
    activityId: input.activityId,
    status: 'pending',
    steps: input.steps,
    currentStep: 0,
    waitingSince: input.filedAt,
    decisions: [],
    reminders: [],
    grant: null,
    closedAt: null,
    version: 1,
  };
}

/** May `actor` decide the current step? The approver of the step, never the requester or reader (four eyes). */
export function decisionRefusal(state: ReadRequestState, input: ReadRequestInput, actor: Actor): ReadRefusal | null {
  if (state.status !== 'pending' || state.currentStep === null) {
    return {
      code: 'CLOSED',
      message: `Read request ${state.requestId} is closed (${state.status})`,
      messageZh: `查阅申请 ${state.requestId} 已办结(${STATUS_ZH[state.status]}),不能再审批`,
    };
  }
  const step = state.steps[state.currentStep]!;
  const own = actor.userId === input.requester.userId || actor.userId === input.reader.userId;
  if (own || actor.role !== step.role || (step.department !== null && actor.department !== step.department)) {
    const who = describeStep(step);
    return {
      code: 'WRONG_APPROVER',
      message: `This read request waits for ${who.en}${own ? '; nobody approves their own request' : ''}`,
      messageZh: `该查阅申请当前应由${who.zh}审批${own ? ',申请人不能审批自己的申请' : ''}`,
    };
  }
  return null;
}

export const STATUS_ZH: Record<ReadRequestStatus, string> = { pending: '待审批', granted: '已授权', rejected: '已驳回', expired: '已到期' };

/** Applies an allowed decision: the next step, a rejection, or (last approval) the grant for `days` calendar days. */
export function applyDecision(state: ReadRequestState, input: ReadRequestInput, d: Decide, now: string, grantId: string): ReadRequestState {
  const step = state.currentStep!;
  const decisions = [...state.decisions, { step, decision: d.decision, comment: d.comment, decidedBy: d.actor, decidedAt: now }];
  const base = { ...state, decisions, version: state.version + 1 };
  if (d.decision === 'reject') return { ...base, status: 'rejected', currentStep: null, waitingSince: null, closedAt: now };
  if (step + 1 < state.steps.length) return { ...base, currentStep: step + 1, waitingSince: now };
  const grant: ReadGrant = {
    id: grantId,
    grantedAt: now,
    expiresAt: new Date(Date.parse(now) + input.days * DAY_MS).toISOString(),
    viewOnly: input.kind === 'external',
  };
  return { ...base, status: 'granted', currentStep: null, waitingSince: null, grant };
}

export function expireGrant(state: ReadRequestState, now: string): ReadRequestState {
  return { ...state, status: 'expired', closedAt: now, version: state.version + 1 };
}

export function recordReminder(state: ReadRequestState, step: number, at: string): ReadRequestState {
  return { ...state, reminders: [...state.reminders, { step, at }], version: state.version + 1 };
}
