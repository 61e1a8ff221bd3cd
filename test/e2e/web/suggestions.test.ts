/**
 * Issue 15 in a browser: two tracked suggestions of a publicity activity (rows as the
 * worker takes them from a final version, inserted here). Publicity staff finds them on the
 * activity's 改进建议 tab, opens 建议落实, starts one (落实中, with a note), records its progress
 * (a note is required), then marks it 已落实; the publicity head rejects the other with its
 * reason (required); training staff, cooperating on the first, sees it without any update button.
 * Screenshots at 390 and 1440 px: test-artifacts/screenshots/suggestions-*.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { registerExampleActivity, shanghaiToday } from '../support/fixtures.js';
import { startStack, type Stack } from '../support/stack.js';
import { choose, hasText, launchBrowser, settle, signIn, snapshot, until, visible, type UserSession } from './support/browser.js';

let stack: Stack;
let browser: Browser;
let activityId = '';
const sessions: UserSession[] = [];

/** This run's measures: other suites track suggestions in the same database. */
const RUN = Date.now().toString(36);
const STARTED = `下届论坛提前30天启动短视频预热(${RUN})`;
const REJECTED = `邀请境外嘉宾线上连线(${RUN})`;
const ids = { started: randomUUID(), rejected: randomUUID() };
/** Every button a status change may have: the responsible department's, never anyone else's. */
const CHANGE_BUTTONS = /^(开始落实|更新进展|已落实|不采纳|恢复待落实)$/;

/** YYYY-MM-DD `days` calendar days after today (Asia/Shanghai). */
function daysFromToday(days: number): string {
  const d = new Date(`${shanghaiToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  activityId = await registerExampleActivity(stack); // publicity
  // Suggestions as the worker takes them from a final version (the activity itself is still drafting here).
  const versionId = randomUUID();
  const insert = (id: string, position: number, measure: string, cooperating: string, due: string) =>
    stack.dataSource.query(
      `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, cooperating_departments,
                                due_date, resource_needs, finalized_at)
       VALUES ($1, $2, $3, $4, $5, 'publicity', $6, $7, '短视频投放专项经费2万元', now())`,
      [id, activityId, versionId, position, measure, cooperating, due],
    );
  await insert(ids.started, 0, STARTED, '{training}', daysFromToday(45));
  await insert(ids.rejected, 1, REJECTED, '{}', daysFromToday(20));
}, 300_000);
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => {});
  await browser?.close();
  if (activityId) await stack?.dataSource.query(`DELETE FROM suggestions WHERE activity_id = $1`, [activityId]).catch(() => {});
  await stack?.stop();
});

async function as(username: string, next: string): Promise<UserSession> {
  const s = await signIn(browser, stack.baseUrl, username, next);
  sessions.push(s);
  return s;
}

const row = (page: Page, measure: string) => page.locator('tr.ant-table-row', { hasText: measure });
const modal = (page: Page) => page.locator('.ant-modal:visible');

/** The names of the status buttons a row offers, in order. */
async function changeButtons(r: Locator): Promise<string[]> {
  const names = await r.getByRole('button').allTextContents();
  return names.map((n) => n.trim()).filter((n) => CHANGE_BUTTONS.test(n));
}

/** Clicks a row's change button, fills the modal's field (when given) and confirms; waits until the row shows `status`. */
async function change(page: Page, measure: string, button: string, field: [string, string] | null, status: string): Promise<void> {
  await row(page, measure).getByRole('button', { name: button, exact: true }).click();
  const m = modal(page);
  await visible(m);
  if (field) await m.getByLabel(field[0]).fill(field[1]);
  await m.getByRole('button', { name: `确认${button}` }).click();
  await m.waitFor({ state: 'detached', timeout: 30_000 }).catch(() => m.waitFor({ state: 'hidden', timeout: 30_000 }));
  await hasText(row(page, measure).locator('.ant-tag'), status);
  await settle(page);
}

const statusOf = async (id: string) =>
  (
    (await stack.dataSource.query(`SELECT status, status_reason FROM suggestions WHERE id = $1`, [id])) as [
      { status: string; status_reason: string | null },
    ]
  )[0];
const updatesOf = async (id: string) =>
  (await stack.dataSource.query(
    `SELECT u.from_status, u.to_status, u.note, u.reason, usr.username
       FROM suggestion_updates u JOIN users usr ON usr.id = u.actor_user_id
      WHERE u.suggestion_id = $1 ORDER BY u.at, u.id`,
    [id],
  )) as Array<{ from_status: string; to_status: string; note: string | null; reason: string | null; username: string }>;

describe('建议落实 in the web app (R-5.5)', () => {
  it(
    'publicity staff starts a suggestion, records progress and marks it implemented; the head rejects another with its reason; ' +
      'training staff sees its cooperating suggestion without update buttons',
    async () => {
      const staff = await as('staff', '/');
      const { page } = staff;
      // 建议落实 is in the menu; its filters are labelled and go into the address.
      await page.getByRole('menuitem', { name: '建议落实' }).click();
      await page.waitForURL(/\/suggestions$/);
      await settle(page);
      for (const label of ['状态', '责任部门', '季度']) await visible(page.getByLabel(label, { exact: true }));
      await choose(page, '状态', '待落实');
      await page.waitForURL(/status=pending/);
      await settle(page);
      await snapshot(page, 'suggestions-01-list');

      // The activity's 改进建议 tab lists both, pending, and leads to 建议落实 for this activity.
      await page.goto(`/activities/${activityId}`);
      await settle(page);
      await page.getByRole('tab', { name: '改进建议' }).click();
      const tab = page.locator('.activity-suggestions');
      await hasText(tab, STARTED);
      await hasText(tab, REJECTED);
      await hasText(tab, '待落实');
      await hasText(tab, '个工作日'); // 完成时限 counted in working days
      await snapshot(page, 'suggestions-02-activity-tab');
      await tab.getByRole('link', { name: '在 建议落实 中查看与更新' }).click();
      await page.waitForURL(new RegExp(`/suggestions\\?activityId=${activityId}$`));
      await settle(page);
      await hasText(page.locator('.ant-pagination'), '共 2 项');
      const started = row(page, STARTED);
      await hasText(started, '宣传部');
      await hasText(started, '协同：培训部');
      expect(await changeButtons(started)).toEqual(['开始落实', '已落实', '不采纳']);
      await snapshot(page, 'suggestions-03-filtered');

      // 开始落实 with a note: the modal says what follows.
      await started.getByRole('button', { name: '开始落实', exact: true }).click();
      await hasText(modal(page), '该建议改为“落实中”');
      await snapshot(page, 'suggestions-04-start-modal');
      await page.keyboard.press('Escape');
      await modal(page).waitFor({ state: 'hidden' });
      await change(page, STARTED, '开始落实', ['落实情况说明', '已与合作媒体签订投放协议'], '落实中');
      expect(await changeButtons(started)).toEqual(['更新进展', '已落实', '不采纳']);

      // 更新进展 needs its note: refused in the form, then recorded.
      await started.getByRole('button', { name: '更新进展', exact: true }).click();
      await modal(page).getByRole('button', { name: '确认更新进展' }).click();
      await visible(modal(page).getByText('请填写进展说明'));
      await page.keyboard.press('Escape');
      await modal(page).waitFor({ state: 'hidden' });
      await change(page, STARTED, '更新进展', ['进展说明', '首批短视频已上线,播放量1.2万'], '落实中');

      await change(page, STARTED, '已落实', ['落实情况说明', '下届论坛已按周跟踪投放量'], '已落实');
      expect(await changeButtons(started)).toEqual([]); // 已落实 is final
      // The history, expanded in place.
      await started.getByRole('button', { name: '展开行' }).click();
      const history = page.locator('.suggestion-history');
      await visible(history);
      await until(
        () => history.locator('[data-update]').count(),
        (n) => n === 3,
        'three status changes in the history',
      );
      await hasText(history, '首批短视频已上线,播放量1.2万');
      await hasText(history, '宣传部编制人');
      await snapshot(page, 'suggestions-05-history');
      expect(await statusOf(ids.started)).toEqual({ status: 'implemented', status_reason: null });
      expect(await updatesOf(ids.started)).toEqual([
        { from_status: 'pending', to_status: 'in_progress', note: '已与合作媒体签订投放协议', reason: null, username: 'staff' },
        { from_status: 'in_progress', to_status: 'in_progress', note: '首批短视频已上线,播放量1.2万', reason: null, username: 'staff' },
        { from_status: 'in_progress', to_status: 'implemented', note: '下届论坛已按周跟踪投放量', reason: null, username: 'staff' },
      ]);
      expect(staff.watch.problems).toEqual([]);

      // The head rejects the other: the reason is required.
      const head = await as('dept_head', `/suggestions?activityId=${activityId}`);
      const hp = head.page;
      const rejected = row(hp, REJECTED);
      await visible(rejected);
      expect(await changeButtons(rejected)).toEqual(['开始落实', '已落实', '不采纳']);
      await rejected.getByRole('button', { name: '不采纳', exact: true }).click();
      await modal(hp).getByRole('button', { name: '确认不采纳' }).click();
      await visible(modal(hp).getByText('请填写不采纳理由'));
      await hasText(modal(hp), '理由记入落实记录');
      await snapshot(hp, 'suggestions-06-reject-modal');
      await hp.keyboard.press('Escape');
      await modal(hp).waitFor({ state: 'hidden' });
      await change(hp, REJECTED, '不采纳', ['不采纳理由', '经费预算不足,本年度不予安排'], '不采纳');
      expect(await changeButtons(rejected)).toEqual(['恢复待落实']);
      await rejected.getByRole('button', { name: '展开行' }).click();
      await hasText(hp.locator('.suggestion-detail'), '经费预算不足,本年度不予安排');
      expect(await statusOf(ids.rejected)).toEqual({ status: 'rejected', status_reason: '经费预算不足,本年度不予安排' });
      expect((await updatesOf(ids.rejected)).map((u) => [u.to_status, u.reason, u.username])).toEqual([
        ['rejected', '经费预算不足,本年度不予安排', 'dept_head'],
      ]);
      expect(head.watch.problems).toEqual([]);

      // Training staff cooperates on the first one: listed with its status, no update button, no 操作 column; the other is not listed.
      const training = await as('training_staff', '/');
      const tp = training.page;
      await tp.getByRole('menuitem', { name: '建议落实' }).click();
      await tp.waitForURL(/\/suggestions$/);
      await settle(tp); // the page's chunks and list have loaded before leaving it
      await tp.goto(`/suggestions?activityId=${activityId}`);
      await settle(tp);
      const seen = row(tp, STARTED);
      await visible(seen);
      await hasText(seen, '已落实');
      await hasText(tp.locator('.ant-pagination'), '共 1 项');
      expect(await row(tp, REJECTED).count()).toBe(0);
      expect(await changeButtons(seen)).toEqual([]);
      expect(await tp.getByRole('columnheader', { name: '操作' }).count()).toBe(0);
      await snapshot(tp, 'suggestions-07-training');
      expect(training.watch.problems).toEqual([]);
    },
    600_000,
  );
});
