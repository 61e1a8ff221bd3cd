/**
 * A write the API answers 503 (the lifecycle's worker is away, so the update misses its deadline)
 * is sent again by the page with the same Idempotency-Key (apps/web/src/api/retry.ts): staff sees
 * the button spin, not an error, and the lifecycle takes the message once. When the worker stays
 * away through every try, the page says so in Chinese and keeps what was typed; pressing the
 * button again later sends the same key.
 */
import type { Browser, Request } from 'playwright-core';
import { registerExampleActivity } from '../support/fixtures.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { hasText, launchBrowser, signIn, snapshot, visible, type UserSession } from './support/browser.js';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { ensureBuild, WORKFLOW_BUNDLE } from '../../../scripts/tools/build.mjs';

// Short deadlines: each try answers 503 within about 3 s (the pre-check's query, then the update).
const RPC_TIMEOUT_MS = 2_000;
const QUERY_TIMEOUT_MS = 1_000;

let stack: Stack;
let browser: Browser;
const sessions: UserSession[] = [];

beforeAll(async () => {
  // The prebuilt workflow bundle: a restarted worker polls at once instead of running webpack for seconds.
  await ensureBuild();
  [stack, browser] = await Promise.all([
    startStack({
      TEMPORAL_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
      TEMPORAL_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      WORKFLOW_BUNDLE: WORKFLOW_BUNDLE as string,
    }),
    launchBrowser(),
  ]);
}, 300_000);
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

/** The base-data POSTs a page sends: each one's Idempotency-Key and, once answered, its status. */
function recordBaseDataPosts(session: UserSession): Array<{ key: string; status?: number }> {
  const posts: Array<{ key: string; status?: number }> = [];
  const mine = (r: Request) => r.method() === 'POST' && r.url().endsWith('/base-data');
  session.page.on('request', (r) => {
    if (mine(r)) posts.push({ key: r.headers()['idempotency-key'] ?? '' });
  });
  session.page.on('response', (r) => {
    if (mine(r.request())) posts.find((p) => p.status === undefined)!.status = r.status();
  });
  return posts;
}

/** Staff opens 录入基础数据 on the activity's page and types the participants. */
async function openBaseData(id: string, online: number): Promise<UserSession> {
  const staff = await signIn(browser, stack.baseUrl, 'staff', `/activities/${id}`);
  sessions.push(staff);
  const { page } = staff;
  await page.getByRole('button', { name: '录入基础数据' }).click();
  await page.getByLabel('实际线上人数').fill(String(online));
  await page.getByLabel('实际线下人数').fill('260');
  await page.getByLabel('费用已结算').check();
  return staff;
}

async function baseData(id: string): Promise<{ online?: number; history: number }> {
  const res = await stack.as('staff')('GET', `/api/activities/${id}`);
  return { online: res.body.lifecycle?.baseData?.participants?.online, history: res.body.lifecycle?.baseDataHistory?.length ?? 0 };
}

/** The lifecycle recorded `online` once: a second copy of the same message would have moved the first into the history. */
async function expectRecordedOnce(id: string, online: number): Promise<void> {
  expect(
    await eventually(
      () => baseData(id),
      (b) => b.online === online,
    ),
  ).toEqual({ online, history: 0 });
}

/** Runs `body` with the stack's worker stopped; `restart` brings it back, as does the end of `body` in any case. */
async function withWorkerStopped(body: (restart: () => Promise<void>) => Promise<void>): Promise<void> {
  await stack.stopWorker();
  let restarted = false;
  try {
    await body(async () => {
      await stack.startWorker();
      restarted = true;
    });
  } finally {
    if (!restarted) await stack.startWorker();
  }
}

/** 已结算 on the activity's base-data card: the page has the lifecycle's answer. */
const settledCard = (s: UserSession) => s.page.locator('.ant-card', { hasText: '实际人数' }).getByText('已结算');

describe('a write the API answers 503, in the web app', () => {
  it('SPEC §3 R-7.1 is sent again with the same Idempotency-Key; once the worker is back the lifecycle takes it once', async () => {
    const id = await registerExampleActivity(stack, {}, { baseData: false });
    await withWorkerStopped(async (restart) => {
      const staff = await openBaseData(id, 131);
      const posts = recordBaseDataPosts(staff);
      const first = staff.page.waitForResponse((r) => r.url().endsWith('/base-data') && r.status() === 503, { timeout: 30_000 });
      await staff.page.getByRole('button', { name: '提交基础数据' }).click();
      await first;
      await restart();
      await visible(settledCard(staff), 60_000);

      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(posts.map((p) => p.key)).size).toBe(1);
      expect(posts.map((p) => p.status)).toEqual([...posts.slice(0, -1).map(() => 503), 200]);
      await expectRecordedOnce(id, 131);
      // The 503s the page retried through are not problems; anything else would be.
      expect(staff.watch.problems).toEqual([]);
    });
  }, 180_000);

  it('SPEC §3 after three tries the page says so in Chinese and keeps what was typed; pressing again sends the same key', async () => {
    const id = await registerExampleActivity(stack, {}, { baseData: false });
    await withWorkerStopped(async (restart) => {
      const staff = await openBaseData(id, 132);
      const posts = recordBaseDataPosts(staff);
      await staff.page.getByRole('button', { name: '提交基础数据' }).click();
      const alert = staff.page.locator('.ant-modal').getByRole('alert');
      await hasText(alert, '服务暂时繁忙', 60_000);
      await hasText(alert, '再次提交不会重复生效');
      expect(posts.map((p) => p.status)).toEqual([503, 503, 503]);
      expect(await staff.page.getByLabel('实际线上人数').inputValue()).toBe('132');
      await snapshot(staff.page, '15-busy');
      expect(await baseData(id)).toEqual({ online: undefined, history: 0 });

      await restart();
      // A restarted worker gets the workflow back within a few seconds; the person presses again meanwhile.
      await eventually(
        async () => {
          if (posts.at(-1)?.status === 503 && !(await staff.page.getByRole('button', { name: '提交基础数据' }).isDisabled()))
            await staff.page.getByRole('button', { name: '提交基础数据' }).click();
          return posts.at(-1)?.status;
        },
        (status) => status === 200,
        90_000,
      );
      await visible(settledCard(staff));
      expect(new Set(posts.map((p) => p.key)).size).toBe(1);
      await expectRecordedOnce(id, 132);
      expect(staff.watch.problems).toEqual([]);
    });
  }, 180_000);

  it('a 503 that is not a timeout (a refused message) is shown at once with its own words, not tried again', async () => {
    const id = await registerExampleActivity(stack, {}, { baseData: false });
    const staff = await openBaseData(id, 133);
    const posts = recordBaseDataPosts(staff);
    // What the API answers when the lifecycle could not read its working-day calendar (lifecycle.client.ts refusalError).
    const refusal = {
      statusCode: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'the working-day calendar could not be read; nothing was changed, please retry',
      messageZh: '工作日历暂时无法读取，本次未做任何更改，请稍后重试',
      details: [
        { field: 'stage', code: 'UNAVAILABLE', message: 'calendar', messageZh: '工作日历暂时无法读取，本次未做任何更改，请稍后重试' },
      ],
    };
    await staff.page.route(/\/base-data$/, (route) =>
      route.fulfill({ status: 503, headers: { 'Retry-After': '5' }, contentType: 'application/json', body: JSON.stringify(refusal) }),
    );
    staff.watch.allow(/^HTTP 503: POST .*\/base-data$/);
    await staff.page.getByRole('button', { name: '提交基础数据' }).click();
    await hasText(staff.page.locator('.ant-modal').getByRole('alert'), '工作日历暂时无法读取', 10_000);
    await staff.page.waitForTimeout(6_000); // past the Retry-After a retry would have waited
    expect(posts.map((p) => p.status)).toEqual([503]);
    await staff.page.unroute(/\/base-data$/);
    // Pressed again, the message goes out under a new key: the refusal was an answer, not a timeout.
    await staff.page.getByRole('button', { name: '提交基础数据' }).click();
    await visible(settledCard(staff));
    expect(posts.map((p) => p.status)).toEqual([503, 200]);
    await expectRecordedOnce(id, 133);
    expect(new Set(posts.map((p) => p.key)).size).toBe(2);
  }, 120_000);
});
