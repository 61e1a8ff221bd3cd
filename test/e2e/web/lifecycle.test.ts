/**
 * Issue 12 in a browser: staff, the department head, administration, the vice-president and the
 * archivist take an activity through its whole lifecycle in the web app, in Chinese; a manager
 * finds an overdue escalation on 逾期看板. The pages log no console errors and no failed
 * requests, and nothing overflows at 390 px. Screenshots: test-artifacts/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { shanghaiDate } from '../../../libs/calendar/index.js';
import { exampleSummary } from '../../../libs/summary/index.js';
import { activityBody } from '../../support/builders.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import {
  CSV,
  PDF,
  arrives,
  choose,
  confirm,
  hasCount,
  hasText,
  launchBrowser,
  png,
  settle,
  signIn,
  snapshot,
  until,
  visible,
  type UserSession,
} from './support/browser.js';

let stack: Stack;
let browser: Browser;
const sessions: UserSession[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Signs in through 登录 (kept for the suite; each user is a tab of their own). */
async function as(username: string, next = '/'): Promise<UserSession> {
  const s = await signIn(browser, stack.baseUrl, username, next);
  sessions.push(s);
  return s;
}

/** The pages of a session logged no console error and no failed request. */
function expectClean(s: UserSession): void {
  expect(s.watch.problems).toEqual([]);
}

const DAY = 86_400_000;
/** YYYY-MM-DD in Asia/Shanghai, `days` before today. */
const daysAgo = (days: number) => shanghaiDate(new Date(Date.now() - days * DAY));
const name = `青年导演论坛-${Date.now().toString(36)}`;
const endDay = daysAgo(7);
let activityId = '';

async function stageTag(page: Page): Promise<string> {
  return (await page.locator('.ant-card').first().locator('.ant-tag').first().textContent()) ?? '';
}

async function expectStage(page: Page, label: string): Promise<void> {
  await until(
    () => stageTag(page),
    (t) => t === label,
    `stage ${label}`,
  );
}

describe('the web app, in Chinese, through the whole lifecycle', () => {
  it(
    'staff registers an activity that ended last week and sees its three due dates; records base data; ' +
      'the R-9.2 finding is shown beside the stated satisfaction rate, corrected, and the summary submitted',
    async () => {
      const login = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await login.goto(`${stack.baseUrl}/login`);
      await snapshot(login, '01-login');
      await login.close();

      const staff = await as('staff');
      const { page } = staff;
      await snapshot(page, '02-todo');

      // 登记活动
      await page.getByRole('link', { name: '登记活动' }).first().click();
      await page.getByLabel('活动名称').fill(name);
      await choose(page, '活动类型', '学术研讨');
      await page.getByLabel('开始时间').fill(`${endDay} 09:00`);
      await page.getByLabel('开始时间').press('Enter');
      await page.getByLabel('结束时间').fill(`${endDay} 17:30`);
      await page.getByLabel('结束时间').press('Enter');
      await page.getByLabel('活动地点').fill('协会多功能厅');
      await page.getByLabel('线上人数').fill('120');
      await page.getByLabel('线下人数').fill('300');
      // The three due dates, from the working-day calendar, as the API computes them.
      const after = `${endDay}T17:30:00+08:00`;
      for (const [key, days] of [
        ['baseData', 2],
        ['draft', 7],
        ['final', 10],
      ] as const) {
        const due = await stack.as('staff')('GET', `/api/calendar/deadline?after=${encodeURIComponent(after)}&workingDays=${days}`);
        await hasText(page.locator(`[data-due="${key}"]`), due.body.dueDate);
      }
      expect(await page.locator('.ant-tag', { hasText: '重大活动' }).count()).toBe(0);
      await page.getByLabel('线下人数').fill('600'); // more than 500: major
      await visible(page.locator('.ant-tag', { hasText: '重大活动' }));
      await page.getByLabel('线下人数').fill('300');
      await snapshot(page, '03-register');
      // A double click registers once (one Idempotency-Key per form).
      await page.getByRole('button', { name: '登记', exact: true }).dblclick();
      await arrives(staff, /\/activities\/[0-9a-f-]{36}$/);
      activityId = page.url().split('/').pop()!;
      const mine = await stack.dataSource.query(`SELECT count(*)::int AS n FROM activities WHERE name = $1`, [name]);
      expect(mine[0].n).toBe(1);
      await expectStage(page, '编制初稿');

      // 基础数据: 126 online + 260 offline = the 386 the example summary reports.
      await page.getByRole('button', { name: '录入基础数据' }).click();
      await page.getByLabel('实际线上人数').fill('126');
      await page.getByLabel('实际线下人数').fill('260');
      await page.getByLabel('费用已结算').check();
      await page.getByRole('button', { name: '提交基础数据' }).click();
      await visible(page.locator('.ant-card', { hasText: '实际人数' }).getByText('已结算'));
      await snapshot(page, '04-activity-drafting');

      // 总结编辑: attachments first, then the summary.
      await page.getByRole('button', { name: '编写并提交总结' }).click();
      await page.waitForURL(/\/summary$/);
      await settle(page);
      const uploads: Array<[string, Array<{ name: string; mimeType: string; buffer: Buffer }>]> = [
        ['活动照片', [1, 2, 3].map((i) => ({ name: `现场照片${i}.png`, mimeType: 'image/png', buffer: png([40 * i, 120, 200]) }))],
        ['数据统计表', [{ name: '参与人数统计.csv', mimeType: 'text/csv', buffer: CSV }]],
        ['媒体报道截图', [{ name: '媒体报道.png', mimeType: 'image/png', buffer: png([20, 160, 60]) }]],
        ['问卷分析报告', [{ name: '问卷分析报告.pdf', mimeType: 'application/pdf', buffer: PDF }]],
      ];
      let count = 0;
      for (const [kind, files] of uploads) {
        await choose(page, '附件类型', kind);
        await page.locator('.attachment-upload input[type=file]').setInputFiles(files);
        count += files.length;
        await hasCount(page.locator('.ant-checkbox-group .ant-checkbox-wrapper'), count);
      }
      // The rest of the document is the draft the browser keeps (as typed earlier): the example summary, for this activity.
      const doc = exampleSummary();
      doc.title = `XX影视协会${name}活动总结\uFF08${endDay.slice(0, 4)}年${endDay.slice(5, 7)}月${endDay.slice(8, 10)}日\uFF09`;
      doc.overview.basicInfo = { ...doc.overview.basicInfo, name, startAt: `${endDay}T09:00:00+08:00`, endAt: after };
      doc.attachments = [];
      await page.evaluate(
        ([id, document]) => {
          const { sessionStorage, localStorage } = globalThis as any;
          const user = (JSON.parse(sessionStorage.getItem('activity-summary.session')) as { user: { id: string } }).user;
          localStorage.setItem(
            `activity-summary.summary-draft:${id}:${user.id}`,
            JSON.stringify({ doc: document, excludedIds: [], savedAt: new Date().toISOString() }),
          );
        },
        [activityId, doc] as const,
      );
      await page.reload();
      await settle(page);
      await until(
        () => page.getByLabel('标题').inputValue(),
        (v) => v === doc.title,
        'the draft in the form',
      );
      // The stated satisfaction disagrees with its numbers: (121 + 47) / 184 = 91.3%, not 95%.
      await page.getByLabel('填报满意度（%）').fill('95');
      await hasText(page.locator('.autosave'), '已自动保存');
      await page.getByRole('button', { name: '检查', exact: true }).click();
      const finding = page.locator('[data-finding-path="effectiveness.quantitative.satisfaction.statedRate"]');
      await hasText(finding, 'R-9.2');
      await hasText(finding, '91.3%');
      await snapshot(page, '05-summary-finding', { focus: finding });
      await page.getByLabel('填报满意度（%）').fill('91.3');
      await page.getByRole('button', { name: '检查', exact: true }).click();
      await visible(page.getByText('检查通过，可以提交'));
      await hasCount(finding, 0);
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await confirm(page, '提交');
      await arrives(staff, new RegExp(`/activities/${activityId}$`));
      await expectStage(page, '初审中');
      expectClean(staff);
    },
    300_000,
  );

  it(
    'the department head returns it with a comment on 成效评估; staff sees the comment, revises and resubmits; ' +
      'levels 1, 2 and 3 approve; the archivist confirms both copies and the timeline shows ARCHIVING, then FEEDBACK',
    async () => {
      expect(activityId).not.toBe('');
      const head = await as('dept_head', `/activities/${activityId}/review`);
      let page = head.page;
      await visible(page.getByRole('heading', { name: `审核 · ${name}` }));
      await page.getByLabel('对“成效评估”的意见').fill('满意度样本仅184份，请补充线上观众的满意度数据');
      await snapshot(page, '06-review');
      await page.getByRole('button', { name: '退回修改' }).click();
      await confirm(page, '退回修改');
      await arrives(head, new RegExp(`/activities/${activityId}$`));
      await expectStage(page, '修订中');
      expectClean(head);

      const staff = await as('staff', `/activities/${activityId}/summary`);
      page = staff.page;
      const effectiveness = page.locator('.ant-collapse-item', { has: page.locator('[data-module="effectiveness"]') });
      await hasText(effectiveness.locator('.review-comment'), '请补充线上观众的满意度数据');
      await snapshot(page, '07-summary-returned', { focus: effectiveness.locator('.review-comment') });
      await page.getByLabel('会员反馈').fill('线上观众满意度另行抽样48份，其中满意40份；会员普遍认可项目推介会形式。');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await confirm(page, '提交');
      await arrives(staff, new RegExp(`/activities/${activityId}$`));
      await expectStage(page, '初审中');
      expectClean(staff);

      for (const [user, next] of [
        ['dept_head', '复核中'],
        ['admin', '终审中'],
        ['vp', '归档中'],
      ] as const) {
        const reviewer = await as(user, `/activities/${activityId}/review`);
        await reviewer.page.getByRole('button', { name: '通过', exact: true }).click();
        await confirm(reviewer.page, '通过');
        await arrives(reviewer, new RegExp(`/activities/${activityId}$`));
        await expectStage(reviewer.page, next);
        if (user === 'admin') await snapshot(reviewer.page, '08-activity-admin');
        expectClean(reviewer);
      }

      const archivist = await as('archivist', `/activities/${activityId}`);
      page = archivist.page;
      for (const medium of ['纸质版', '电子版']) {
        await page.getByRole('button', { name: '确认归档' }).click();
        const dialog = page.locator('.ant-modal:visible');
        expect(await dialog.getByLabel(medium).isChecked()).toBe(true);
        if (medium === '纸质版') {
          await dialog.getByLabel('存放位置').fill('档案室 A-3 柜');
          for (const check of ['已加盖公章', '已装订成册', '附件齐全']) await dialog.getByLabel(check).check();
        } else {
          // the location the system generated, shown once the worker stored the final DOCX.
          await dialog
            .getByTestId('archive-location')
            .getByText(`活动总结/${endDay.slice(0, 4)}/学术研讨/`)
            .waitFor();
        }
        await dialog.getByRole('button', { name: '确认归档' }).click();
        await dialog.waitFor({ state: 'hidden' });
      }
      await expectStage(page, '收集反馈');
      await page.getByText(/阶段记录/).click();
      const stages = await page.locator('.stage-history [data-stage]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
      const archiving = stages.lastIndexOf('ARCHIVING');
      expect(archiving).toBeGreaterThan(0);
      expect(stages[archiving + 1]).toBe('FEEDBACK');
      await snapshot(page, '09-activity-archived');
      expectClean(archivist);
    },
    300_000,
  );

  it('a manager sees an overdue escalation on 逾期看板, and the chart shows it', async () => {
    // Ended three weeks ago: its base-data deadline is long past, so the lifecycle escalates at once.
    const late = `逾期论坛-${Date.now().toString(36)}`;
    const day = daysAgo(21);
    const res = await stack.as('staff')(
      'POST',
      '/api/activities',
      activityBody({ name: late, startAt: `${day}T09:00:00+08:00`, endAt: `${day}T17:00:00+08:00` }),
    );
    expect(res.status).toBe(201);
    await eventually(
      () => stack.as('management')('GET', `/api/escalations?activityId=${res.body.id}&open=true&kind=overdue`),
      (r) => r.body?.total > 0,
      60_000,
    );
    const manager = await as('management', '/board');
    const { page } = manager;
    // Lifecycles of other suites fire escalations meanwhile: the manager searches by name, as a person would.
    const search = page.getByLabel('活动名称');
    await search.fill(late);
    await search.press('Enter');
    await settle(page);
    const row = page.getByRole('link', { name: late });
    await visible(row);
    const chart = page.locator('[data-chart="open-by-department"]');
    const bars = await until(
      async () => JSON.parse((await chart.getAttribute('data-values')) ?? '[]') as Array<{ name: string; value: number }>,
      (b) => b.some((x) => x.name === '宣传部' && x.value >= 1),
      'a bar for 宣传部',
    );
    expect(bars.find((b) => b.name === '宣传部')!.value).toBeGreaterThanOrEqual(1);
    await snapshot(page, '10-board');
    expectClean(manager);

    // The department head got the escalation in the inbox; it opens the activity's page.
    const head = await as('dept_head', '/notifications');
    const link = head.page.getByRole('link', { name: new RegExp(late) }).first();
    await visible(link);
    await snapshot(head.page, '11-notifications');
    await link.click();
    await head.page.waitForURL(new RegExp(`/activities/${res.body.id as string}$`));
    await visible(head.page.getByRole('heading', { name: late }));
    await settle(head.page);
    await head.page.goto('/activities');
    await settle(head.page);
    await snapshot(head.page, '12-activities');
    expectClean(head);

    const admin = await as('admin', '/admin/users');
    // Other suites add users to the shared directory, so which names fill the first page varies:
    // the table must show users, each with a username cell.
    await visible(admin.page.getByRole('row').nth(1).getByRole('cell').first());
    await snapshot(admin.page, '13-admin-users');
    await admin.page.goto('/admin/calendar');
    await settle(admin.page);
    await snapshot(admin.page, '14-admin-calendar');
    expectClean(admin);
  }, 300_000);

  it('an expired sign-in returns to 登录 with a message; signed in again, the page and what was typed are still there', async () => {
    const staff = await as('staff', '/activities/new');
    const { page } = staff;
    await page.getByLabel('活动名称').fill('尚未登记的座谈会');
    await page.getByLabel('活动地点').fill('协会第二会议室');
    // The server no longer accepts the token (as after JWT_TTL_SECONDS): every request answers 401.
    staff.watch.allow(/^HTTP 401: /);
    // The console reports each refused resource load too.
    staff.watch.allow(/^console error: Failed to load resource: the server responded with a status of 401/);
    await page.evaluate(() => {
      const { sessionStorage } = globalThis as any;
      const session = JSON.parse(sessionStorage.getItem('activity-summary.session'));
      sessionStorage.setItem('activity-summary.session', JSON.stringify({ ...session, token: `${session.token as string}x` }));
    });
    await page.reload();
    await page.waitForURL(/\/login\?next=%2Factivities%2Fnew/);
    await visible(page.getByText('登录已过期，请重新登录'));
    await page.getByLabel('用户名').fill('staff');
    await page.getByLabel('密码').fill('demo-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/activities\/new$/);
    await settle(page);
    expect(await page.getByLabel('活动名称').inputValue()).toBe('尚未登记的座谈会');
    expect(await page.getByLabel('活动地点').inputValue()).toBe('协会第二会议室');
    expectClean(staff);
  }, 120_000);
});
