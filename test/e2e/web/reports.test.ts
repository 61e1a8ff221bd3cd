/**
 * 报表 in a browser (issue 15 item 6): management opens 报表 from the menu, picks the fixture
 * year (support/statistics-fixture.ts: a department of this run's own) and sees the three ECharts
 * charts drawn (a canvas with pixels on it, the legend and axis labels in Chinese, a tooltip with
 * the source numbers), then narrows to the fixture department and reads its rates with their
 * source numbers. A department head sees only their own department; staff has no 报表 entry.
 * Screenshots at 390 and 1440 px: test-artifacts/screenshots/reports-*.
 */
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { seedStatisticsFixture, type StatisticsFixture } from '../support/statistics-fixture.js';
import { startStack, type Stack } from '../support/stack.js';
import {
  choose,
  DESKTOP,
  hasText,
  launchBrowser,
  settle,
  SCREENSHOTS,
  signIn,
  snapshot,
  until,
  visible,
  type UserSession,
} from './support/browser.js';

let stack: Stack;
let browser: Browser;
let fixture: StatisticsFixture;
const sessions: UserSession[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({}, { worker: false }), launchBrowser()]);
  fixture = await seedStatisticsFixture(stack.dataSource);
}, 300_000);
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => {});
  await fixture?.drop();
  await browser?.close();
  await stack?.stop();
});

async function as(username: string, next: string): Promise<UserSession> {
  const s = await signIn(browser, stack.baseUrl, username, next);
  sessions.push(s);
  return s;
}

const chart = (page: Page, name: string) => page.locator(`[data-chart="${name}"]`);
const labels = async (c: Locator, attr: 'data-legend' | 'data-axis') => JSON.parse((await c.getAttribute(attr)) ?? '[]') as string[];

/** How many pixels of the chart's canvas are painted: ECharts drew something, not an empty box. */
async function paintedPixels(c: Locator): Promise<number> {
  return c
    .locator('canvas')
    .first()
    .evaluate((canvas) => {
      const el = canvas as unknown as {
        width: number;
        height: number;
        getContext(k: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
      };
      const { data } = el.getContext('2d').getImageData(0, 0, el.width, el.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
}

describe('报表 in the web app (issue 15 item 6)', () => {
  it('management opens 报表 from the menu and sees timeliness, suggestion status and satisfaction charts, labelled in Chinese', async () => {
    const manager = await as('management', '/');
    const { page } = manager;
    await page.getByRole('menuitem', { name: '报表' }).click();
    await page.waitForURL(/\/reports$/);
    await settle(page);
    await visible(page.getByLabel('年度', { exact: true }));
    await visible(page.getByLabel('部门', { exact: true }));
    await choose(page, '年度', '2026 年');
    // The URL keeps a year other than the current one (2026 may be either).
    await hasText(page.locator('.report-filters'), '2026 年');
    await hasText(page.locator('.ant-card-head'), '2026 年');
    await settle(page);

    for (const name of ['scores', 'timeliness', 'suggestions', 'satisfaction']) {
      const c = chart(page, name);
      await visible(c);
      await until(
        () => paintedPixels(c),
        (n) => n > 1000,
        `${name} chart painted`,
      );
    }
    // every department's score, its dimensions stacked (the fixture department among them).
    expect(await labels(chart(page, 'scores'), 'data-legend')).toEqual(['及时性（30）', '质量（50）', '应用（20）']);
    expect(await labels(chart(page, 'scores'), 'data-axis')).toContain(fixture.departmentName);
    expect(await labels(chart(page, 'timeliness'), 'data-legend')).toEqual([
      '初稿按时',
      '初稿逾期',
      '终稿按时',
      '终稿逾期',
      '初稿按时率',
      '终稿按时率',
    ]);
    expect(await labels(chart(page, 'timeliness'), 'data-axis')).toEqual([
      '1月',
      '2月',
      '3月',
      '4月',
      '5月',
      '6月',
      '7月',
      '8月',
      '9月',
      '10月',
      '11月',
      '12月',
    ]);
    expect(await labels(chart(page, 'suggestions'), 'data-legend')).toEqual(['待落实', '落实中', '已落实', '不采纳']);
    expect(await labels(chart(page, 'suggestions'), 'data-axis')).toContain(fixture.departmentName);
    expect(await labels(chart(page, 'satisfaction'), 'data-legend')).toEqual(expect.arrayContaining(['学术研讨', '行业培训']));
    expect(await labels(chart(page, 'satisfaction'), 'data-axis')).toEqual(['一季度', '二季度', '三季度', '四季度']);
    // The whole association's table holds the fixture department's row with its rate and source numbers.
    await hasText(
      page.locator('.ant-card', { hasText: '改进建议落实情况' }).locator('.ant-table-row', { hasText: fixture.departmentName }),
      '25% = 1/4',
    );
    await snapshot(page, 'reports-01-association');

    // Narrowed to the fixture department: its rates with their source numbers, worked out in support/statistics-fixture.ts.
    await choose(page, '部门', fixture.departmentName, { search: true });
    await page.waitForURL(/department=stat_/);
    await settle(page);
    const timeliness = page.locator('.ant-card', { hasText: '初稿与终稿按时完成情况' });
    await hasText(timeliness, '初稿按时率75% = 3/4');
    await hasText(timeliness, '终稿按时率75% = 3/4');
    await hasText(page.locator('.ant-card', { hasText: '改进建议落实情况' }), '落实率 25% = 1/4');
    await snapshot(page, 'reports-02-department');
    // The tooltip (HTML, drawn by ECharts over the canvas) names the quarter and the source numbers.
    const satisfaction = chart(page, 'satisfaction');
    await until(
      () => paintedPixels(satisfaction),
      (n) => n > 1000,
      'satisfaction chart painted',
    );
    await satisfaction.scrollIntoViewIfNeeded();
    const box = (await satisfaction.boundingBox())!;
    // Inside the plot, nearest to the first quarter (the y-axis labels take the first ~60 px).
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.15 + 8, box.y + box.height / 2);
    await hasText(satisfaction, '学术研讨：平均 85%（3 份终稿；满意+较满意 421/480）');
    await page
      .locator('.ant-card', { hasText: '满意度趋势' })
      .screenshot({ path: path.join(SCREENSHOTS, `reports-02b-satisfaction-tooltip-${DESKTOP}.png`) });
    expect(manager.watch.problems).toEqual([]);
  });

  it('a department head reads 报表 for their own department only; staff has no 报表 entry', async () => {
    const head = await as('dept_head', '/reports?year=2026');
    await settle(head.page);
    await hasText(head.page.locator('.report-filters'), '宣传部');
    // Only the year picker: no department to choose.
    expect(await head.page.locator('.report-filters .ant-select').count()).toBe(1);
    await visible(chart(head.page, 'timeliness'));
    await snapshot(head.page, 'reports-03-dept-head');
    expect(head.watch.problems).toEqual([]);

    const staff = await as('staff', '/');
    await visible(staff.page.getByRole('menuitem', { name: '我的待办' }));
    expect(await staff.page.getByRole('menuitem', { name: '报表' }).count()).toBe(0);
    expect(staff.watch.problems).toEqual([]);
  });
});
