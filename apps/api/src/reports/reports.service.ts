import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import { PERIOD_FORMATS, periodHasEnded, periodRange, reportWorkflowId, type ReportKind } from '../../../../libs/domain/report-period.js';
import type { ReportContent } from '../../../../libs/reports/content.js';
import { renderReportDocx } from '../../../../libs/reports/docx.js';
import { renderReportXlsx } from '../../../../libs/reports/xlsx.js';
import { PERIODIC_REPORT_WORKFLOW_TYPE, type PeriodicReportInput } from '../../../../workflows/periodic-report-definitions.js';
import { TEMPORAL_RETRY_AFTER_SECONDS } from '../activities/lifecycle.client.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { TemporalGateway } from '../temporal/temporal.module.js';
import { APP_CONFIG } from '../tokens.js';
import type { ReportPage, ReportRunView, ReportsQuery, ReportSummaryView, ReportView } from './dto/reports.dto.js';

interface ReportRow {
  id: string;
  kind: ReportKind;
  period: string;
  title: string;
  period_start: Date;
  period_end: Date;
  content_hash: string;
  generated_at: Date;
  first_generated_at: Date;
  generations: number;
  workflow_id: string;
  run_id: string;
  content?: ReportContent;
  total?: string;
}

const SUMMARY_COLUMNS = `id, kind, period, title, period_start, period_end, content_hash, generated_at, first_generated_at, generations,
  workflow_id, run_id`;

const toSummary = (r: ReportRow): ReportSummaryView => ({
  id: r.id,
  kind: r.kind,
  period: r.period,
  title: r.title,
  periodStart: r.period_start.toISOString(),
  periodEnd: r.period_end.toISOString(),
  contentHash: r.content_hash,
  generatedAt: r.generated_at.toISOString(),
  firstGeneratedAt: r.first_generated_at.toISOString(),
  generations: r.generations,
  workflowId: r.workflow_id,
  runId: r.run_id,
});

/** gRPC codes of a server that is down, overloaded or too slow. */
const TRANSIENT_GRPC = new Set<number>([1, 4, 8, 14]);

/** Stored reports (written by the periodicReport workflow), their exports, and backfill runs. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: ReportsQuery): Promise<ReportPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total FROM reports
        WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR period = $2)
        ORDER BY period_start DESC, kind, id
        LIMIT $3 OFFSET $4`,
      [q.kind ?? null, q.period ?? null, pageSize, (page - 1) * pageSize],
    )) as ReportRow[];
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM reports WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR period = $2)`,
        [q.kind ?? null, q.period ?? null],
      )) as Array<{ n: number }>;
      total = row?.n ?? 0;
    }
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  async get(id: string): Promise<ReportView> {
    const [row] = (await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS}, content FROM reports WHERE id = $1`, [id])) as ReportRow[];
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `No report with id ${id}`, `未找到该报表`);
    return { ...toSummary(row), content: row.content as unknown as Record<string, unknown> };
  }

  async docx(id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const report = await this.get(id);
    return { bytes: await renderReportDocx(report.content as unknown as ReportContent), fileName: `${report.title}.docx` };
  }

  async xlsx(id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const report = await this.get(id);
    return { bytes: await renderReportXlsx(report.content as unknown as ReportContent), fileName: `${report.title}.xlsx` };
  }

  /**
   * A backfill: runs `report-<kind>-<period>` again (a closed run of the period is re-run: id reuse
   * ALLOW_DUPLICATE); while one is under way the request joins it (conflict policy USE_EXISTING).
   */
  async run(kind: ReportKind, period: string, now = new Date()): Promise<ReportRunView> {
    const range = periodRange(kind, period);
    if (!range) {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, `Not a ${kind} period: ${period}`, `报表期间格式不符`, [
        {
          field: 'period',
          code: 'periodFormat',
          message: `a ${kind} period is written ${PERIOD_FORMATS[kind]} (years 2000–2999)`,
          messageZh: `${kind} 报表的期间格式为 ${PERIOD_FORMATS[kind]}（年份 2000–2999）`,
        },
      ]);
    }
    if (!periodHasEnded(range, now)) {
      throw new ApiError(
        ErrorCode.REPORT_PERIOD_NOT_ENDED,
        `${period} has not ended yet (it ends ${range.end})`,
        `${range.labelZh}尚未结束，不能生成报表`,
        [{ field: 'period', code: 'periodNotEnded', message: `the period ends ${range.end}`, messageZh: `该期间于 ${range.end} 结束` }],
      );
    }
    const workflowId = reportWorkflowId(kind, period);
    const input: PeriodicReportInput = { kind, period };
    const handle = await this.call((client) =>
      client.workflow.start(PERIODIC_REPORT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `${kind} report for ${period} (backfill)`,
      }),
    );
    return { kind, period, workflowId, runId: handle.firstExecutionRunId };
  }

  private async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const timeoutMs = this.config.api.temporalRpcTimeoutMs;
    try {
      const client = await this.temporal.client().catch((err: unknown) => {
        throw unavailable(`could not connect to Temporal: ${String(err)}`);
      });
      return await client.connection.withDeadline(Date.now() + timeoutMs, () => fn(client));
    } catch (err) {
      const cause = err instanceof ServiceError ? err.cause : err;
      if (isGrpcServiceError(cause) && TRANSIENT_GRPC.has(cause.code)) throw unavailable(String(err));
      throw err;
    }
  }
}

function unavailable(reason: string): ApiError {
  return new ApiError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    `The workflow service (Temporal) did not answer in time (${reason}); retry later`,
    '流程服务(Temporal)未及时响应,请稍后重试',
    [{ field: 'temporal', code: 'TEMPORAL_UNAVAILABLE', message: reason, messageZh: '流程服务暂不可用' }],
    { retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS },
  );
}
