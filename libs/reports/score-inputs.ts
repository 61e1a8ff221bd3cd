/**
 * R-18 inputs from what was recorded, read set-based (two aggregate queries, whatever the number of
 * activities), and the annual scoring over them (libs/reports/scoring.ts).
 *
 * The activities of year Y are those whose end falls in Y in Asia/Shanghai (a range of the
 * end_at index). For each:
 *  - late draft / late final: activities.late_draft / late_final (the `draft` / `final` deadline
 *    went overdue: escalated, overdue now, or met after its due time — migration 1764190001620);
 *  - returned at least once: the projected revision count > 0;
 *  - falsified / commended: the latest score_flags row of that kind (none: false);
 *  - training material: the final version's metrics (SummaryRates: satisfaction in percent)
 *    satisfaction > 90 or mediaExposure ≥ 1,000,000, and not flagged falsified (isTrainingMaterial);
 *  - its compiler: who created the final version.
 * Per department: its activities of the year, and its suggestions (responsible department) whose
 * final version was formed in Y, implemented ÷ all.
 * A deadline still to come (an activity that ended late in December) scores nothing yet: a re-run
 * after it passes may differ, one after every deadline of the year has passed gives the same result.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  annualScoring,
  TRAINING_MEDIA_EXPOSURE_MIN,
  TRAINING_SATISFACTION_ABOVE,
  type ActivityScoreInput,
  type AnnualScoring,
  type DepartmentInput,
} from './scoring.js';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface ScoreInputs {
  departments: DepartmentInput[];
  /** Only activities with something to score (a deduction, a bonus); the counts are in `departments`. */
  activities: ActivityScoreInput[];
}

/** Years the scoring accepts: the API answers 400 outside them. */
export const SCORE_YEAR_MIN = 2000;
export const SCORE_YEAR_MAX = 2100;

/**
 * `column` in [$1, $2): the year's bounds in Asia/Shanghai, passed as values (see `yearBounds`) so
 * the planner sees them — it estimates the year's share from the index statistics and picks hash
 * joins — and nothing is computed per row.
 */
const inYear = (column: string) => `${column} >= $1 AND ${column} < $2`;

/**
 * Start of `year` and of the next one in Asia/Shanghai: UTC+8 all year (no daylight saving since
 * 1991), so for the accepted years (SCORE_YEAR_MIN–SCORE_YEAR_MAX) the offset is exact.
 */
export function yearBounds(year: number): [string, string] {
  assertYear(year);
  return [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`];
}

export const ACTIVITIES_SQL = `
  WITH y AS (
    SELECT id, name, lead_department, end_at, revision_count > 0 AS returned, late_draft, late_final, final_version_id
      FROM activities
     WHERE ${inYear('end_at')}
  ), flags AS (
    -- Flags are rare (a handful a year): the latest of each kind over the whole table costs less than joining the year.
    SELECT activity_id,
           coalesce(bool_or(value) FILTER (WHERE kind = 'falsified'), false) AS falsified,
           coalesce(bool_or(value) FILTER (WHERE kind = 'commended'), false) AS commended
      FROM (SELECT DISTINCT ON (activity_id, kind) activity_id, kind, value
              FROM score_flags
             ORDER BY activity_id, kind, at DESC, id DESC) latest
     GROUP BY activity_id
  ), scored AS (
    SELECT y.id, y.name, y.lead_department, y.end_at, y.returned, y.late_draft, y.late_final,
           coalesce(fl.falsified, false) AS falsified,
           coalesce(fl.commended, false) AS commended,
           (NOT coalesce(fl.falsified, false)
             AND coalesce((v.metrics ->> 'satisfaction')::numeric > $3 OR (v.metrics ->> 'mediaExposure')::numeric >= $4, false)
           ) AS training,
           v.created_by
      FROM y
      LEFT JOIN flags fl ON fl.activity_id = y.id
      LEFT JOIN summary_versions v ON v.id = y.final_version_id
  )
  SELECT s.*, u.display_name
    FROM scored s
    LEFT JOIN users u ON u.id::text = s.created_by
   WHERE late_draft OR late_final OR returned OR falsified OR commended OR training
   ORDER BY end_at, id`;

export const DEPARTMENTS_SQL = `
  WITH counts AS (
    SELECT lead_department AS code, count(*) AS n FROM activities WHERE ${inYear('end_at')} GROUP BY lead_department
  ), sugg AS (
    SELECT responsible_department AS code, count(*) FILTER (WHERE status = 'implemented') AS implemented, count(*) AS total
      FROM suggestions
     WHERE ${inYear('finalized_at')}
     GROUP BY responsible_department
  ), codes AS (
    SELECT code FROM departments UNION SELECT code FROM counts UNION SELECT code FROM sugg
  )
  SELECT c.code, coalesce(d.name_zh, c.code) AS name, coalesce(counts.n, 0) AS n,
         coalesce(sugg.implemented, 0) AS implemented, coalesce(sugg.total, 0) AS total
    FROM codes c
    LEFT JOIN departments d ON d.code = c.code
    LEFT JOIN counts ON counts.code = c.code
    LEFT JOIN sugg ON sugg.code = c.code`;

interface ActivityRow {
  id: string;
  name: string;
  lead_department: string;
  returned: boolean;
  late_draft: boolean;
  late_final: boolean;
  falsified: boolean;
  commended: boolean;
  training: boolean;
  created_by: string | null;
  display_name: string | null;
}

interface DepartmentRow {
  code: string;
  name: string;
  n: string;
  implemented: string;
  total: string;
}

export async function scoreInputs(db: Queryable, year: number): Promise<ScoreInputs> {
  const bounds = yearBounds(year);
  const activityRows = (await db.query(ACTIVITIES_SQL, [
    ...bounds,
    TRAINING_SATISFACTION_ABOVE,
    TRAINING_MEDIA_EXPOSURE_MIN,
  ])) as ActivityRow[];
  const departmentRows = (await db.query(DEPARTMENTS_SQL, bounds)) as DepartmentRow[];
  return {
    departments: departmentRows.map((r) => ({
      department: r.code,
      departmentName: r.name,
      activityCount: Number(r.n),
      suggestions: { implemented: Number(r.implemented), total: Number(r.total) },
    })),
    activities: activityRows.map((r) => ({
      activityId: r.id,
      activityName: r.name,
      department: r.lead_department,
      lateDraft: r.late_draft,
      lateFinal: r.late_final,
      returned: r.returned,
      falsified: r.falsified,
      commended: r.commended,
      trainingMaterial: r.training,
      compiler: r.created_by ? { userId: r.created_by, displayName: r.display_name } : null,
    })),
  };
}

/**
 * for `year`: every department's score with its deductions and bonuses, the two
 * 先进单位 and the reward candidates. Both reads run in one read-only REPEATABLE READ transaction,
 * so they see the same moment.
 */
export async function departmentScores(db: DataSource, year: number): Promise<AnnualScoring> {
  const inputs = await db.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    return scoreInputs(m, year);
  });
  return annualScoring(inputs.departments, inputs.activities);
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < SCORE_YEAR_MIN || year > SCORE_YEAR_MAX) {
    throw new RangeError(`year must be an integer from ${SCORE_YEAR_MIN} to ${SCORE_YEAR_MAX}, got ${year}`);
  }
}
