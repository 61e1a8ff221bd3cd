/**
 * Issue 12's audit, two gaps: every input has a visible label (the filters of 活动, 逾期看板 and 档案,
 * the 版本 picker of the 签名 tab), at 390 and 1440 px; and the 总结版本 tab opens a version to
 * show its findings beside its text. The activity is this suite's own (registered by publicity
 * staff); its two versions are submitted over the API: one refused by R-9.2, then the corrected
 * one. Screenshots: test-artifacts/screenshots/filters-* and versions-*.
 */
import type { Browser, Page } from 'playwright-core';
import { exampleSummary } from '../../../libs/summary/index.js';
import { registerExampleActivity } from '../support/fixtures.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { DESKTOP, PHONE, hasText, launchBrowser, settle, signIn, snapshot, visible, type UserSession } from './support/browser.js';

let stack: Stack;
let browser: Browser;
const sessions: UserSession[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 300_000);
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

async function as(username: string, next: string): Promise<UserSession> {
  const s = await signIn(browser, stack.baseUrl, username, next);
  sessions.push(s);
  return s;
}

/**
 * At 390 and 1440 px, each of `labels` is a visible <label> on screen (not past the right edge)
 * whose `for` names the one control that `getByLabel` finds for it: seen, not only announced.
 */
async function visiblyLabelled(page: Page, labels: string[]): Promise<void> {
  for (const width of [PHONE, DESKTOP]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    for (const text of labels) {
      const label = page.locator('label', { hasText: new RegExp(`^${text}$`) });
      await visible(label);
      const box = (await label.first().boundingBox())!;
      expect({ text, width, inside: box.x >= 0 && box.x + box.width <= width }).toEqual({ text, width, inside: true });
      const forId = await label.first().getAttribute('for');
      expect({ text, forId }).toEqual({ text, forId: expect.any(String) });
      expect(await page.getByLabel(text, { exact: true }).getAttribute('id')).toBe(forId);
    }
  }
}

describe('visible labels on the filters (issue 12: every input has a visible label)', () => {
  it('活动 labels 阶段, 活动类型, 主办部门 and 逾期, 逾期看板 labels 活动名称, 部门 and 截止项, and 档案 labels 年度 and 活动类型, at 390 and 1440 px', async () => {
    const { page, watch } = await as('admin', '/activities');
    await settle(page);
    await visiblyLabelled(page, ['阶段', '活动类型', '主办部门', '逾期']);
    // The labelled control is the filter: picking through it filters the list.
    await page.getByLabel('逾期', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '仅看逾期' }).click();
    await page.waitForURL(/overdue=true/);
    await snapshot(page, 'filters-activities');

    await page.goto('/board');
    await settle(page);
    await visiblyLabelled(page, ['活动名称', '部门', '截止项']);
    await page.getByLabel('活动名称', { exact: true }).fill('不存在的活动名称');
    await page.getByLabel('活动名称', { exact: true }).press('Enter');
    await page.waitForURL(/q=/);
    await snapshot(page, 'filters-board');

    await page.goto('/archive');
    await settle(page);
    await visiblyLabelled(page, ['年度', '活动类型']);
    await snapshot(page, 'filters-archive');
    expect(watch.problems).toEqual([]);
  });
});

describe('总结版本 opens a version (issue 12: the summary with versions and findings)', () => {
  it('staff opens the refused version and sees its R-9.2 finding beside its text, then the submitted one; 签名 labels 版本', async () => {
    const id = await registerExampleActivity(stack);
    const refused = exampleSummary();
    refused.effectiveness.quantitative.questionnaire = { issued: 200, returned: 184, statedRate: 95 };
    expect((await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document: refused })).status).toBe(422);
    const corrected = exampleSummary();
    corrected.overview.goals.background = '第二版：问卷回收率已按 184/200 更正。';
    expect((await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document: corrected })).status).toBe(201);
    await eventually(
      () => stack.as('staff')('GET', `/api/activities/${id}`),
      (r) => r.body?.stage === 'IN_REVIEW_L1',
    );

    const { page, watch } = await as('staff', `/activities/${id}`);
    await settle(page);
    await page.getByRole('tab', { name: '总结版本' }).click();
    await page.getByRole('button', { name: '查看第 1 版' }).click();
    const drawer = page.locator('.version-drawer');
    await visible(drawer);
    await hasText(drawer.locator('.ant-drawer-title'), '第 1 版 · 未通过检查');
    // The finding sits in its module (成效评估), beside the text it is about.
    const finding = drawer.locator('li[data-rule="R-9.2"]');
    await visible(finding);
    await hasText(finding, '92');
    await hasText(drawer, '成效评估');
    await hasText(drawer, refused.overview.basicInfo.name);
    await snapshot(page, 'versions-01-refused', { focus: finding });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '查看第 2 版' }).click();
    await hasText(drawer.locator('.ant-drawer-title'), '第 2 版 · 已提交');
    await hasText(drawer, '第二版：问卷回收率已按 184/200 更正。');
    expect(await drawer.locator('li[data-rule="R-9.2"]').count()).toBe(0);
    await snapshot(page, 'versions-02-submitted');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '签名' }).click();
    await visiblyLabelled(page, ['版本']);
    await hasText(page.locator('.ant-select').filter({ has: page.locator('#signatures-version') }), '第 2 版');
    expect(watch.problems).toEqual([]);
  });
});
