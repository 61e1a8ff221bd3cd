import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '../../../../../libs/domain/roles.js';
import { SCORE_YEAR_MAX, SCORE_YEAR_MIN } from '../../../../../libs/reports/score-inputs.js';
import { DIMENSIONS, POINTS, type Dimension, type ScoreRule } from '../../../../../libs/reports/scoring.js';
import { toInteger } from '../../common/query.js';

export const SCORE_FLAG_KINDS = ['falsified', 'commended'] as const;
export type ScoreFlagKind = (typeof SCORE_FLAG_KINDS)[number];
export const SCORE_FLAG_REASON_MAX = 2000;
const SCORE_RULES = Object.keys(POINTS) as ScoreRule[];

/* ---- score flags ---- */

/** R-18.2: the 通报 "falsified" flag or the authorities' commendation, set or withdrawn with a reason. */
export class CreateScoreFlagDto {
  @ApiProperty({
    enum: SCORE_FLAG_KINDS,
    example: 'falsified',
    description: '`falsified`: 通报弄虚作假 (quality −10); `commended`: 主管部门表扬 (application +10)',
  })
  @IsIn(SCORE_FLAG_KINDS)
  kind: ScoreFlagKind;

  @ApiProperty({ example: true, description: 'true sets the flag, false withdraws it; the latest entry of a kind is in force' })
  @IsDefined()
  @IsBoolean()
  value: boolean;

  @ApiProperty({ example: '经监事会核查,满意度问卷回收数与原始问卷不符', maxLength: SCORE_FLAG_REASON_MAX })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(SCORE_FLAG_REASON_MAX)
  reason: string;
}

export class ScoreFlagActorView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: ROLES, example: 'supervisor' })
  role: Role;

  @ApiProperty({ type: String, nullable: true, example: '监事会' })
  displayName: string | null;
}

export class ScoreFlagView {
  @ApiProperty({ example: '12', description: 'Entry id (entries are never changed: a new one supersedes)' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ enum: SCORE_FLAG_KINDS })
  kind: ScoreFlagKind;

  @ApiProperty()
  value: boolean;

  @ApiProperty({ example: '经监事会核查,满意度问卷回收数与原始问卷不符' })
  reason: string;

  @ApiProperty({ type: ScoreFlagActorView })
  by: ScoreFlagActorView;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class ScoreFlagsView {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ description: 'The 通报 flag in force (the latest `falsified` entry; false without one)' })
  falsified: boolean;

  @ApiProperty({ description: 'The commendation in force (the latest `commended` entry; false without one)' })
  commended: boolean;

  @ApiProperty({ type: [ScoreFlagView], description: 'Every entry, newest first' })
  history: ScoreFlagView[];
}

/* ---- department scores ---- */

export class DepartmentScoresQuery {
  @ApiProperty({
    type: 'integer',
    minimum: SCORE_YEAR_MIN,
    maximum: SCORE_YEAR_MAX,
    example: 2026,
    description: 'The year scored: activities that ended in it (Asia/Shanghai)',
  })
  @toInteger
  @IsInt()
  @Min(SCORE_YEAR_MIN)
  @Max(SCORE_YEAR_MAX)
  year: number;
}

export class ScoreItemView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for a department-wide item (the implementation rate)' })
  activityId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026青年导演论坛' })
  activityName: string | null;

  @ApiProperty({ enum: DIMENSIONS })
  dimension: Dimension;

  @ApiProperty({ enum: SCORE_RULES, example: 'lateDraft' })
  rule: ScoreRule;

  @ApiProperty({ example: 'Draft submitted late (R-7.2)' })
  reason: string;

  @ApiProperty({ example: '初稿逾期提交(R-7.2)' })
  reasonZh: string;

  @ApiProperty({ type: 'integer', example: -5, description: 'Signed: a deduction is negative, a bonus positive' })
  points: number;
}

export class DimensionScoreView {
  @ApiProperty({ type: 'integer', example: 30 })
  weight: number;

  @ApiProperty({ type: 'integer', example: 20, description: 'Points the deductions ask for, before the floor at 0' })
  deducted: number;

  @ApiProperty({ type: 'integer', example: 0 })
  bonus: number;

  @ApiProperty({ type: 'integer', example: 10 })
  score: number;

  @ApiProperty({ example: '30 − 5×2 − 10 = 10', description: 'The arithmetic; `→ 0` marks the floor' })
  arithmetic: string;
}

export class DimensionsView {
  @ApiProperty({ type: DimensionScoreView })
  timeliness: DimensionScoreView;

  @ApiProperty({ type: DimensionScoreView })
  quality: DimensionScoreView;

  @ApiProperty({ type: DimensionScoreView })
  application: DimensionScoreView;
}

export class ScoreSuggestionCountsView {
  @ApiProperty({ type: 'integer', example: 3 })
  implemented: number;

  @ApiProperty({ type: 'integer', example: 4 })
  total: number;
}

export class DepartmentScoreView {
  @ApiProperty({ example: 'publicity' })
  department: string;

  @ApiProperty({ example: '宣传部' })
  departmentName: string;

  @ApiProperty({ type: 'integer', example: 12, description: 'Activities of the year the department led' })
  activityCount: number;

  @ApiProperty({ type: 'integer', example: 10, description: 'Weight 30: −5 per late draft, −10 per late final; never below 0' })
  timeliness: number;

  @ApiProperty({ type: 'integer', example: 47, description: 'Weight 50: −3 per summary returned at least once, −10 per falsified one' })
  quality: number;

  @ApiProperty({
    type: 'integer',
    example: 35,
    description: 'Weight 20: −5 if the implementation rate < 60%; then +5 per training-material summary, +10 per commended one',
  })
  application: number;

  @ApiProperty({ type: 'integer', example: 92, description: 'May exceed 100 (bonuses)' })
  total: number;

  @ApiProperty({ type: DimensionsView })
  dimensions: DimensionsView;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 75,
    description: 'Implemented ÷ all suggestions of the year, percent; null without any',
  })
  implementationRate: number | null;

  @ApiProperty({ type: ScoreSuggestionCountsView })
  suggestions: ScoreSuggestionCountsView;

  @ApiProperty({ type: [ScoreItemView] })
  deductions: ScoreItemView[];

  @ApiProperty({ type: [ScoreItemView] })
  bonuses: ScoreItemView[];
}

export class RewardCandidateView {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛' })
  activityName: string;

  @ApiProperty({ example: 'publicity' })
  department: string;

  @ApiProperty({ example: '宣传部' })
  departmentName: string;

  @ApiProperty({ description: 'User id of who compiled the final version' })
  compilerId: string;

  @ApiProperty({ type: String, nullable: true, example: '宣传部编制人' })
  compilerName: string | null;

  @ApiProperty({ enum: ['trainingMaterial', 'commended'], isArray: true })
  grounds: Array<'trainingMaterial' | 'commended'>;
}

export class DepartmentScoresView {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ type: [DepartmentScoreView], description: 'Every department, best first' })
  items: DepartmentScoreView[];

  @ApiProperty({
    type: [DepartmentScoreView],
    description:
      'R-19 活动管理先进单位: the top 2 among departments that led activities in the year; ties: fewer deduction points, ' +
      'then more activities, then the department code',
  })
  advanced: DepartmentScoreView[];

  @ApiProperty({
    type: [RewardCandidateView],
    description:
      'R-19 compilers of excellent summaries: training material (R-14.3) or commended, never returned, not falsified ' +
      '(amount 500–2000 yuan, set by management)',
  })
  rewardCandidates: RewardCandidateView[];
}
