/**
 * I/O of the periodic report workflow (workflows/periodic-report.ts): reads the period's records,
 * builds the content with the pure rules of libs/reports/content.ts, stores it in `reports`
 * (one row per kind and period, rewritten by a re-run) and announces it in its audience's inbox,
 * once per report and recipient (dedupe key). Both activities are idempotent.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../libs/domain/activity.js';
import { redactDocument } from '../libs/redaction/index.js';
import {
  groupByDepartment,
  implementationOf,
  keyActivityAbstracts,
  qualityTrend,
  REPORT_AUDIENCE,
  trainingMaterial,
  typicalCases,
  countStatuses,
  type AnnualContent,
  type ApplicationEvaluationContent,
  type FinalActivity,
  type ProcessOptimizationContent,
  type ReportContent,
  type ReportHeader,
  type SatisfactionBaseline,
  type SuggestionRow,
} from '../libs/reports/content.js';
import { periodRange, REPORT_KIND_LABELS_ZH, type PeriodRange, type ReportKind } from '../libs/domain/report-period.js';
import type { SummaryDocument } from '../libs/summary/document.js';
import { canonicalJson } from '../libs/summary/hash.js';
import { departmentScores } from '../libs/reports/score-inputs.js';

type Db = Pick<DataSource, 'query'>;

export interface ReportActivityDeps {
  dataSource: DataSource;
  /** Base of the links in messages (AppConfig.api.publicUrl). */
  publicUrl?: string;
}

/** Stages in which the final version exists and its content is kept (a destroyed one is DISPOSED). */
const FINAL_STAGES = ['ARCHIVING', 'FEEDBACK', 'RETAINED'];

/** sha256 of the canonical JSON (sorted keys), like a summary version's content hash. */
export function reportContentHash(content: ReportContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

async function departmentNames(db: Db): Promise<(code: string) => string> {
  const rows = (await db.query(`SELECT code, name_zh FROM departments`)) as Array<{ code: string; name_zh: string }>;
  const names = new Map(rows.map((r) => [r.code, r.name_zh]));
  return (code) => names.get(code) ?? code;
}

const typeZh = (t: string) => ACTIVITY_TYPE_LABELS_ZH[t as ActivityType] ?? t;

/**
 * The suggestions whose final version was formed in the period, each with its status as it stood
 * at the period's end: the last recorded change before the end, else the status the first later
 * change started from, else the current one. A backfill therefore reports what the scheduled
 * run saw, whatever happened to the suggestions since.
 */
async function suggestionsOf(db: Db, range: PeriodRange): Promise<SuggestionRow[]> {
  const rows = (await db.query(
    `SELECT s.id, s.activity_id, a.name AS activity_name, s.position, s.measure, s.responsible_department,
            s.cooperating_departments, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.finalized_at,
            to_char(s.finalized_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS finalized_on,
            COALESCE(before.to_status, after.from_status, s.status) AS status,
            CASE WHEN before.id IS NULL AND after.id IS NULL THEN s.status_reason ELSE before.note END AS status_reason
       FROM suggestions s
       JOIN activities a ON a.id = s.activity_id
       LEFT JOIN LATERAL (SELECT u.id, u.to_status, u.note FROM suggestion_updates u
                           WHERE u.suggestion_id = s.id AND u.at < $2 ORDER BY u.at DESC, u.id DESC LIMIT 1) before ON true
       LEFT JOIN LATERAL (SELECT u.id, u.from_status FROM suggestion_updates u
                           WHERE u.suggestion_id = s.id AND u.at >= $2 ORDER BY u.at, u.id LIMIT 1) after ON true
      WHERE s.finalized_at >= $1 AND s.finalized_at < $2
      ORDER BY s.finalized_at, s.activity_id, s.position`,
    [range.start, range.end],
  )) as Array<{
    id: string;
    activity_id: string;
    activity_name: string;
    position: number;
    measure: string;
    responsible_department: string;
    cooperating_departments: string[];
    due_date: string;
    finalized_at: Date;
    finalized_on: string;
    status: SuggestionRow['status'];
    status_reason: string | null;
  }>;
  return rows.map((r) => ({
    suggestionId: r.id,
    activityId: r.activity_id,
    activityName: r.activity_name,
    position: r.position,
    measure: r.measure,
    responsibleDepartment: r.responsible_department,
    cooperatingDepartments: r.cooperating_departments,
    dueDate: r.due_date,
    finalizedOn: r.finalized_on,
    finalizedAt: r.finalized_at.toISOString(),
    status: r.status,
    statusReason: r.status === 'rejected' ? r.status_reason : null,
  }));
}

/** Final versions (the rule of libs/archive/final-version.ts) of activities that ended in [from, to). */
const FINALS_SQL = `
  SELECT DISTINCT ON (a.id) a.id, a.name, a.type, a.lead_department, a.end_at, a.is_major,
         to_char(a.end_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS end_date, v.metrics, v.document
    FROM activities a
    JOIN summary_versions v ON v.activity_id = a.id AND v.submitted
   WHERE a.stage = ANY($3) AND a.end_at >= $1 AND a.end_at < $2
   ORDER BY a.id, (v.id::text = a.lifecycle -> 'submissions' -> -1 ->> 'versionId') DESC, v.version_no DESC`;

async function finalsOf(db: Db, range: PeriodRange, departmentZh: (c: string) => string): Promise<FinalActivity[]> {
  const rows = (await db.query(FINALS_SQL, [range.start, range.end, FINAL_STAGES])) as Array<{
    id: string;
    name: string;
    type: string;
    lead_department: string;
    end_at: Date;
    end_date: string;
    is_major: boolean;
    metrics: { satisfaction?: number | null; participation?: number | null; mediaExposure?: number; mediaReports?: number } | null;
    document: SummaryDocument;
  }>;
  return rows
    .map((r) => {
      // The report goes beyond management (to the authorities, R-15.1): confidential parts and personal data masked.
      const doc = redactDocument(r.document, { reader: 'external' });
      const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
      return {
        activityId: r.id,
        name: r.name,
        type: r.type,
        typeZh: typeZh(r.type),
        department: r.lead_department,
        departmentZh: departmentZh(r.lead_department),
        endAt: r.end_at.toISOString(),
        endDate: r.end_date,
        isMajor: r.is_major,
        satisfaction: num(r.metrics?.satisfaction),
        participation: num(r.metrics?.participation),
        mediaExposure: num(r.metrics?.mediaExposure) ?? 0,
        mediaReports: num(r.metrics?.mediaReports) ?? 0,
        background: doc?.overview?.goals?.background ?? '',
        socialValue: doc?.effectiveness?.qualitative?.socialValue ?? '',
      };
    })
    .sort((a, b) => (a.endAt < b.endAt ? -1 : a.endAt > b.endAt ? 1 : a.activityId < b.activityId ? -1 : 1));
}

/** Sum and count of final satisfaction rates per type, of activities that ended before `before`. */
async function baselines(db: Db, before: string): Promise<SatisfactionBaseline[]> {
  const rows = (await db.query(
    `SELECT f.type, count(*)::int AS count, COALESCE(sum((f.metrics ->> 'satisfaction')::numeric), 0)::float8 AS sum
       FROM (${FINALS_SQL}) f
      WHERE jsonb_typeof(f.metrics -> 'satisfaction') = 'number'
      GROUP BY f.type ORDER BY f.type`,
    ['-infinity', before, FINAL_STAGES],
  )) as Array<{ type: string; count: number; sum: number }>;
  return rows.map((r) => ({ type: r.type, count: r.count, sum: r.sum }));
}

function header(range: PeriodRange): ReportHeader {
  return {
    kind: range.kind,
    period: range.period,
    periodLabelZh: range.labelZh,
    periodStart: range.start,
    periodEnd: range.end,
    title: `${range.labelZh}${REPORT_KIND_LABELS_ZH[range.kind]}`,
    audience: [...REPORT_AUDIENCE[range.kind]],
  };
}

/** The report's content from the records as they are now (statuses as of the period's end). */
export async function buildReportContent(deps: ReportActivityDeps, range: PeriodRange): Promise<ReportContent> {
  const db = deps.dataSource;
  const departmentZh = await departmentNames(db);
  switch (range.kind) {
    case 'process-optimization': {
      const rows = await suggestionsOf(db, range);
      return {
        ...header(range),
        kind: 'process-optimization',
        statusAsOf: range.end,
        totals: countStatuses(rows),
        departments: groupByDepartment(rows, departmentZh),
      } satisfies ProcessOptimizationContent;
    }
    case 'application-evaluation': {
      const [rows, finals, earlier] = await Promise.all([
        suggestionsOf(db, range),
        finalsOf(db, range, departmentZh),
        baselines(db, range.start),
      ]);
      return {
        ...header(range),
        kind: 'application-evaluation',
        statusAsOf: range.end,
        implementation: implementationOf(rows, departmentZh),
        qualityTrend: qualityTrend(finals, earlier, typeZh),
      } satisfies ApplicationEvaluationContent;
    }
    case 'annual': {
      const finals = await finalsOf(db, range, departmentZh);
      const cases = typicalCases(finals);
      // as GET /api/reports/department-scores gives them: the same function, the same figures.
      const scores = await departmentScores(deps.dataSource, range.year);
      return {
        ...header(range),
        kind: 'annual',
        activityCount: finals.length,
        typicalCases: cases,
        trainingMaterial: trainingMaterial(finals),
        keyActivityAbstracts: keyActivityAbstracts(finals, new Set(cases.items.map((c) => c.activityId))),
        departmentScores: scores,
      } satisfies AnnualContent;
    }
  }
}

export interface StoredReport {
  reportId: string;
  contentHash: string;
  /** False when a re-run found the same content already stored. */
  changed: boolean;
}

export function createReportActivities(deps: ReportActivityDeps) {
  const { dataSource } = deps;
  const base = (deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  return {
    /** Builds the report and writes its row: inserted once per kind and period, rewritten by a re-run (same id). */
    async storeReport(input: { kind: ReportKind; period: string; workflowId: string; runId: string }): Promise<StoredReport> {
      const range = periodRange(input.kind, input.period);
      if (!range) throw new Error(`not a ${input.kind} period: ${input.period}`);
      const content = await buildReportContent(deps, range);
      const hash = reportContentHash(content);
      const [row] = (await dataSource.query(
        `WITH previous AS (SELECT content_hash FROM reports WHERE kind = $2 AND period = $3)
         INSERT INTO reports (id, kind, period, period_start, period_end, title, content, content_hash, workflow_id, run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (kind, period) DO UPDATE
           SET content = EXCLUDED.content, content_hash = EXCLUDED.content_hash, title = EXCLUDED.title,
               workflow_id = EXCLUDED.workflow_id, run_id = EXCLUDED.run_id, generated_at = now(),
               generations = reports.generations + 1
         RETURNING id, (SELECT content_hash FROM previous) AS previous_hash`,
        [
          randomUUID(),
          input.kind,
          input.period,
          range.start,
          range.end,
          content.title,
          JSON.stringify(content),
          hash,
          input.workflowId,
          input.runId,
        ],
      )) as Array<{ id: string; previous_hash: string | null }>;
      return { reportId: row!.id, contentHash: hash, changed: row!.previous_hash !== hash };
    },

    /** One inbox message per active holder of the audience's roles, once per report and recipient (dedupe key). */
    async sendReport(input: { reportId: string }): Promise<{ users: string[] }> {
      const [report] = (await dataSource.query(`SELECT id, kind, period, title FROM reports WHERE id = $1`, [input.reportId])) as Array<{
        id: string;
        kind: ReportKind;
        period: string;
        title: string;
      }>;
      if (!report) throw new Error(`report ${input.reportId} not found`);
      const users = (await dataSource.query(`SELECT id, username FROM users WHERE active AND role = ANY($1) ORDER BY username`, [
        REPORT_AUDIENCE[report.kind],
      ])) as Array<{ id: string; username: string }>;
      const body = `${report.title}已生成，可在线查看或下载 Word、Excel 版本。`;
      await dataSource.transaction(async (em) => {
        for (const u of users) {
          await em.query(
            `INSERT INTO notifications (id, user_id, report_id, deadline_key, kind, title, body, link, dedupe_key)
             VALUES ($1, $2, $3, $4, 'report', $5, $6, $7, $8)
             ON CONFLICT (dedupe_key) DO NOTHING`,
            [
              randomUUID(),
              u.id,
              report.id,
              report.kind,
              report.title,
              body,
              `${base}/reports/${report.id}`,
              `report:${report.kind}:${report.period}:${u.id}`,
            ],
          );
        }
      });
      return { users: users.map((u) => u.username) };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
