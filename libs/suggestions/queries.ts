/**
 * Reading the tracked suggestions: the list the API pages through,
 * the suggestions a report period holds, and the implementation rate. A suggestion belongs to the
 * period its final version was formed in (`finalized_at`); periods are half-open, [from, to).
 * `department` always means the responsible department here: the department that is scored on it
 * and that the council's list groups by.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { periodOf, SUGGESTION_STATUS_ZH, type SuggestionStatus } from './status.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface SuggestionItem {
  id: string;
  activityId: string;
  activityName: string;
  activityType: string;
  leadDepartment: string;
  /** Index in the final version's `improvements.suggestions`. */
  position: number;
  measure: string;
  responsibleDepartment: string;
  /** The department's Chinese name (its code when the directory does not know it). */
  responsibleDepartmentZh: string;
  cooperatingDepartments: string[];
  cooperatingDepartmentsZh: string[];
  /** YYYY-MM-DD */
  dueDate: string;
  resourceNeeds: string;
  status: SuggestionStatus;
  statusZh: string;
  /** The reason of a rejection (不采纳理由); null in any other status. */
  statusReason: string | null;
  /** When the final version was formed (ISO instant). */
  finalizedAt: string;
  /** The quarter of `finalizedAt` in Asia/Shanghai, e.g. `2026-Q4`. */
  quarter: string;
  updatedAt: string;
  /** Who changed the status last (user id); null while untouched. */
  updatedBy: string | null;
}

export interface PeriodFilter {
  from: Date;
  to: Date;
  /** Responsible department code. */
  department?: string;
}

export interface ListFilter {
  from?: Date;
  to?: Date;
  /** Responsible department code. */
  department?: string;
  status?: SuggestionStatus;
  activityId?: string;
  /** Only suggestions this department is responsible for or cooperates on (department-scoped readers). */
  involving?: string;
  limit?: number;
  offset?: number;
}

interface Row {
  id: string;
  activity_id: string;
  activity_name: string;
  activity_type: string;
  lead_department: string;
  position: number;
  measure: string;
  responsible_department: string;
  responsible_department_zh: string;
  cooperating_departments: string[];
  cooperating_departments_zh: string[];
  due_date: string;
  resource_needs: string;
  status: SuggestionStatus;
  status_reason: string | null;
  finalized_at: Date;
  updated_at: Date;
  updated_by: string | null;
  total?: string;
}

const SELECT = `
  SELECT s.id, s.activity_id, a.name AS activity_name, a.type AS activity_type, a.lead_department, s.position, s.measure,
         s.responsible_department, COALESCE(rd.name_zh, s.responsible_department) AS responsible_department_zh,
         s.cooperating_departments,
         ARRAY(SELECT COALESCE(d.name_zh, u.code)
                 FROM unnest(s.cooperating_departments) WITH ORDINALITY AS u(code, n)
                 LEFT JOIN departments d ON d.code = u.code
                ORDER BY u.n) AS cooperating_departments_zh,
         to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.resource_needs, s.status, s.status_reason, s.finalized_at,
         s.updated_at, s.updated_by`;

const FROM = `
    FROM suggestions s
    JOIN activities a ON a.id = s.activity_id
    LEFT JOIN departments rd ON rd.code = s.responsible_department`;

/** The suggestion's place in reports: responsible department, then when it was formed, activity, position. */
const ORDER = `ORDER BY s.responsible_department, s.finalized_at, s.activity_id, s.position`;

function toItem(r: Row): SuggestionItem {
  return {
    id: r.id,
    activityId: r.activity_id,
    activityName: r.activity_name,
    activityType: r.activity_type,
    leadDepartment: r.lead_department,
    position: r.position,
    measure: r.measure,
    responsibleDepartment: r.responsible_department,
    responsibleDepartmentZh: r.responsible_department_zh,
    cooperatingDepartments: r.cooperating_departments,
    cooperatingDepartmentsZh: r.cooperating_departments_zh,
    dueDate: r.due_date,
    resourceNeeds: r.resource_needs,
    status: r.status,
    statusZh: SUGGESTION_STATUS_ZH[r.status],
    statusReason: r.status_reason,
    finalizedAt: r.finalized_at.toISOString(),
    quarter: periodOf(r.finalized_at, 'quarter'),
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

function whereOf(f: ListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.from) add((p) => `s.finalized_at >= ${p}`, f.from);
  if (f.to) add((p) => `s.finalized_at < ${p}`, f.to);
  if (f.department !== undefined) add((p) => `s.responsible_department = ${p}`, f.department);
  if (f.status) add((p) => `s.status = ${p}`, f.status);
  if (f.activityId) add((p) => `s.activity_id = ${p}`, f.activityId);
  if (f.involving !== undefined) add((p) => `(s.responsible_department = ${p} OR ${p} = ANY (s.cooperating_departments))`, f.involving);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** One page of the suggestions that match, with how many match in all. */
export async function listSuggestions(db: Db, f: ListFilter): Promise<{ items: SuggestionItem[]; total: number }> {
  const { sql, params } = whereOf(f);
  const limit = f.limit ?? 20;
  const offset = f.offset ?? 0;
  const rows = (await db.query(
    `${SELECT}, count(*) OVER () AS total ${FROM} ${sql}
     ORDER BY s.finalized_at DESC, s.activity_id, s.position
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  )) as Row[];
  let total = rows[0] ? Number(rows[0].total) : 0;
  // A page past the end has no row to carry the count.
  if (!rows.length && offset > 0) {
    const [n] = (await db.query(`SELECT count(*) AS n ${FROM} ${sql}`, params)) as Array<{ n: string }>;
    total = Number(n?.n ?? 0);
  }
  return { items: rows.map(toItem), total };
}

export async function findSuggestion(db: Db, id: string): Promise<SuggestionItem | null> {
  const rows = (await db.query(`${SELECT} ${FROM} WHERE s.id = $1`, [id])) as Row[];
  return rows[0] ? toItem(rows[0]) : null;
}

/** every suggestion finalized in [from, to), by responsible department, in the order the list is read. */
export async function suggestionsInPeriod(db: Db, f: PeriodFilter): Promise<SuggestionItem[]> {
  const { sql, params } = whereOf({ from: f.from, to: f.to, department: f.department });
  return ((await db.query(`${SELECT} ${FROM} ${sql} ${ORDER}`, params)) as Row[]).map(toItem);
}

export interface ImplementationRate {
  implemented: number;
  total: number;
  /** implemented ÷ total (0–1); null when the period has no suggestion. */
  rate: number | null;
}

const rateOf = (implemented: number, total: number): ImplementationRate => ({
  implemented,
  total,
  rate: total ? implemented / total : null,
});

/** the implementation rate = implemented ÷ all suggestions finalized in [from, to) (of the responsible department). */
export async function implementationRate(db: Db, f: PeriodFilter): Promise<ImplementationRate> {
  const { sql, params } = whereOf({ from: f.from, to: f.to, department: f.department });
  const [row] = (await db.query(
    `SELECT count(*) FILTER (WHERE s.status = 'implemented') AS implemented, count(*) AS total FROM suggestions s ${sql}`,
    params,
  )) as Array<{ implemented: string; total: string }>;
  return rateOf(Number(row?.implemented ?? 0), Number(row?.total ?? 0));
}

/** the implementation rate of every responsible department with suggestions finalized in [from, to), in one query. */
export async function implementationRatesByDepartment(
  db: Db,
  f: Omit<PeriodFilter, 'department'>,
): Promise<Map<string, ImplementationRate>> {
  const rows = (await db.query(
    `SELECT s.responsible_department AS department, count(*) FILTER (WHERE s.status = 'implemented') AS implemented, count(*) AS total
       FROM suggestions s
      WHERE s.finalized_at >= $1 AND s.finalized_at < $2
      GROUP BY s.responsible_department`,
    [f.from, f.to],
  )) as Array<{ department: string; implemented: string; total: string }>;
  return new Map(rows.map((r) => [r.department, rateOf(Number(r.implemented), Number(r.total))]));
}
