/**
 * Issue 15 periodic reports against the real stack (API, worker, dev server, PostgreSQL):
 *  - the worker puts the three schedules in place (Asia/Shanghai), idempotently, and a start
 *    while Temporal is unreachable neither throws nor blocks; a triggered schedule reports the
 *    quarter just ended under `report-<kind>-<period>`;
 *  - the admin's backfill (`POST /api/reports/runs`) and its validation (400, 409, 403);
 *  - list, get, DOCX (read back from its XML) and XLSX (read back with exceljs), by role.
 * The data sits in periods and a department of this file's own.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import ExcelJS from 'exceljs';
import { ensureReportSchedules, REPORT_SCHEDULE_TIMEZONE, ReportScheduleKeeper } from '../../apps/worker/src/report-schedules.js';
import { createWorker } from '../../apps/worker/src/worker.js';
import { calendarProvider } from '../../libs/calendar-store/provider.js';
import { lastCompletePeriod, REPORT_KINDS, reportScheduleId } from '../../libs/domain/report-period.js';
import type { ProcessOptimizationContent } from '../../libs/reports/content.js';
import { docxPart, docxParagraphs } from '../support/docx-xml.js';
import { insertDepartment, insertFinalActivity, insertSuggestion } from '../support/report-fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let department: string;
const MEASURE = `报表端到端改进措施-${randomUUID().slice(0, 6)}`;
/** A quarter nobody else reports on. */
const PERIOD = '2007-Q1';

beforeAll(async () => {
  stack = await startStack();
  department = await insertDepartment(stack.dataSource, 'rpe', '报表端到端部');
  const at = '2007-02-10T02:00:00.000Z';
  const a = await insertFinalActivity(stack.dataSource, { department, endAt: at });
  await insertSuggestion(stack.dataSource, { ...a, position: 0, department, finalizedAt: at, measure: MEASURE, status: 'in_progress' });
  await insertSuggestion(stack.dataSource, {
    ...a,
    position: 1,
    department,
    finalizedAt: at,
    status: 'rejected',
    reason: '与现行制度冲突',
  });
});

afterAll(async () => {
  // The schedules of this run point at this suite's task queue: leave the namespace as found.
  for (const kind of REPORT_KINDS) {
    await stack?.client.schedule
      .getHandle(reportScheduleId(kind))
      .delete()
      .catch(() => undefined);
  }
  await stack?.stop();
});

const reportOf = async (who: string, kind: string, period: string) =>
  (await stack.as(who)('GET', `/api/reports?kind=${kind}&period=${period}`)).body.items?.[0] as
    { id: string; contentHash: string; generations: number; workflowId: string } | undefined;

describe('report schedules', () => {
  it('the worker creates the three schedules in Asia/Shanghai; a triggered one reports the quarter just ended', async () => {
    const { worker, connection } = await createWorker({
      config: stack.config,
      dataSource: stack.dataSource,
      calendar: calendarProvider(stack.dataSource),
      reportSchedules: true,
    });
    const running = (worker as Worker).run();
    try {
      const described = await eventually(
        () =>
          Promise.all(
            REPORT_KINDS.map((k) =>
              stack.client.schedule
                .getHandle(reportScheduleId(k))
                .describe()
                .catch(() => null),
            ),
          ),
        (list) => list.every((d) => d !== null),
      );
      const [quarterly, halfYearly, annual] = described.map((d) => d!);
      for (const d of [quarterly!, halfYearly!, annual!]) {
        expect(d.spec.timezone).toBe(REPORT_SCHEDULE_TIMEZONE);
        expect(d.action).toMatchObject({
          type: 'startWorkflow',
          workflowType: 'periodicReport',
          taskQueue: stack.config.temporal.taskQueue,
        });
        expect(d.state.paused).toBe(false);
      }
      const calendar = (d: typeof quarterly) => d!.spec.calendars![0]!;
      expect(calendar(quarterly)).toMatchObject({
        month: [
          { start: 'JANUARY', end: 'JANUARY', step: 1 },
          { start: 'APRIL', end: 'APRIL', step: 1 },
          { start: 'JULY', end: 'JULY', step: 1 },
          { start: 'OCTOBER', end: 'OCTOBER', step: 1 },
        ],
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
        hour: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
      });
      expect(calendar(halfYearly).month).toEqual([
        { start: 'JANUARY', end: 'JANUARY', step: 1 },
        { start: 'JULY', end: 'JULY', step: 1 },
      ]);
      expect(calendar(annual).month).toEqual([{ start: 'JANUARY', end: 'JANUARY', step: 1 }]);
      // The next run of the quarterly one: 00:30 Asia/Shanghai on the first day of a quarter.
      const next = quarterly!.info.nextActionTimes[0]!;
      expect([0, 3, 6, 9]).toContain(new Date(next.getTime() + 8 * 3_600_000).getUTCMonth());
      expect(new Date(next.getTime() + 8 * 3_600_000).toISOString().slice(8, 16)).toBe('01T00:30');

      // Started again (a restart): updated in place, nothing duplicated.
      expect(await ensureReportSchedules(stack.client, stack.config.temporal.taskQueue)).toEqual(
        REPORT_KINDS.map((k) => ({ scheduleId: reportScheduleId(k), outcome: 'updated' })),
      );

      // Ops press "trigger" in the UI: the run reports the last complete quarter under its period's id.
      const period = lastCompletePeriod('process-optimization', new Date());
      await stack.client.schedule.getHandle(reportScheduleId('process-optimization')).trigger();
      const report = await eventually(
        () => reportOf('management', 'process-optimization', period),
        (r) => r !== undefined && r.workflowId === `report-process-optimization-${period}`,
        30_000,
      );
      expect(report).toBeDefined();
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  });

  it('while Temporal is unreachable the keeper neither throws nor blocks: it retries in the background until stopped', async () => {
    const warnings: string[] = [];
    const keeper = new ReportScheduleKeeper({
      temporal: { address: '127.0.0.1:1' },
      namespace: 'default',
      taskQueue: 'nowhere',
      log: { info: () => {}, warn: (m) => warnings.push(m) },
      initialDelayMs: 50,
      maxDelayMs: 100,
    });
    const outcome = keeper.start();
    await eventually(
      async () => warnings.length,
      (n) => n >= 1,
      15_000,
    );
    await keeper.stop();
    expect(await outcome).toBeNull();
    expect(warnings[0]).toMatch(/report schedules not created \(try 1: .*\); retrying in 50 ms/);
  });
});

describe('reports API', () => {
  let reportId: string;

  it('the admin backfills a past quarter: 202, the report is stored and readable by the council', async () => {
    const res = await stack.as('admin')('POST', '/api/reports/runs', { kind: 'process-optimization', period: PERIOD });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      kind: 'process-optimization',
      period: PERIOD,
      workflowId: `report-process-optimization-${PERIOD}`,
      runId: expect.any(String),
    });
    const item = await eventually(
      () => reportOf('management', 'process-optimization', PERIOD),
      (r) => r !== undefined,
    );
    reportId = item!.id;
    const got = await stack.as('vp')('GET', `/api/reports/${reportId}`);
    expect(got.status).toBe(200);
    const content = got.body.content as ProcessOptimizationContent;
    expect(content.title).toBe('2007年第一季度流程优化清单');
    expect(content.departments.find((d) => d.department === department)).toMatchObject({
      departmentZh: '报表端到端部',
      counts: { in_progress: 1, rejected: 1, total: 2 },
    });
    // The list carries no content.
    const list = await stack.as('supervisor')('GET', `/api/reports?period=${PERIOD}`);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).not.toHaveProperty('content');
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    // Announced in the inbox of the council (management) with the report's id.
    const inbox = await stack.as('management')('GET', '/api/notifications?pageSize=100');
    expect(inbox.body.items.filter((n: { reportId: string | null }) => n.reportId === reportId)).toEqual([
      expect.objectContaining({ kind: 'report', activityId: null, title: '2007年第一季度流程优化清单' }),
    ]);
  });

  it('a second backfill re-runs the period: same row, same content hash, one more generation', async () => {
    const before = (await reportOf('admin', 'process-optimization', PERIOD))!;
    const res = await stack.as('admin')('POST', '/api/reports/runs', { kind: 'process-optimization', period: PERIOD });
    expect(res.status).toBe(202);
    const after = await eventually(
      () => reportOf('admin', 'process-optimization', PERIOD),
      (r) => r!.generations === before.generations + 1,
    );
    expect(after).toMatchObject({ id: before.id, contentHash: before.contentHash });
  });

  it('DOCX: the title, the period and the suggestion table, in 宋体', async () => {
    const res = await fetch(`${stack.baseUrl}/api/reports/${reportId}.docx`, {
      headers: { authorization: `Bearer ${await stack.login('sg')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const xml = docxPart(Buffer.from(await res.arrayBuffer()));
    const texts = docxParagraphs(xml).map((p) => p.text);
    expect(texts[0]).toBe('2007年第一季度流程优化清单');
    expect(texts).toContain('统计期间：2007-01-01 至 2007-03-31（2007年第一季度）');
    expect(texts).toContain('二、改进建议明细');
    expect(texts).toContain(MEASURE);
    expect(texts).toContain('与现行制度冲突');
    expect(xml).toContain('w:eastAsia="SimSun"');
  });

  it('XLSX: 概要 and one sheet per table, numbers as numbers', async () => {
    const res = await fetch(`${stack.baseUrl}/api/reports/${reportId}.xlsx`, {
      headers: { authorization: `Bearer ${await stack.login('admin')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '按部门汇总', '建议明细']);
    expect(wb.getWorksheet('概要')!.getCell('A1').value).toBe('2007年第一季度流程优化清单');
    const rows = (sheet: string) => wb.getWorksheet(sheet)!.getSheetValues().slice(1) as unknown[][];
    expect(rows('按部门汇总')[0]!.slice(1)).toEqual(['责任部门', '待落实', '落实中', '已落实', '不采纳', '合计']);
    expect(
      rows('按部门汇总')
        .find((r) => r[1] === '报表端到端部')!
        .slice(1),
    ).toEqual(['报表端到端部', 0, 1, 0, 1, 2]);
    expect(
      rows('建议明细')
        .find((r) => r[3] === MEASURE)!
        .slice(1),
    ).toEqual(expect.arrayContaining(['报表端到端部', MEASURE, '落实中', '2007-02-10']));
    expect(wb.getWorksheet('建议明细')!.getCell('A1').font?.name).toBe('宋体');
  });

  it.each([
    [{ kind: 'process-optimization', period: '2007' }, 400, 'VALIDATION_FAILED', 'period'],
    [{ kind: 'annual', period: '2007-Q1' }, 400, 'VALIDATION_FAILED', 'period'],
    [{ kind: 'application-evaluation', period: '2007-H3' }, 400, 'VALIDATION_FAILED', 'period'],
    [{ kind: 'process-optimization', period: '1999-Q4' }, 400, 'VALIDATION_FAILED', 'period'],
    [{ kind: 'weekly', period: '2007' }, 400, 'VALIDATION_FAILED', 'kind'],
    [{ kind: 'annual' }, 400, 'VALIDATION_FAILED', 'period'],
    [{ kind: 'annual', period: '2999' }, 409, 'REPORT_PERIOD_NOT_ENDED', 'period'],
    [{ kind: 'process-optimization', period: '2999-Q1' }, 409, 'REPORT_PERIOD_NOT_ENDED', 'period'],
  ])('POST /api/reports/runs %j → %i %s', async (body, status, code, field) => {
    const res = await stack.as('admin')('POST', '/api/reports/runs', body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code, messageZh: expect.any(String) });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, messageZh: expect.any(String) })]));
  });

  it('by role: staff and external may not read, only the admin backfills; ids that are no report are 404', async () => {
    expect((await stack.as('staff')('GET', '/api/reports')).status).toBe(403);
    expect((await stack.as('external')('GET', `/api/reports/${reportId}`)).status).toBe(403);
    expect((await stack.as('vp')('POST', '/api/reports/runs', { kind: 'annual', period: '2007' })).status).toBe(403);
    expect((await stack.as('management')('GET', '/api/reports/not-a-report')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await stack.as('management')('GET', `/api/reports/${randomUUID()}.xlsx`)).status).toBe(404);
    expect((await stack.as('management')('GET', `/api/reports?kind=weekly`)).status).toBe(400);
  });
});
