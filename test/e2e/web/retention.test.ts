/**
 * in a browser: admin marks an activity permanent from its page, with a reason; the page
 * then shows 永久保管 and the change with its reason, and offers the undo. Screenshots at 390 and
 * 1440 px: test-artifacts/screenshots/retention-*.
 */
import type { Browser } from 'playwright-core';
import { registerExampleActivity } from '../support/fixtures.js';
import { startStack, type Stack } from '../support/stack.js';
import { hasText, launchBrowser, settle, signIn, snapshot, visible, type UserSession } from './support/browser.js';

let stack: Stack;
let browser: Browser;
let admin: UserSession | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 300_000);
afterAll(async () => {
  await admin?.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('permanent retention in the web app (R-13.1)', () => {
  it('R-13.1 admin marks the activity permanent with a reason from its page; the mark, its reason and the undo are shown', async () => {
    const id = await registerExampleActivity(stack);
    admin = await signIn(browser, stack.baseUrl, 'admin', `/activities/${id}`);
    const { page } = admin;
    await settle(page);
    const actions = page.locator('.actions-card');
    await page.getByRole('button', { name: '设为永久保管' }).click();
    const modal = page.locator('.ant-modal:visible');
    await visible(modal);
    // The reason is required: confirming without it keeps the modal open with the field's message.
    await modal.getByRole('button', { name: '设为永久保管' }).click();
    await hasText(modal, '请填写理由');
    await modal.getByLabel('理由').fill('协会成立二十周年庆典，具有长期史料价值');
    await snapshot(page, 'retention-01-mark', { focus: modal });
    await modal.getByRole('button', { name: '设为永久保管' }).click();
    await modal.waitFor({ state: 'detached', timeout: 30_000 });
    await visible(actions.getByRole('button', { name: '取消永久保管' }));
    await hasText(page.locator('.ant-descriptions'), '设为永久保管：协会成立二十周年庆典，具有长期史料价值');
    await snapshot(page, 'retention-02-marked');
    const res = await stack.as('admin')('GET', `/api/activities/${id}`);
    expect(res.body).toMatchObject({ permanent: true, lifecycle: { permanent: true } });
    expect(admin.watch.problems).toEqual([]);
  });
});
