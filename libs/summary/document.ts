/**
 * The activity summary document (SPEC §4, regulation art. 5, 6, 9). Plain data: what a client
 * submits, what a version stores and what `runChecks` judges. The DTO classes in
 * apps/api/src/summaries/dto implement these interfaces, so the two cannot drift apart.
 */
import type { Participants } from '../domain/activity.js';

/** The five modules of art. 5, in the order the regulation lists them. */
export const SUMMARY_MODULES = ['overview', 'execution', 'effectiveness', 'lessons', 'improvements'] as const;
export type SummaryModule = (typeof SUMMARY_MODULES)[number];

export const SUMMARY_MODULE_LABELS_ZH: Record<SummaryModule, string> = {
  overview: '活动概述',
  execution: '执行情况',
  effectiveness: '成效评估',
  lessons: '经验总结',
  improvements: '改进建议',
};

/** Attachment kinds in the order they must be filed (art. 6.3, R-9.5). */
export const ATTACHMENT_KINDS = ['photo', 'data_table', 'media_screenshot', 'questionnaire_report'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS_ZH: Record<AttachmentKind, string> = {
  photo: '活动照片',
  data_table: '数据统计表',
  media_screenshot: '媒体报道截图',
  questionnaire_report: '问卷分析报告',
};

/** Art. 5.4(2): weak points the organizers control vs objective constraints they do not. */
export const PROBLEM_KINDS = ['weakness', 'constraint'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** An online/offline split; the same shape as an activity's planned participants. */
export type SplitCount = Participants;

// ── 1. 活动概述 ────────────────────────────────────────────────────────────────────────

export interface BasicInfo {
  name: string;
  /** ISO 8601 with offset, e.g. 2026-11-20T09:00:00+08:00. */
  startAt: string;
  endAt: string;
  place: string;
  /** 主办单位 */
  organizer: string;
  /** 承办单位 */
  host: string;
  /** 协办单位; may be empty. */
  coOrganizers: string[];
}

export interface QuantifiedTarget {
  indicator: string;
  /** e.g. 人, %, 次, 项 — a number without its unit cannot be compared. */
  unit: string;
  target: number;
  actual?: number;
}

export interface Goals {
  background: string;
  targets: QuantifiedTarget[];
}

/** 人员分工: a team, what it did and how many people; no personal names. */
export interface StaffRole {
  role: string;
  duty: string;
  headcount: number;
}

export interface Participation {
  staffRoles: StaffRole[];
  members: SplitCount;
  guests: SplitCount;
  audience: SplitCount;
  /** 重点参与单位, e.g. leading companies, young-creator representatives. */
  keyOrganisations: string[];
}

export interface Overview {
  basicInfo: BasicInfo;
  goals: Goals;
  participation: Participation;
}

// ── 2. 执行情况 ────────────────────────────────────────────────────────────────────────

export interface Preparation {
  /** 方案设计 */
  plan: string;
  /** 预算编制, yuan. */
  budgetYuan: number;
  /** 资源协调: venue, materials, publicity channels. */
  resources: string;
  /** 风险预案, one entry per risk. */
  riskPlans: string[];
}

export interface SegmentTiming {
  segment: string;
  plannedMinutes: number;
  actualMinutes: number;
}

export interface Implementation {
  segments: SegmentTiming[];
  /** 现场管理: order, emergencies. */
  onSiteManagement: string;
  /** 技术保障: live-stream quality, equipment. */
  technicalSupport: string;
}

export interface ExpenseSettlement {
  budgetYuan: number;
  actualYuan: number;
}

export interface Closing {
  inventoryReturn: string;
  expenseSettlement: ExpenseSettlement;
  /** 参与者意见收集: questionnaires, interviews. */
  feedbackCollection: string;
}

export interface Execution {
  preparation: Preparation;
  implementation: Implementation;
  closing: Closing;
}

// ── 3. 成效评估 ────────────────────────────────────────────────────────────────────────
// Rates are never entered alone: the source numbers are required and a stated rate (percent)
// is only accepted when it matches them (R-9.2, metrics.ts).

export interface ParticipationFigures {
  planned: number;
  actual: number;
  statedRate?: number;
}

export interface SatisfactionFigures {
  responses: number;
  satisfied: number;
  fairlySatisfied: number;
  statedRate?: number;
}

export interface QuestionnaireFigures {
  issued: number;
  returned: number;
  statedRate?: number;
}

export interface MediaExposure {
  tvReports: number;
  webReports: number;
  shortVideoPlays: number;
  topicReads: number;
}

export interface Quantitative {
  participation: ParticipationFigures;
  satisfaction: SatisfactionFigures;
  questionnaire: QuestionnaireFigures;
  mediaExposure: MediaExposure;
}

export interface Qualitative {
  industryImpact: string;
  socialValue: string;
  memberFeedback: string;
}

export interface Effectiveness {
  quantitative: Quantitative;
  qualitative: Qualitative;
}

// ── 4. 经验总结 / 5. 改进建议 ──────────────────────────────────────────────────────────

export interface Highlight {
  practice: string;
  /** true: a replicable practice; false: a signature segment of this activity (特色环节). */
  replicable: boolean;
}

export interface Problem {
  description: string;
  kind: ProblemKind;
}

export interface Lessons {
  highlights: Highlight[];
  problems: Problem[];
}

export interface Suggestion {
  measure: string;
  /** Department codes (DEPARTMENT_CODE_PATTERN), so can group suggestions by department. */
  responsibleDepartment: string;
  coordinatingDepartment?: string;
  /** YYYY-MM-DD */
  deadline: string;
  resourceNeeds: string;
}

export interface Improvements {
  suggestions: Suggestion[];
}

// ── the document ─────────────────────────────────────────────────────────────────────────

export interface AttachmentRef {
  kind: AttachmentKind;
  /** Position in the attachment list, 1-based and unique. */
  order: number;
  attachmentId: string;
}

export interface Compiler {
  name: string;
  department: string;
}

export interface SummaryDocument {
  title: string;
  overview: Overview;
  execution: Execution;
  effectiveness: Effectiveness;
  lessons: Lessons;
  improvements: Improvements;
  attachments: AttachmentRef[];
  compiler: Compiler;
  /**
   * dotted paths of text fields the compiler marks confidential (unpublished industry
   * data, say), e.g. `effectiveness.qualitative.industryImpact` or `lessons.problems.1.description`.
   * Only `management` reads them; everyone else gets 【已隐去】 (libs/redaction).
   */
  confidential?: string[];
}

/** A document that may be incomplete (an unvalidated or stored draft); `runChecks` accepts it. */
export type SummaryDraft = DeepPartial<SummaryDocument>;

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
