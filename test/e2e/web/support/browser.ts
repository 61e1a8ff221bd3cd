/**
 * Browser tests of the web app (issue 12): playwright-core drives Debian's chromium (never a
 * downloaded browser) against the real stack, whose API serves the built app (apps/web/dist).
 * Every page is watched for console errors and failed requests, checked for horizontal overflow at
 * 390 px, and photographed at 390 and 1440 px into test-artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
// @ts-expect-error plain ESM module of the launcher (Node built-ins only), no type declarations
import { CHROMIUM, ensureBrowser, ensureWebBuild } from '../../../../scripts/tools/web-app.mjs';
import { DEMO_PASSWORD } from '../../../../libs/db/seed-demo.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const PHONE = 390;
export const DESKTOP = 1440;

/** Builds the app when stale and makes sure chromium is there; then launches it headless. */
export async function launchBrowser(): Promise<Browser> {
  await ensureWebBuild({ log: () => {} });
  if (!(await ensureBrowser({ log: (l: string) => console.warn(l) }))) throw new Error(`chromium is missing at ${CHROMIUM as string}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM as string, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** What went wrong on a page: console errors, failed requests and error answers (4xx/5xx). */
export interface Watch {
  /** Everything reported so far, and each write still unanswered after a 503 the page retries. */
  readonly problems: string[];
  /** Error answers a step provokes on purpose (`METHOD path-regex status`). */
  expect(method: string, url: RegExp, status: number): void;
  /** Problems a step provokes on purpose, however many (e.g. every request of an expired sign-in). */
  allow(problem: RegExp): void;
}

export interface UserSession {
  context: BrowserContext;
  page: Page;
  watch: Watch;
  close(): Promise<void>;
}

/** Requests in flight per page, so `settle` can wait for a client-side navigation's chunks and queries. */
const inflight = new WeakMap<Page, { open: Set<Request>; lastChange: number }>();

function watchPage(page: Page): Watch {
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  const report = (p: string) => {
    if (!allowed.some((a) => a.test(p))) problems.push(p);
  };
  const net = { open: new Set<Request>(), lastChange: Date.now() };
  inflight.set(page, net);
  const change = (r: Request, open: boolean) => {
    if (open) net.open.add(r);
    else net.open.delete(r);
    net.lastChange = Date.now();
  };
  page.on('request', (r) => change(r, true));
  page.on('requestfinished', (r) => change(r, false));
  page.on('requestfailed', (r) => change(r, false));
  const expected: Array<{ method: string; url: RegExp; status: number }> = [];
  page.on('console', (m) => {
    // The browser's line for a 503 repeats what the 'response' handler below reports (or forgives, once retried).
    if (m.type() === 'error' && !/^Failed to load resource: .*status of 503\b/.test(m.text())) report(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => report(`page error: ${e.message}`));
  page.on('requestfailed', (r) => report(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  // A 503 to a write with an Idempotency-Key is retried by the page (apps/web/src/api/retry.ts): a problem only if no try succeeded.
  const retried = new Map<string, string>();
  page.on('response', (r) => {
    const key = r.request().headers()['idempotency-key'];
    const attempt = key && `${r.request().method()} ${r.url()} ${key}`;
    if (attempt && r.status() < 400) retried.delete(attempt);
    if (r.status() < 400) return;
    const i = expected.findIndex((e) => e.method === r.request().method() && e.url.test(r.url()) && e.status === r.status());
    const problem = `HTTP ${r.status()}: ${r.request().method()} ${r.url()}`;
    if (i >= 0) expected.splice(i, 1);
    else if (attempt && r.status() === 503) retried.set(attempt, problem);
    else report(problem);
  });
  return {
    get problems() {
      return [...problems, ...[...retried.values()].filter((p) => !allowed.some((a) => a.test(p)))];
    },
    expect: (method, url, status) => expected.push({ method, url, status }),
    allow: (p) => allowed.push(p),
  };
}

/** A new tab (its own sessionStorage) signed in as a demo user through the 登录 page. */
export async function signIn(browser: Browser, baseUrl: string, username: string, next = '/'): Promise<UserSession> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: DESKTOP, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(next);
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await settle(page);
  return { context, page, watch, close: () => context.close() };
}

/**
 * Network quiet for 500 ms: lazy page chunks and queries have loaded (a navigation now aborts
 * nothing). Client-side navigations load no document, so `networkidle` alone would not wait.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  const net = inflight.get(page);
  if (!net) return;
  await page.waitForTimeout(100);
  await until(
    async () => net.open.size === 0 && Date.now() - net.lastChange >= 500,
    (quiet) => quiet,
    'network quiet',
  );
}

/**
 * The current page at 390 px (asserting nothing overflows: the document is no wider than the
 * phone) and at 1440 px, as test-artifacts/screenshots/<name>-390.png and -1440.png. Leaves the
 * page at 1440 px.
 */
export async function snapshot(page: Page, name: string, { focus }: { focus?: Locator } = {}): Promise<void> {
  for (const width of [PHONE, DESKTOP]) {
    await page.setViewportSize({ width, height: width === PHONE ? 844 : 900 });
    await page.waitForTimeout(300); // breakpoints re-render (menu drawer, columns)
    await settle(page);
    if (width === PHONE) {
      const scrollWidth = await page.evaluate(() => (globalThis as any).document.scrollingElement.scrollWidth as number);
      if (scrollWidth > PHONE) throw new Error(`${name}: the page is ${scrollWidth} px wide at ${PHONE} px (horizontal scrolling)`);
    }
    // Sticky bars would be drawn mid-page in a full-page picture: laid out in the flow while it is taken.
    const style = await page.addStyleTag({
      content: '.app-header, .sticky-footer, .app-sider { position: static !important; } .app-sider { height: auto !important; }',
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    await style.evaluate((el) => (el as { remove(): void }).remove());
    if (focus) {
      // A long form: the part that matters, as the user sees it on screen.
      await focus.first().evaluate((el) => (el as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}-screen.png`) });
    }
  }
}

/**
 * Picks an option of the antd Select labelled `label`. A searchable one gets the option's text
 * typed first: its list is virtual, and an option far down (a department among many that other
 * suites created) is not in the page until the search brings it up.
 */
export async function choose(page: Page, label: string, option: string, { search = false } = {}): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.click();
  if (search) await select.fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Clicks the OK button of the confirmation modal on screen. */
export async function confirm(page: Page, ok: string): Promise<void> {
  await page.locator('.ant-modal-confirm:visible').getByRole('button', { name: ok, exact: true }).click();
}

// ── files to upload, built byte by byte ───────────────────────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A valid 8×8 PNG of one colour. */
export function png(rgb: [number, number, number] = [220, 40, 40]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 8 }, () => rgb).flat())]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: 8 }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
export const CSV = Buffer.from('项目,线上,线下\n参与人数,180,260\n', 'utf8');
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
    '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** Polls `fn` until `ok` accepts its value; fails naming `what` and the last value. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await fn();
  }
  return last;
}

/** Waits until the locator's text contains `text`. */
export async function hasText(locator: Locator, text: string, timeoutMs = 30_000): Promise<void> {
  await until(
    () => locator.first().textContent({ timeout: timeoutMs }),
    (t) => !!t?.includes(text),
    `text "${text}"`,
    timeoutMs,
  );
}

/** Waits until there are `n` matches. */
export async function hasCount(locator: Locator, n: number, timeoutMs = 30_000): Promise<void> {
  await until(
    () => locator.count(),
    (c) => c === n,
    `${n} matches`,
    timeoutMs,
  );
}

export const visible = (locator: Locator, timeoutMs = 30_000) => locator.first().waitFor({ state: 'visible', timeout: timeoutMs });

/**
 * Waits for the page a write leads to. 60 s: a write the API answers 503 is tried three times
 * (apps/web/src/api/retry.ts), each within the API's deadlines (a state query, then the update),
 * with Retry-After (5 s) between. On a timeout the error says what the page showed (its alerts
 * and messages) and what went wrong on it.
 */
export async function arrives(session: UserSession, url: RegExp, timeoutMs = 60_000): Promise<void> {
  try {
    await session.page.waitForURL(url, { timeout: timeoutMs });
  } catch (err) {
    const shown = await session.page
      .locator('.ant-alert, .ant-message-notice, .ant-form-item-explain-error')
      .allInnerTexts()
      .catch(() => []);
    const problems = JSON.stringify(session.watch.problems);
    throw new Error(`${String(err)}\nat ${session.page.url()} the page showed ${JSON.stringify(shown)}; problems ${problems}`, {
      cause: err,
    });
  }
}
