/**
 * 退出 signs out (issue 12, 登录): the button revokes the token on the server (POST
 * /api/auth/logout), not only in the tab, so a copy of the old token is refused afterwards. The
 * user is one of this suite's own: signing out revokes every token of the user, and the demo
 * users' tokens are shared by the suites running beside this one.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { bearer, http, startStack, type Stack } from '../support/stack.js';
import { launchBrowser, signIn, visible, type UserSession } from './support/browser.js';

let stack: Stack;
let browser: Browser;
let user: UserSession | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 300_000);
afterAll(async () => {
  await user?.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('退出 in the web app', () => {
  it('revokes the token on the server: the old token is refused with 401, and the tab is back at 登录', async () => {
    const username = `signout_${randomUUID().slice(0, 8)}`;
    const created = await stack.createDemoUser({ username, displayName: '退出测试编制人', role: 'staff', department: 'publicity' });
    expect(created.status).toBe(201);
    user = await signIn(browser, stack.baseUrl, username);
    const { page } = user;
    const token = await page.evaluate(
      () => (JSON.parse((globalThis as any).sessionStorage.getItem('activity-summary.session') as string) as { token: string }).token,
    );
    expect((await http(stack.baseUrl, 'GET', '/api/auth/me', undefined, bearer(token))).status).toBe(200);

    const logout = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '退出' }).click();
    expect((await logout).status()).toBe(204);
    await page.waitForURL(/\/login/);
    await visible(page.getByLabel('用户名'));
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('activity-summary.session') as string | null)).toBeNull();

    // The token the tab held, sent again (as a copy of it would be): refused.
    const after = await http(stack.baseUrl, 'GET', '/api/auth/me', undefined, bearer(token));
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ statusCode: 401, details: [expect.objectContaining({ code: 'tokenRevoked' })] });
    // Signed out on purpose: the 登录 page says nothing about an expired sign-in.
    expect(await page.getByText('登录已过期').count()).toBe(0);
    expect(user.watch.problems).toEqual([]);
  });
});
