/**
 * Scaling out (README "Scaling out", WORKERS=2): two workers poll one task queue, on the real dev
 * server and PostgreSQL, with a real SMTP server and a DingTalk robot receiver. A wave of overdue
 * activities is shared between them and every escalation still reaches each recipient exactly once
 * (the ledger's dedupe keys, not which worker ran what, decide).
 */
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createWorker } from '../../apps/worker/src/worker.js';
import { countDuplicates } from '../../chaos/duplicates.js';
import { startRobotReceiver, type RobotReceiver } from '../../chaos/receivers/robots.js';
import { startSmtpServer, type TestSmtpServer } from '../../chaos/receivers/smtp.js';
import { calendarProvider } from '../../libs/calendar-store/provider.js';
import { activityBody } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const DINGTALK_SECRET = 'SEC-two-workers-test';
const ACTIVITIES = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack;
let smtp: TestSmtpServer;
let robot: RobotReceiver;
let second: { worker: Worker; connection: NativeConnection; running: Promise<void> };

beforeAll(async () => {
  smtp = await startSmtpServer();
  robot = await startRobotReceiver({ kind: 'dingtalk', secret: DINGTALK_SECRET });
  stack = await startStack(
    {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      DINGTALK_WEBHOOK_URL: robot.url,
      DINGTALK_SECRET,
      // Digests on, with a short window: both workers' delivery rounds may take held rows, and each
      // digest must still go out once.
      NOTIFY_BATCH_WINDOW_SECONDS: '3',
      ROBOT_RATE_LIMIT: '100',
      ROBOT_RATE_WINDOW_SECONDS: '1',
    },
    { deliveryRetry: { intervalMs: 300, policy: { retryBaseMs: 200, retryMaxMs: 600, maxAttempts: 1000 } } },
  );
  // The second worker: same task queue, same database, its own connection (as a second process has).
  const { worker, connection } = await createWorker({
    config: stack.config,
    dataSource: stack.dataSource,
    calendar: calendarProvider(stack.dataSource),
  });
  second = { worker, connection, running: worker.run() };
  for (const user of ['dept_head', 'admin', 'vp', 'sg']) {
    const res = await stack.as(user)('PUT', '/api/notifications/preferences', { email: `${user}@assoc.example`, wantsEmail: true });
    expect(res.status).toBe(200);
  }
});

afterAll(async () => {
  if (second) {
    second.worker.shutdown();
    await second.running;
    await second.connection.close();
  }
  await stack?.stop();
  await smtp?.close();
  await robot?.close();
});

it('WORKERS=2: a wave of overdue activities shared by two workers escalates each deadline once, to each recipient once', async () => {
  // Ended 2026-09-30 (activityBody's default), nothing submitted: 3 overdue deadlines each at once.
  const ids = await Promise.all(
    Array.from({ length: ACTIVITIES }, async (_, i) => {
      const res = await stack.as('staff')('POST', '/api/activities', activityBody({ name: `双工作进程-${i}-${Date.now()}` }));
      expect(res.status).toBe(201);
      return res.body.id as string;
    }),
  );
  const count = async (sql: string) => Number((await stack.dataSource.query(sql, [ids]))[0].n);
  await eventually(
    () => count(`SELECT count(*) AS n FROM escalations WHERE activity_id = ANY($1) AND kind = 'overdue'`),
    (n) => n >= 3 * ACTIVITIES,
    120_000,
  );
  // Every ledger row sent, on its own or in a digest, then a moment for a late duplicate to show.
  await eventually(
    () =>
      count(
        `SELECT count(*) AS n FROM notification_deliveries d JOIN escalations e ON e.id = d.escalation_id
          WHERE e.activity_id = ANY($1) AND d.status = 'pending'`,
      ),
    (n) => n === 0,
    120_000,
  );
  await sleep(2_000);

  expect(await count(`SELECT count(*) AS n FROM escalations WHERE activity_id = ANY($1)`)).toBe(3 * ACTIVITIES);
  const rows = (sql: string, params: unknown[]) => stack.dataSource.query(sql, params);
  expect(await countDuplicates(rows, ids, { mails: smtp.mails, robot })).toEqual({
    duplicate_escalations: 0,
    duplicate_ledger: 0,
    duplicate_inbox: 0,
    duplicate_smtp: 0,
    duplicate_webhook: 0,
  });
  // Something did reach the receivers: the counts above are not zero for want of messages.
  expect(smtp.mails.length).toBeGreaterThan(0);
  expect(robot.requests.length).toBeGreaterThan(0);
});
