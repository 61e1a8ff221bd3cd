import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ACTIVITY_TYPES, DEPARTMENT_CODE_PATTERN, type ActivityType } from '../../../../../libs/domain/activity.js';
import { toInteger } from '../../common/query.js';

/** 报表: one year (Asia/Shanghai), the whole association or one department. */
export class StatisticsQuery {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026, description: 'Calendar year, Asia/Shanghai' })
  @toInteger
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    example: 'publicity',
    pattern: DEPARTMENT_CODE_PATTERN.source,
    description:
      'Only this department (lead department of activities, responsible department of suggestions); ' +
      'a department head always gets their own',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN)
  department?: string;
}

export class DeadlineTallyView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Met no later than the due instant' })
  onTime: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Met after the due instant' })
  lateMet: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Overdue and still open' })
  overdue: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'lateMet + overdue' })
  late: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Not met yet, not escalated' })
  pending: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 92.3,
    description: 'onTime ÷ (onTime + late) × 100, one decimal; null when none was decided',
  })
  onTimeRate: number | null;
}

export class TimelinessMonthView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, description: 'Month of the due date (Asia/Shanghai)' })
  month: number;

  @ApiProperty({ type: DeadlineTallyView, description: 'Draft deadlines (R-7.2) due in the month' })
  draft: DeadlineTallyView;

  @ApiProperty({ type: DeadlineTallyView, description: 'Final-version deadlines (R-7.3) due in the month' })
  final: DeadlineTallyView;
}

export class TimelinessTotalsView {
  @ApiProperty({ type: DeadlineTallyView })
  draft: DeadlineTallyView;

  @ApiProperty({ type: DeadlineTallyView })
  final: DeadlineTallyView;
}

export class TimelinessView {
  @ApiProperty({ type: [TimelinessMonthView], description: 'Months 1–12, every one present' })
  months: TimelinessMonthView[];

  @ApiProperty({ type: TimelinessTotalsView })
  totals: TimelinessTotalsView;
}

export class SuggestionCountsView {
  @ApiProperty({ type: 'integer', minimum: 0, description: '待落实' })
  pending: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: '落实中' })
  inProgress: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: '已落实' })
  implemented: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: '不采纳' })
  rejected: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 62.5,
    description: 'R-16.2 implemented ÷ total × 100, one decimal; null without suggestions',
  })
  implementationRate: number | null;
}

export class SuggestionDepartmentView extends SuggestionCountsView {
  @ApiProperty({ example: 'publicity', description: 'Responsible department' })
  department: string;

  @ApiProperty({ example: '宣传部' })
  departmentName: string;
}

export class SuggestionStatusView {
  @ApiProperty({ type: [SuggestionDepartmentView], description: 'Most suggestions first' })
  byDepartment: SuggestionDepartmentView[];

  @ApiProperty({ type: SuggestionCountsView })
  totals: SuggestionCountsView;
}

export class SatisfactionQuarterView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, description: 'Quarter of the activity’s end (Asia/Shanghai)' })
  quarter: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Final versions with a satisfaction rate' })
  summaries: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 91.3,
    description: 'Mean of their satisfaction rates (%), one decimal; null without any',
  })
  averageSatisfaction: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Their questionnaires together: 满意 + 较满意' })
  satisfiedResponses: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Their questionnaires together: all responses' })
  responses: number;
}

export class SatisfactionSeriesView {
  @ApiProperty({ enum: ACTIVITY_TYPES })
  type: ActivityType;

  @ApiProperty({ example: '学术研讨' })
  typeName: string;

  @ApiProperty({ type: [SatisfactionQuarterView], description: 'Quarters 1–4, every one present' })
  quarters: SatisfactionQuarterView[];
}

export class StatisticsResponse {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The department the figures are limited to; null: the whole association',
  })
  department: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  departmentName: string | null;

  @ApiProperty({ type: TimelinessView, description: 'Draft and final deadlines by the month they were due' })
  timeliness: TimelinessView;

  @ApiProperty({
    type: SuggestionStatusView,
    description: 'Suggestions of final versions formed in the year, by responsible department and status',
  })
  suggestions: SuggestionStatusView;

  @ApiProperty({
    type: [SatisfactionSeriesView],
    description: 'Average satisfaction of the final versions per activity type and quarter; types without a final version are left out',
  })
  satisfaction: SatisfactionSeriesView[];
}
