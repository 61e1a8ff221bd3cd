import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { REPORT_KINDS, type ReportKind } from '../../../../../libs/domain/report-period.js';
import { PageInfo, PageQuery } from '../../common/query.js';

/** Any kind's period: `2026-Q3`, `2026-H1` or `2026`; whether it fits the kind is checked by the service (400). */
export const ANY_PERIOD_PATTERN = /^\d{4}(-(Q[1-4]|H[12]))?$/;

const KIND_DESCRIPTION =
  '`process-optimization` (quarterly 流程优化清单, R-14.2), `application-evaluation` (semi-annual 总结应用评估报告, R-16.2), ' +
  '`annual` (典型案例, 培训教材, 重点活动摘要; R-14.1, R-14.3, R-15.1, R-18/R-19)';

export class ReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_KINDS, description: KIND_DESCRIPTION })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;

  @ApiPropertyOptional({ example: '2026-Q3', pattern: ANY_PERIOD_PATTERN.source, description: '`YYYY-Qn`, `YYYY-Hn` or `YYYY`' })
  @IsOptional()
  @IsString()
  @Matches(ANY_PERIOD_PATTERN, { message: 'period must look like 2026-Q3, 2026-H1 or 2026' })
  period?: string;
}

/** `POST /api/reports/runs`: re-run (backfill) the report of a period that has ended. */
export class ReportRunDto {
  @ApiProperty({ enum: REPORT_KINDS, example: 'process-optimization', description: KIND_DESCRIPTION })
  @IsIn(REPORT_KINDS)
  kind: ReportKind;

  @ApiProperty({
    example: '2026-Q3',
    pattern: ANY_PERIOD_PATTERN.source,
    description:
      'A period of the kind: `YYYY-Qn` (process-optimization), `YYYY-Hn` (application-evaluation), `YYYY` (annual); it must have ended',
  })
  @IsString()
  @Matches(ANY_PERIOD_PATTERN, { message: 'period must look like 2026-Q3, 2026-H1 or 2026' })
  period: string;
}

export class ReportSummaryView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;

  @ApiProperty({ example: '2026-Q3' })
  period: string;

  @ApiProperty({ example: '2026年第三季度流程优化清单' })
  title: string;

  @ApiProperty({ format: 'date-time', description: 'First instant of the period (00:00 Asia/Shanghai)' })
  periodStart: string;

  @ApiProperty({ format: 'date-time', description: 'First instant after the period (exclusive end)' })
  periodEnd: string;

  @ApiProperty({
    example: '3f1c…',
    description: 'sha256 of the canonical JSON content: a backfill with the same records gives the same hash',
  })
  contentHash: string;

  @ApiProperty({ format: 'date-time', description: 'When the stored content was last (re)generated' })
  generatedAt: string;

  @ApiProperty({ format: 'date-time' })
  firstGeneratedAt: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'How many runs wrote this report (1 + backfills)' })
  generations: number;

  @ApiProperty({ example: 'report-process-optimization-2026-Q3', description: 'The workflow of the last run (Temporal UI)' })
  workflowId: string;

  @ApiProperty()
  runId: string;
}

export class ReportPage extends PageInfo {
  @ApiProperty({ type: [ReportSummaryView] })
  items: ReportSummaryView[];
}

export class ReportView extends ReportSummaryView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The report (libs/reports/content.ts): header fields (`kind`, `period`, `periodLabelZh`, `title`, `audience`) and per kind ' +
      '`totals` + `departments[]` (process-optimization), `implementation` + `qualityTrend` (application-evaluation), ' +
      '`typicalCases`, `trainingMaterial`, `keyActivityAbstracts`, `departmentScores` (annual)',
  })
  content: Record<string, unknown>;
}

export class ReportRunView {
  @ApiProperty({ enum: REPORT_KINDS })
  kind: ReportKind;

  @ApiProperty({ example: '2026-Q3' })
  period: string;

  @ApiProperty({ example: 'report-process-optimization-2026-Q3' })
  workflowId: string;

  @ApiProperty({ description: 'The run that will write the report (the running one when a run of this period is under way)' })
  runId: string;
}
