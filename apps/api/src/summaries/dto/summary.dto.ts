/**
 * The summary document on the wire. Each class implements its interface from libs/summary, so
 * a validated body is a SummaryDocument and goes straight to runChecks.
 *
 * Split of work: the DTO checks shape and bounds (types, integers ≥ 0, enums, formats, sizes);
 * whether text is blank or a list is empty is left to runChecks, so the client gets a finding
 * that names its rule and module instead of a bare 400. For the same reason a
 * suggestion's department and deadline may be '' here and are judged by.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '../../../../../libs/domain/activity.js';
import {
  ATTACHMENT_KINDS,
  PROBLEM_KINDS,
  type AttachmentKind,
  type AttachmentRef,
  type BasicInfo,
  type Closing,
  type Compiler,
  type Effectiveness,
  type Execution,
  type ExpenseSettlement,
  type Goals,
  type Highlight,
  type Implementation,
  type Improvements,
  type Lessons,
  type MediaExposure,
  type Overview,
  type Participation,
  type ParticipationFigures,
  type Preparation,
  type Problem,
  type ProblemKind,
  type Qualitative,
  type Quantitative,
  type QuestionnaireFigures,
  type SatisfactionFigures,
  type SegmentTiming,
  type SplitCount,
  type StaffRole,
  type Suggestion,
  type SummaryDocument,
  type QuantifiedTarget,
} from '../../../../../libs/summary/document.js';
import { exampleSummary } from '../../../../../libs/summary/example.js';
import { CONFIDENTIAL_TEXT_FIELDS, confidentialPathProblems } from '../../../../../libs/redaction/index.js';
import { DEPARTMENT_CODE_MESSAGE } from '../../common/validation.js';

const ex = exampleSummary();
const [exTarget] = ex.overview.goals.targets;
const [exRole] = ex.overview.participation.staffRoles;
const [exSegment] = ex.execution.implementation.segments;
const [exHighlight] = ex.lessons.highlights;
const [exProblem] = ex.lessons.problems;
const [exSuggestion] = ex.improvements.suggestions;
const [exAttachment] = ex.attachments;

/** Limits: generous for real summaries, small enough to keep a body far below 1 MB. */
const SHORT = 200;
const ITEM = 500;
const LONG = 2000;
const MAX_PEOPLE = 10_000_000;
const MAX_VIEWS = 100_000_000_000;
const MAX_YUAN = 1_000_000_000;
const MAX_MINUTES = 14_400; // 10 days
const MAX_RATE = 10_000; // percent; participation may exceed 100
/**
 * Money and rates: finite, at most 2 decimals (fen, or 91.35%). Not class-validator's
 * `IsNumber({ maxDecimalPlaces })`, which throws on numbers it prints in exponent form (5e-324),
 * a 500; the constraint keeps its name, so messages and the OpenAPI type stay those of isNumber.
 */
const IsDecimal = () =>
  ValidateBy(
    {
      name: 'isNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value,
        defaultMessage: () => '$property must be a number with at most 2 decimal places',
      },
    },
    {},
  );

/**
 * each confidential path names a text field the document has (once). Judged on the whole
 * document, so a path to a problem that is not there is a 400 naming `document.confidential`.
 */
const ConfidentialPaths = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'confidentialPaths',
      validator: {
        validate: (_value: unknown, args) => confidentialPathProblems(args?.object as SummaryDocument).length === 0,
        defaultMessage: (args) =>
          confidentialPathProblems(args?.object as SummaryDocument)
            .map((p) => `$property.${p.index}: ${p.message}`)
            .join('; '),
      },
    },
    {},
  );

const bare = (p: RegExp) => p.source.replace(/^\^|\$$/g, '');
/** '' is allowed so that a missing department or deadline is reported as. */
const DEPARTMENT_OR_BLANK = new RegExp(`^(?:${bare(DEPARTMENT_CODE_PATTERN)})?$`);
const DATE_OR_BLANK = /^(?:\d{4}-\d{2}-\d{2})?$/;
const ATTACHMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

// ── 1. 活动概述 ────────────────────────────────────────────────────────────────────────

export class SplitCountDto implements SplitCount {
  @ApiProperty({ example: 60, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  online: number;

  @ApiProperty({ example: 150, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  offline: number;
}

export class BasicInfoDto implements BasicInfo {
  @ApiProperty({ example: ex.overview.basicInfo.name, maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  name: string;

  @ApiProperty({ example: ex.overview.basicInfo.startAt })
  @IsISO8601({ strict: true, strictSeparator: true })
  startAt: string;

  @ApiProperty({ example: ex.overview.basicInfo.endAt })
  @IsISO8601({ strict: true, strictSeparator: true })
  endAt: string;

  @ApiProperty({ example: ex.overview.basicInfo.place, maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  place: string;

  @ApiProperty({ example: ex.overview.basicInfo.organizer, description: '主办单位', maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  organizer: string;

  @ApiProperty({ example: ex.overview.basicInfo.host, description: '承办单位', maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  host: string;

  @ApiProperty({ type: [String], example: ex.overview.basicInfo.coOrganizers, description: '协办单位; may be empty' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(SHORT, { each: true })
  coOrganizers: string[];
}

export class QuantifiedTargetDto implements QuantifiedTarget {
  @ApiProperty({ example: exTarget?.indicator, maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  indicator: string;

  @ApiProperty({ example: exTarget?.unit, description: 'e.g. 人, %, 次, 项', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  unit: string;

  @ApiProperty({ example: exTarget?.target, minimum: 0 })
  @IsDecimal()
  @Min(0)
  @Max(MAX_VIEWS)
  target: number;

  @ApiPropertyOptional({ example: exTarget?.actual, minimum: 0 })
  @IsOptional()
  @IsDecimal()
  @Min(0)
  @Max(MAX_VIEWS)
  actual?: number;
}

export class GoalsDto implements Goals {
  @ApiProperty({ example: ex.overview.goals.background, maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  background: string;

  @ApiProperty({ type: [QuantifiedTargetDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QuantifiedTargetDto)
  targets: QuantifiedTargetDto[];
}

export class StaffRoleDto implements StaffRole {
  @ApiProperty({ example: exRole?.role, maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  role: string;

  @ApiProperty({ example: exRole?.duty, maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  duty: string;

  @ApiProperty({ example: exRole?.headcount, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  headcount: number;
}

export class ParticipationDto implements Participation {
  @ApiProperty({ type: [StaffRoleDto], description: '主承办方人员分工' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => StaffRoleDto)
  staffRoles: StaffRoleDto[];

  @ApiProperty({ type: SplitCountDto, example: ex.overview.participation.members })
  @IsDefined()
  @ValidateNested()
  @Type(() => SplitCountDto)
  members: SplitCountDto;

  @ApiProperty({ type: SplitCountDto, example: ex.overview.participation.guests })
  @IsDefined()
  @ValidateNested()
  @Type(() => SplitCountDto)
  guests: SplitCountDto;

  @ApiProperty({ type: SplitCountDto, example: ex.overview.participation.audience })
  @IsDefined()
  @ValidateNested()
  @Type(() => SplitCountDto)
  audience: SplitCountDto;

  @ApiProperty({ type: [String], example: ex.overview.participation.keyOrganisations, description: '重点参与单位' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(SHORT, { each: true })
  keyOrganisations: string[];
}

export class OverviewDto implements Overview {
  @ApiProperty({ type: BasicInfoDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BasicInfoDto)
  basicInfo: BasicInfoDto;

  @ApiProperty({ type: GoalsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => GoalsDto)
  goals: GoalsDto;

  @ApiProperty({ type: ParticipationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ParticipationDto)
  participation: ParticipationDto;
}

// ── 2. 执行情况 ────────────────────────────────────────────────────────────────────────

export class PreparationDto implements Preparation {
  @ApiProperty({ example: ex.execution.preparation.plan, description: '方案设计', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  plan: string;

  @ApiProperty({ example: ex.execution.preparation.budgetYuan, description: '预算, yuan', minimum: 0 })
  @IsDecimal()
  @Min(0)
  @Max(MAX_YUAN)
  budgetYuan: number;

  @ApiProperty({ example: ex.execution.preparation.resources, description: '资源协调: venue, materials, channels', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  resources: string;

  @ApiProperty({ type: [String], example: ex.execution.preparation.riskPlans, description: '风险预案' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(ITEM, { each: true })
  riskPlans: string[];
}

export class SegmentTimingDto implements SegmentTiming {
  @ApiProperty({ example: exSegment?.segment, maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  segment: string;

  @ApiProperty({ example: exSegment?.plannedMinutes, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  plannedMinutes: number;

  @ApiProperty({ example: exSegment?.actualMinutes, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  actualMinutes: number;
}

export class ImplementationDto implements Implementation {
  @ApiProperty({ type: [SegmentTimingDto], description: '各环节计划与实际时长' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SegmentTimingDto)
  segments: SegmentTimingDto[];

  @ApiProperty({ example: ex.execution.implementation.onSiteManagement, description: '现场管理', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  onSiteManagement: string;

  @ApiProperty({ example: ex.execution.implementation.technicalSupport, description: '技术保障', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  technicalSupport: string;
}

export class ExpenseSettlementDto implements ExpenseSettlement {
  @ApiProperty({ example: ex.execution.closing.expenseSettlement.budgetYuan, minimum: 0 })
  @IsDecimal()
  @Min(0)
  @Max(MAX_YUAN)
  budgetYuan: number;

  @ApiProperty({ example: ex.execution.closing.expenseSettlement.actualYuan, minimum: 0 })
  @IsDecimal()
  @Min(0)
  @Max(MAX_YUAN)
  actualYuan: number;
}

export class ClosingDto implements Closing {
  @ApiProperty({ example: ex.execution.closing.inventoryReturn, description: '物资清点与归还', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  inventoryReturn: string;

  @ApiProperty({ type: ExpenseSettlementDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExpenseSettlementDto)
  expenseSettlement: ExpenseSettlementDto;

  @ApiProperty({ example: ex.execution.closing.feedbackCollection, description: '参与者意见收集', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  feedbackCollection: string;
}

export class ExecutionDto implements Execution {
  @ApiProperty({ type: PreparationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PreparationDto)
  preparation: PreparationDto;

  @ApiProperty({ type: ImplementationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ImplementationDto)
  implementation: ImplementationDto;

  @ApiProperty({ type: ClosingDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ClosingDto)
  closing: ClosingDto;
}

// ── 3. 成效评估 ────────────────────────────────────────────────────────────────────────

const STATED_RATE = 'Optional stated rate in percent; refused (R-9.2) unless within 0.5 points of the rate computed from the numbers';

export class ParticipationFiguresDto implements ParticipationFigures {
  @ApiProperty({ example: ex.effectiveness.quantitative.participation.planned, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  planned: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.participation.actual, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  actual: number;

  @ApiPropertyOptional({ example: ex.effectiveness.quantitative.participation.statedRate, description: STATED_RATE })
  @IsOptional()
  @IsDecimal()
  @Min(0)
  @Max(MAX_RATE)
  statedRate?: number;
}

export class SatisfactionFiguresDto implements SatisfactionFigures {
  @ApiProperty({ example: ex.effectiveness.quantitative.satisfaction.responses, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  responses: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.satisfaction.satisfied, description: '“满意”', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  satisfied: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.satisfaction.fairlySatisfied, description: '“较满意”', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  fairlySatisfied: number;

  @ApiPropertyOptional({ example: ex.effectiveness.quantitative.satisfaction.statedRate, description: STATED_RATE })
  @IsOptional()
  @IsDecimal()
  @Min(0)
  @Max(100)
  statedRate?: number;
}

export class QuestionnaireFiguresDto implements QuestionnaireFigures {
  @ApiProperty({ example: ex.effectiveness.quantitative.questionnaire.issued, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  issued: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.questionnaire.returned, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  returned: number;

  @ApiPropertyOptional({ example: ex.effectiveness.quantitative.questionnaire.statedRate, description: STATED_RATE })
  @IsOptional()
  @IsDecimal()
  @Min(0)
  @Max(100)
  statedRate?: number;
}

export class MediaExposureDto implements MediaExposure {
  @ApiProperty({ example: ex.effectiveness.quantitative.mediaExposure.tvReports, description: '电视报道条数', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  tvReports: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.mediaExposure.webReports, description: '网络平台报道条数', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_PEOPLE)
  webReports: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.mediaExposure.shortVideoPlays, description: '短视频播放量', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_VIEWS)
  shortVideoPlays: number;

  @ApiProperty({ example: ex.effectiveness.quantitative.mediaExposure.topicReads, description: '话题阅读量', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_VIEWS)
  topicReads: number;
}

export class QuantitativeDto implements Quantitative {
  @ApiProperty({ type: ParticipationFiguresDto, description: '参与率 = actual / planned' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ParticipationFiguresDto)
  participation: ParticipationFiguresDto;

  @ApiProperty({ type: SatisfactionFiguresDto, description: '满意度 = (satisfied + fairlySatisfied) / responses' })
  @IsDefined()
  @ValidateNested()
  @Type(() => SatisfactionFiguresDto)
  satisfaction: SatisfactionFiguresDto;

  @ApiProperty({ type: QuestionnaireFiguresDto, description: '问卷回收率 = returned / issued' })
  @IsDefined()
  @ValidateNested()
  @Type(() => QuestionnaireFiguresDto)
  questionnaire: QuestionnaireFiguresDto;

  @ApiProperty({ type: MediaExposureDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MediaExposureDto)
  mediaExposure: MediaExposureDto;
}

export class QualitativeDto implements Qualitative {
  @ApiProperty({ example: ex.effectiveness.qualitative.industryImpact, description: '行业影响', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  industryImpact: string;

  @ApiProperty({ example: ex.effectiveness.qualitative.socialValue, description: '社会价值', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  socialValue: string;

  @ApiProperty({ example: ex.effectiveness.qualitative.memberFeedback, description: '会员反馈', maxLength: LONG })
  @IsString()
  @MaxLength(LONG)
  memberFeedback: string;
}

export class EffectivenessDto implements Effectiveness {
  @ApiProperty({ type: QuantitativeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => QuantitativeDto)
  quantitative: QuantitativeDto;

  @ApiProperty({ type: QualitativeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => QualitativeDto)
  qualitative: QualitativeDto;
}

// ── 4. 经验总结 / 5. 改进建议 ──────────────────────────────────────────────────────────

export class HighlightDto implements Highlight {
  @ApiProperty({ example: exHighlight?.practice, maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  practice: string;

  @ApiProperty({ example: exHighlight?.replicable, description: 'true: replicable practice; false: signature segment (特色环节)' })
  @IsBoolean()
  replicable: boolean;
}

export class ProblemDto implements Problem {
  @ApiProperty({ example: exProblem?.description, description: 'Name a number, a percentage or a channel (R-9.3)', maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  description: string;

  @ApiProperty({ enum: PROBLEM_KINDS, example: exProblem?.kind, description: 'weakness 薄弱环节 / constraint 客观限制因素' })
  @IsIn(PROBLEM_KINDS)
  kind: ProblemKind;
}

export class LessonsDto implements Lessons {
  @ApiProperty({ type: [HighlightDto], description: '亮点提炼' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HighlightDto)
  highlights: HighlightDto[];

  @ApiProperty({ type: [ProblemDto], description: '问题分析' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProblemDto)
  problems: ProblemDto[];
}

export class SuggestionDto implements Suggestion {
  @ApiProperty({ example: exSuggestion?.measure, description: '具体措施', maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  measure: string;

  @ApiProperty({ example: exSuggestion?.responsibleDepartment, description: 'Responsible department code (R-9.4)' })
  @IsString()
  @Matches(DEPARTMENT_OR_BLANK, { message: DEPARTMENT_CODE_MESSAGE })
  responsibleDepartment: string;

  @ApiPropertyOptional({ example: exSuggestion?.coordinatingDepartment, description: 'Coordinating department code' })
  @IsOptional()
  @IsString()
  @Matches(DEPARTMENT_OR_BLANK, { message: DEPARTMENT_CODE_MESSAGE })
  coordinatingDepartment?: string;

  @ApiProperty({ example: exSuggestion?.deadline, description: 'Completion deadline YYYY-MM-DD (R-9.4)' })
  @IsString()
  @Matches(DATE_OR_BLANK, { message: '$property must be a date YYYY-MM-DD' })
  deadline: string;

  @ApiProperty({ example: exSuggestion?.resourceNeeds, description: '资源需求', maxLength: ITEM })
  @IsString()
  @MaxLength(ITEM)
  resourceNeeds: string;
}

export class ImprovementsDto implements Improvements {
  @ApiProperty({ type: [SuggestionDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SuggestionDto)
  suggestions: SuggestionDto[];
}

// ── the document ─────────────────────────────────────────────────────────────────────────

export class AttachmentRefDto implements AttachmentRef {
  @ApiProperty({ enum: ATTACHMENT_KINDS, example: exAttachment?.kind })
  @IsIn(ATTACHMENT_KINDS)
  kind: AttachmentKind;

  @ApiProperty({
    example: exAttachment?.order,
    minimum: 1,
    description: '1-based position; photos → data tables → media screenshots → questionnaire report',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  order: number;

  @ApiProperty({ example: exAttachment?.attachmentId, description: 'Id of an uploaded attachment' })
  @IsString()
  @Matches(ATTACHMENT_ID, { message: '$property must be an attachment id (letters, digits, - and _; at most 64)' })
  attachmentId: string;
}

export class CompilerDto implements Compiler {
  @ApiProperty({ example: ex.compiler.name, description: '编制人', maxLength: 50 })
  @IsString()
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: ex.compiler.department, description: "Compiler's department code" })
  @IsString()
  @Matches(DEPARTMENT_OR_BLANK, { message: DEPARTMENT_CODE_MESSAGE })
  department: string;
}

export class SummaryDocumentDto implements SummaryDocument {
  @ApiProperty({
    example: ex.title,
    description: 'XX影视协会<activity name>活动总结(YYYY年MM月DD日), full-width parentheses (R-6)',
    maxLength: 300,
  })
  @IsString()
  @MaxLength(300)
  title: string;

  @ApiProperty({ type: OverviewDto, description: '活动概述' })
  @IsDefined()
  @ValidateNested()
  @Type(() => OverviewDto)
  overview: OverviewDto;

  @ApiProperty({ type: ExecutionDto, description: '执行情况' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExecutionDto)
  execution: ExecutionDto;

  @ApiProperty({ type: EffectivenessDto, description: '成效评估' })
  @IsDefined()
  @ValidateNested()
  @Type(() => EffectivenessDto)
  effectiveness: EffectivenessDto;

  @ApiProperty({ type: LessonsDto, description: '经验总结' })
  @IsDefined()
  @ValidateNested()
  @Type(() => LessonsDto)
  lessons: LessonsDto;

  @ApiProperty({ type: ImprovementsDto, description: '改进建议' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ImprovementsDto)
  improvements: ImprovementsDto;

  @ApiProperty({ type: [AttachmentRefDto], example: ex.attachments })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefDto)
  attachments: AttachmentRefDto[];

  @ApiProperty({ type: CompilerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CompilerDto)
  compiler: CompilerDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['effectiveness.qualitative.industryImpact'],
    description:
      'R-13.2.3 text fields the compiler marks confidential, as dotted paths (`lessons.problems.1.description`): ' +
      'only management reads them, everyone else gets 【已隐去】. Each must name a text field the document has: ' +
      CONFIDENTIAL_TEXT_FIELDS.join(', '),
    maxItems: 100,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @ConfidentialPaths()
  confidential?: string[];
}

export class SubmitSummaryDto {
  @ApiProperty({ type: SummaryDocumentDto, example: ex })
  @IsDefined()
  @ValidateNested()
  @Type(() => SummaryDocumentDto)
  document: SummaryDocumentDto;
}
