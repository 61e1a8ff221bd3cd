import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACTIVITY_TYPE_LABELS_ZH } from '../../../../libs/domain/activity.js';
import {
  satisfactionTrend,
  suggestionStatus,
  timelinessByMonth,
  type SatisfactionRow,
  type SuggestionRow,
  type TimelinessRow,
} from '../../../../libs/statistics/statistics.js';
import type { StatisticsResponse } from './dto/statistics.dto.js';

/** The year's bounds as instants: [Jan 1 00:00, next Jan 1 00:00) in Asia/Shanghai ($1 = year). */
const YEAR_START = `make_timestamptz($1, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;
const YEAR_END = `make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;

/**
 * The 报表 figures, each one grouped query over the year: deadlines from the lifecycle each
 * workflow last projected (activities.lifecycle), suggestions from their table, satisfaction from
 * the final versions' metrics. `$2` is the department or null for all.
 */
@Injectable()
export class StatisticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async statistics(year: number, department: string | null): Promise<StatisticsResponse> {
    const params = [year, department];
    const [timeliness, suggestions, satisfaction, name] = await Promise.all([
      this.timeliness(params),
      this.suggestions(params),
      this.satisfaction(params),
      department ? this.departmentName(department) : Promise.resolve(null),
    ]);
    return {
      year,
      department,
      departmentName: department ? (name ?? department) : null,
      timeliness: timelinessByMonth(timeliness),
      suggestions: suggestionStatus(suggestions),
      satisfaction: satisfactionTrend(satisfaction).map((s) => ({ ...s, typeName: ACTIVITY_TYPE_LABELS_ZH[s.type] })),
    };
  }

  /** Draft and final deadlines by the month (Asia/Shanghai) they were due. */
  private async timeliness(params: unknown[]): Promise<TimelinessRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.key, extract(month FROM d.due AT TIME ZONE 'Asia/Shanghai')::int AS month,
              count(*) FILTER (WHERE d.status = 'met' AND d.met <= d.due)::int AS on_time,
              count(*) FILTER (WHERE d.status = 'met' AND d.met > d.due)::int AS late_met,
              count(*) FILTER (WHERE d.status = 'overdue')::int AS overdue,
              count(*) FILTER (WHERE d.status = 'pending')::int AS pending
         FROM activities a
        CROSS JOIN LATERAL (
              SELECT e ->> 'key' AS key, e ->> 'status' AS status,
                     (e ->> 'dueAt')::timestamptz AS due, (e ->> 'metAt')::timestamptz AS met
                FROM jsonb_array_elements(a.lifecycle -> 'deadlines') e
               WHERE e ->> 'key' IN ('draft', 'final')) d
        WHERE a.lifecycle IS NOT NULL
          AND ($2::text IS NULL OR a.lead_department = $2)
          AND d.due >= ${YEAR_START} AND d.due < ${YEAR_END}
        GROUP BY 1, 2`,
      params,
    )) as Array<{ key: 'draft' | 'final'; month: number; on_time: number; late_met: number; overdue: number; pending: number }>;
    return rows.map((r) => ({
      key: r.key,
      month: r.month,
      onTime: r.on_time,
      lateMet: r.late_met,
      overdue: r.overdue,
      pending: r.pending,
    }));
  }

  /** Suggestions of final versions formed in the year, by responsible department and status. */
  private async suggestions(params: unknown[]): Promise<SuggestionRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.responsible_department AS department, d.name_zh AS department_name, s.status, count(*)::int AS count
         FROM suggestions s
         LEFT JOIN departments d ON d.code = s.responsible_department
        WHERE s.finalized_at >= ${YEAR_START} AND s.finalized_at < ${YEAR_END}
          AND ($2::text IS NULL OR s.responsible_department = $2)
        GROUP BY 1, 2, 3`,
      params,
    )) as Array<{ department: string; department_name: string | null; status: SuggestionRow['status']; count: number }>;
    return rows.map((r) => ({ department: r.department, departmentName: r.department_name, status: r.status, count: r.count }));
  }

  /**
   * Final versions (R-7.3: the final deadline met) of activities that ended in the year, one per
   * activity as libs/archive/final-version.ts picks it, averaged per type and quarter of the end.
   */
  private async satisfaction(params: unknown[]): Promise<SatisfactionRow[]> {
    const rows = (await this.dataSource.query(
      `WITH finals AS (
         SELECT DISTINCT ON (a.id) a.type, a.end_at, v.metrics, v.document -> 'effectiveness' -> 'quantitative' -> 'satisfaction' AS figures
           FROM activities a
           JOIN summary_versions v ON v.activity_id = a.id AND v.submitted
          WHERE a.end_at >= ${YEAR_START} AND a.end_at < ${YEAR_END}
            AND ($2::text IS NULL OR a.lead_department = $2)
            AND a.lifecycle -> 'deadlines' @> '[{"key": "final", "status": "met"}]'
          ORDER BY a.id, (v.id::text = a.lifecycle -> 'submissions' -> -1 ->> 'versionId') DESC, v.version_no DESC)
       SELECT type, extract(quarter FROM end_at AT TIME ZONE 'Asia/Shanghai')::int AS quarter,
              count(*)::int AS summaries,
              round(avg((metrics ->> 'satisfaction')::numeric), 1)::float8 AS average,
              coalesce(sum((figures ->> 'satisfied')::bigint + (figures ->> 'fairlySatisfied')::bigint), 0)::float8 AS satisfied,
              coalesce(sum((figures ->> 'responses')::bigint), 0)::float8 AS responses
         FROM finals
        WHERE jsonb_typeof(metrics -> 'satisfaction') = 'number'
        GROUP BY 1, 2`,
      params,
    )) as Array<{
      type: SatisfactionRow['type'];
      quarter: number;
      summaries: number;
      average: number;
      satisfied: number;
      responses: number;
    }>;
    return rows.map((r) => ({
      type: r.type,
      quarter: r.quarter,
      summaries: r.summaries,
      averageSatisfaction: r.average,
      satisfiedResponses: r.satisfied,
      responses: r.responses,
    }));
  }

  private async departmentName(code: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT name_zh FROM departments WHERE code = $1`, [code])) as Array<{ name_zh: string }>;
    return row?.name_zh ?? null;
  }
}
