/**
 * Who may send which lifecycle message in which stage (SPEC §1, §3, R-8, R-10, R-12, R-16).
 * Pure functions over the workflow state: the workflow's update validators and signal handlers
 * call them, and unit tests table-test them without a Temporal server.
 */
import type { Actor, Role } from '../libs/domain/roles.js';
import type {
  ConfirmArchive,
  DecideDisposal,
  LifecycleState,
  RecordSpecialMeeting,
  Refusal,
  RefusalCode,
  ReviewLevel,
  Stage,
  SubmitBaseData,
  SubmitDraft,
  SubmitFeedback,
  SubmitReview,
} from '../libs/domain/lifecycle.js';

const STAGE_ZH: Record<Stage, string> = {
  AWAITING_END: '等待活动结束',
  DRAFTING: '编制初稿',
  IN_REVIEW_L1: '部门负责人初审',
  IN_REVIEW_L2: '行政部复核',
  IN_REVIEW_L3: '分管副会长/秘书长终审',
  REVISING: '修订中',
  AWAITING_SPECIAL_MEETING: '等待专题会议',
  ARCHIVING: '归档中',
  FEEDBACK: '收集反馈',
  RETAINED: '保管中',
  DISPOSED: '已销毁',
  CLOSED: '已关闭',
};

/** Stages in which the activity has ended and the summary is still being written or reviewed. */
const WRITING_STAGES: readonly Stage[] = [
  'DRAFTING',
  'IN_REVIEW_L1',
  'IN_REVIEW_L2',
  'IN_REVIEW_L3',
  'REVISING',
  'AWAITING_SPECIAL_MEETING',
];

function refuse(state: LifecycleState, code: RefusalCode, message: string, messageZh: string): Refusal {
  return { code, stage: state.stage, message, messageZh };
}

function wrongStage(state: LifecycleState, what: string, whatZh: string): Refusal {
  return refuse(
    state,
    'WRONG_STAGE',
    `${what} is not allowed in stage ${state.stage}`,
    `当前阶段(${STAGE_ZH[state.stage]})不允许${whatZh}`,
  );
}

function wrongRole(state: LifecycleState, actor: Actor, allowed: string, allowedZh: string): Refusal {
  return refuse(
    state,
    'WRONG_ROLE',
    `role ${actor.role}${actor.department ? ` of ${actor.department}` : ''} may not do this; allowed: ${allowed}`,
    `当前角色无权执行此操作,仅限:${allowedZh}`,
  );
}

/** Staff or the head of the lead department: they compile and submit the summary (R-4). */
function isLeadDepartmentMember(actor: Actor, leadDepartment: string): boolean {
  return (actor.role === 'staff' || actor.role === 'dept_head') && actor.department === leadDepartment;
}

const REVIEWERS: Record<ReviewLevel, { roles: Role[]; label: string; labelZh: string }> = {
  1: { roles: ['dept_head'], label: 'the head of the lead department', labelZh: '主办部门负责人' },
  2: { roles: ['admin'], label: 'administration (admin)', labelZh: '行政部' },
  3: { roles: ['vp', 'secretary_general'], label: 'the vice-president or the secretary-general', labelZh: '分管副会长或秘书长' },
};

export function mayReview(actor: Actor, level: ReviewLevel, leadDepartment: string): boolean {
  if (!REVIEWERS[level].roles.includes(actor.role)) return false;
  return level !== 1 || actor.department === leadDepartment;
}

export function refuseBaseData(s: LifecycleState, m: SubmitBaseData, leadDepartment: string): Refusal | null {
  if (!isLeadDepartmentMember(m.actor, leadDepartment)) {
    return wrongRole(s, m.actor, `staff or head of ${leadDepartment}`, '主办部门编制人或负责人');
  }
  if (!WRITING_STAGES.includes(s.stage)) return wrongStage(s, 'submitting base data', '提交基础数据');
  if (s.baseData) return refuse(s, 'ALREADY_DONE', 'base data was already recorded', '基础数据已提交');
  return null;
}

export function refuseDraft(s: LifecycleState, m: SubmitDraft, leadDepartment: string): Refusal | null {
  if (!isLeadDepartmentMember(m.actor, leadDepartment)) {
    return wrongRole(s, m.actor, `staff or head of ${leadDepartment}`, '主办部门编制人或负责人');
  }
  if (s.stage !== 'DRAFTING' && s.stage !== 'REVISING') return wrongStage(s, 'submitting a summary', '提交总结');
  if (m.blockingFindings > 0) {
    return refuse(
      s,
      'CHECKS_FAILED',
      `the version has ${m.blockingFindings} blocking check finding(s)`,
      `该版本有 ${m.blockingFindings} 项阻断性检查问题,不能提交`,
    );
  }
  return null;
}

export function refuseReview(s: LifecycleState, m: SubmitReview, leadDepartment: string): Refusal | null {
  const reviewer = REVIEWERS[m.level];
  if (!reviewer) return refuse(s, 'INVALID', `unknown review level ${String(m.level)}`, `审核层级 ${String(m.level)} 无效`);
  if (!mayReview(m.actor, m.level, leadDepartment)) return wrongRole(s, m.actor, reviewer.label, reviewer.labelZh);
  if (s.stage !== `IN_REVIEW_L${m.level}`) {
    const current = /^IN_REVIEW_L(\d)$/.exec(s.stage)?.[1];
    return current
      ? refuse(s, 'WRONG_LEVEL', `the summary is at review level ${current}, not ${m.level}`, `总结当前处于第 ${current} 级审核,而非第 ${m.level} 级`)
      : wrongStage(s, 'a review', '审核');
  }
  // A review names the version it read; one submitted since then is not what was reviewed.
  const underReview = s.submissions.at(-1)?.versionId;
  if (m.versionId && underReview && m.versionId !== underReview) {
    return refuse(s, 'STALE_VERSION', `version ${m.versionId} is not the version under review (${underReview})`, `所审核的版本 ${m.versionId} 不是当前待审版本(${underReview})`);
  }
  return null;
}

export function refuseSpecialMeeting(s: LifecycleState, m: RecordSpecialMeeting): Refusal | null {
  if (m.actor.role !== 'vp') return wrongRole(s, m.actor, 'the vice-president (chairs the meeting, R-10.2)', '分管副会长');
  if (s.stage !== 'AWAITING_SPECIAL_MEETING') return wrongStage(s, 'recording a special meeting', '记录专题会议');
  return null;
}

export function refuseArchive(s: LifecycleState, m: ConfirmArchive): Refusal | null {
  if (m.actor.role !== 'archivist') return wrongRole(s, m.actor, 'the archivist', '专职档案员');
  if (s.stage !== 'ARCHIVING') return wrongStage(s, 'confirming the archive', '确认归档');
  if (s.archive.some((a) => a.medium === m.medium)) {
    return refuse(s, 'ALREADY_DONE', `the ${m.medium} copy is already archived`, `${m.medium === 'paper' ? '纸质版' : '电子版'}已确认归档`);
  }
  return null;
}

export function refuseFeedback(s: LifecycleState, m: SubmitFeedback, leadDepartment: string): Refusal | null {
  if (!isLeadDepartmentMember(m.actor, leadDepartment)) {
    return wrongRole(s, m.actor, `staff or head of ${leadDepartment}`, '主办部门编制人或负责人');
  }
  if (s.stage !== 'FEEDBACK') return wrongStage(s, 'submitting the feedback record', '提交反馈记录单');
  return null;
}

export function refuseDisposal(s: LifecycleState, m: DecideDisposal): Refusal | null {
  if (m.actor.role !== 'archivist') return wrongRole(s, m.actor, 'the archivist', '专职档案员');
  const retention = s.deadlines.find((d) => d.key === 'retention' && d.status === 'overdue');
  if (!retention) return wrongStage(s, 'a disposal decision before the retention period ends', '保管期满前作出处置决定');
  if (m.decision === 'extend' && !(Number.isInteger(m.extendYears) && (m.extendYears ?? 0) >= 1 && (m.extendYears ?? 0) <= 30)) {
    return refuse(s, 'INVALID', 'extendYears must be a whole number from 1 to 30', '延长年限必须是 1 到 30 的整数');
  }
  return null;
}

/** R-10.2: a major activity's summary returned a third time (more than two revisions). */
export function needsSpecialMeeting(s: LifecycleState): boolean {
  return s.isMajor && s.revisionCount > 2;
}
