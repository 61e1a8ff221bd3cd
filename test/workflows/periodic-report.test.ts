/**
 * Issue 15 periodic reports on the time-skipping server, with the real activities and PostgreSQL:
 * a run started inside a quarter waits on its durable timer until the quarter has ended, then
 * stores the 流程优化清单 (R-14.2) with the suggestions recorded in that quarter and announces it
 * once per recipient; a backfill of a past period gives the same content hash, with statuses as
 * they stood at the period's end. Rows are told apart from other suites' by this file's own
 * departments, users and activities.
 */
import { randomUUID } from 'node:crypto';
import { departmentScores } from '../../libs/reports/score-inputs.js';
import { periodContaining, periodRange, reportWorkflowId, type ReportKind } from '../../libs/domain/report-period.js';
import type { AnnualContent, ApplicationEvaluationContent, ProcessOptimizationContent } from '../../libs/reports/content.js';
import type { PeriodicReportResult } from '../../workflows/periodic-report-definitions.js';
import { insertDepartment, insertFinalActivity, insertSuggestion } from '../support/report-fixtures.js';
import { startTimeSkipping } from './support/env.js';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
let department: string;
let other: string;
let manager: string;
let staff: string;
const made: string[] = [];

async function user(role: string, dept: string | null = null): Promise<string> {
  const [row] = (await t.dataSource.query(
    `INSERT INTO users (username, display_name, role, department_code, password_hash) VALUES ($1, $2, $3, $4, 'x') RETURNING id`,
    [`rp-${role}-${randomUUID().slice(0, 8)}`, `报表${role}`, role, dept],
  )) as Array<{ id: string }>;
  made.push(row!.id);
  return row!.id;
}

beforeAll(async () => {
  t = await startTimeSkipping({ cacheWorkflows: true });
  department = await insertDepartment(t.dataSource, 'rp', '报表测试部');
  other = await insertDepartment(t.dataSource, 'rq', '报表协办部');
  manager = await user('management');
  staff = await user('staff', department);
});
afterAll(async () => {
  if (made.length) await t?.dataSource.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [made]);
  await t?.stop();
});

function run(kind: ReportKind, period: string): Promise<PeriodicReportResult> {
  return t.env.client.workflow.execute('periodicReport', {
    workflowId: reportWorkflowId(kind, period),
    taskQueue: t.taskQueue,
    args: [{ kind, period }],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
}

async function stored<T>(reportId: string): Promise<{ content: T; content_hash: string; generations: number; workflow_id: string }> {
  const [row] = await t.dataSource.query(`SELECT content, content_hash, generations, workflow_id FROM reports WHERE id = $1`, [reportId]);
  return row;
}

const inbox = async (userId: string, reportId: string) =>
  (await t.dataSource.query(`SELECT title, link FROM notifications WHERE user_id = $1 AND report_id = $2`, [userId, reportId])) as Array<{
    title: string;
    link: string;
  }>;

describe('periodic report workflow (time-skipping)', () => {
  it('R-14.2 started inside a quarter, it waits past the quarter’s end and stores its suggestions by department and status', async () => {
    const now = new Date(await t.env.currentTimeMs());
    const period = periodContaining('process-optimization', now);
    const range = periodRange('process-optimization', period)!;
    const { activityId, versionId, name } = await insertFinalActivity(t.dataSource, { department, endAt: now.toISOString() });
    const at = now.toISOString();
    await insertSuggestion(t.dataSource, { activityId, versionId, position: 0, department, finalizedAt: at, status: 'implemented' });
    await insertSuggestion(t.dataSource, { activityId, versionId, position: 1, department, finalizedAt: at, cooperating: [other] });
    await insertSuggestion(t.dataSource, {
      activityId,
      versionId,
      position: 2,
      department,
      finalizedAt: at,
      status: 'rejected',
      reason: '经费不足',
    });
    await insertSuggestion(t.dataSource, { activityId, versionId, position: 3, department: other, finalizedAt: at, status: 'in_progress' });

    const result = await run('process-optimization', period);

    // The durable timer ran out at the quarter's end: the server's clock is past it now.
    expect(await t.env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(range.end));
    expect(result).toMatchObject({
      kind: 'process-optimization',
      period,
      workflowId: `report-process-optimization-${period}`,
      changed: true,
    });
    const report = await stored<ProcessOptimizationContent>(result.reportId!);
    expect(report.workflow_id).toBe(result.workflowId);
    expect(report.content).toMatchObject({ title: `${range.labelZh}流程优化清单`, periodStart: range.start, periodEnd: range.end });
    const mine = report.content.departments.find((d) => d.department === department)!;
    expect(mine).toMatchObject({
      departmentZh: '报表测试部',
      counts: { pending: 1, in_progress: 0, implemented: 1, rejected: 1, total: 3 },
    });
    expect(mine.items.map((i) => [i.measure, i.activityName, i.status, i.statusZh, i.statusReason, i.cooperatingDepartments])).toEqual([
      ['改进措施 1', name, 'implemented', '已落实', null, []],
      ['改进措施 2', name, 'pending', '待落实', null, [other]],
      ['改进措施 3', name, 'rejected', '不采纳', '经费不足', []],
    ]);
    expect(report.content.departments.find((d) => d.department === other)!.counts).toMatchObject({ in_progress: 1, total: 1 });
    // Departments in code order, each once.
    const codes = report.content.departments.map((d) => d.department);
    expect(codes).toEqual([...new Set(codes)].sort());

    // The council's inbox: one message to the manager, none to staff.
    expect(await inbox(manager, result.reportId!)).toEqual([
      { title: `${range.labelZh}流程优化清单`, link: expect.stringMatching(new RegExp(`/reports/${result.reportId}$`)) },
    ]);
    expect(await inbox(staff, result.reportId!)).toEqual([]);
  });

  it('a backfill of a past period: same content hash, same row, one message; statuses as of the period’s end', async () => {
    const at = '2004-05-10T02:00:00.000Z';
    const { activityId, versionId } = await insertFinalActivity(t.dataSource, { department, endAt: at, type: 'policy_briefing' });
    const pending = await insertSuggestion(t.dataSource, { activityId, versionId, position: 0, department, finalizedAt: at });
    await insertSuggestion(t.dataSource, { activityId, versionId, position: 1, department, finalizedAt: at, status: 'implemented' });

    const first = await run('process-optimization', '2004-Q2');
    // Later, the pending suggestion is implemented (recorded in its history, after the quarter).
    await t.dataSource.query(`UPDATE suggestions SET status = 'implemented' WHERE id = $1`, [pending]);
    await t.dataSource.query(
      `INSERT INTO suggestion_updates (suggestion_id, at, actor_user_id, actor_role, from_status, to_status)
       VALUES ($1, now(), $2, 'staff', 'pending', 'implemented')`,
      [pending, staff],
    );
    const second = await run('process-optimization', '2004-Q2');

    expect(second.reportId).toBe(first.reportId);
    expect(second.contentHash).toBe(first.contentHash);
    expect(second.changed).toBe(false);
    const report = await stored<ProcessOptimizationContent>(first.reportId!);
    expect(report.content_hash).toBe(first.contentHash);
    expect(report.generations).toBeGreaterThanOrEqual(2);
    expect(report.content.departments.find((d) => d.department === department)!.counts).toMatchObject({ pending: 1, implemented: 1 });
    expect(await inbox(manager, first.reportId!)).toHaveLength(1);
  });

  it('R-16.2 the half-year evaluation: implementation rate; satisfaction against earlier activities of the same type', async () => {
    // 2005: a year of this file's own. Earlier screenings (2004-H2) average 80; the half's average 90 → 上升.
    await insertFinalActivity(t.dataSource, { department, endAt: '2004-08-01T02:00:00Z', type: 'screening', satisfaction: 78 });
    await insertFinalActivity(t.dataSource, { department, endAt: '2004-09-01T02:00:00Z', type: 'screening', satisfaction: 82 });
    const a = await insertFinalActivity(t.dataSource, { department, endAt: '2005-03-01T02:00:00Z', type: 'screening', satisfaction: 92 });
    const b = await insertFinalActivity(t.dataSource, { department, endAt: '2005-04-01T02:00:00Z', type: 'screening', satisfaction: 88 });
    const at = '2005-04-20T02:00:00Z';
    for (const [i, status] of (['implemented', 'implemented', 'pending', 'rejected', 'in_progress'] as const).entries()) {
      await insertSuggestion(t.dataSource, {
        ...a,
        position: i,
        department,
        finalizedAt: at,
        status,
        reason: status === 'rejected' ? '不适用' : undefined,
      });
    }

    const result = await run('application-evaluation', '2005-H1');
    const { content } = await stored<ApplicationEvaluationContent>(result.reportId!);
    expect(content.implementation.byDepartment.find((d) => d.department === department)).toEqual({
      department,
      departmentZh: '报表测试部',
      total: 5,
      implemented: 2,
      rate: 40,
    });
    expect(content.qualityTrend.byType.find((x) => x.type === 'screening')).toMatchObject({
      current: { count: 2, mean: 90 },
      earlier: { count: 2, mean: 80 },
      deltaPoints: 10,
      trend: 'up',
      trendZh: '上升',
    });
    expect(content.qualityTrend.activities.map((x) => x.activityId)).toEqual(expect.arrayContaining([a.activityId, b.activityId]));
    expect(content.audience).toEqual(['management', 'vp', 'secretary_general', 'admin']);
  });

  it('annual: typical cases, training material, abstracts, and the department scores of the year (R-18, R-19)', async () => {
    const year = 2006;
    const high = await insertFinalActivity(t.dataSource, {
      department,
      endAt: `${year}-03-01T02:00:00Z`,
      satisfaction: 96.5,
      isMajor: true,
      background: '面向青年导演的年度论坛，联系人王小明 13912345678。',
      socialValue: '推动青年创作者交流。',
    });
    const famous = await insertFinalActivity(t.dataSource, {
      department,
      endAt: `${year}-05-01T02:00:00Z`,
      satisfaction: 85,
      mediaExposure: 1_000_000,
    });
    const plain = await insertFinalActivity(t.dataSource, { department, endAt: `${year}-06-01T02:00:00Z`, satisfaction: 90 });
    const result = await run('annual', String(year));
    const { content } = await stored<AnnualContent>(result.reportId!);
    const mine = new Set([high.activityId, famous.activityId, plain.activityId]);

    expect(content.typicalCases.items.filter((c) => mine.has(c.activityId)).map((c) => c.activityId)).toEqual([
      high.activityId,
      plain.activityId,
      famous.activityId,
    ]);
    // > 90 % or ≥ 1,000,000: exactly 90 % is not enough.
    expect(content.trainingMaterial.items.filter((c) => mine.has(c.activityId)).map((c) => [c.activityId, c.reasons.length])).toEqual([
      [high.activityId, 1],
      [famous.activityId, 1],
    ]);
    const abstract = content.keyActivityAbstracts.items.find((x) => x.activityId === high.activityId)!;
    expect(abstract).toMatchObject({ isMajor: true, typicalCase: true, socialValue: '推动青年创作者交流。' });
    expect(abstract.background).not.toContain('13912345678');
    // the figures GET /api/reports/department-scores gives, the training material among the bonuses.
    expect(content.departmentScores).toEqual(await departmentScores(t.dataSource, year));
    // (The scoring's own inputs and arithmetic are tested in test/e2e/department-scores.test.ts: these fixture rows carry
    // no projected lifecycle, which the scoring reads for lateness and the final version.)
    expect(content.departmentScores.items.map((d) => d.department)).toContain(department);
  });
});
