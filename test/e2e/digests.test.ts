/**
 * No message storms (issue #16), on the real stack with a real SMTP server and a real WeCom robot
 * receiver: a department head with 12 overdue escalations within a minute gets 5 e-mails at once
 * and then one digest naming the other 7; the group robot gets 5 messages, paced by the token
 * bucket, and one digest naming the other 13; the inbox keeps all 12. Then the counts for the
 * bench, a digest whose sender "dies" holding it (sent once, items not lost), and the morning
 * digest (working days only, once per day however many workers).
 *
 * The database is shared with other suites: the department and its head are this suite's own, and
 * the robots are ones no other suite uses (WeCom, Feishu), so nobody else's mail counts here.
 */
import { createDeliveryLedger } from '../../activities/delivery-ledger.js';
import { createLifecycleActivities, type DeadlineNotice } from '../../activities/lifecycle.activities.js';
import { createNotificationActivities } from '../../activities/notification.activities.js';
import { createDigestKeeper } from '../../activities/notification-digests.js';
import { startRobotReceiver, type ReceivedRobotRequest, type RobotReceiver } from '../../chaos/receivers/robots.js';
import { decodeHeader, parseMail, startSmtpServer, type TestSmtpServer } from '../../chaos/receivers/smtp.js';
import { loadNotifyConfig } from '../../libs/notify/config.js';
import { deliveryCounts } from '../../libs/notify/counts.js';
import { DEADLINE_NAMES_ZH } from '../../libs/notify/message.js';
import { activityBody, uniqueDepartment } from '../support/builders.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const FROM = '活动总结系统 <no-reply@assoc.example>';
const PUBLIC_URL = 'https://summary.assoc.example';
const WINDOW_S = 30;
const ENV = {
  SMTP_FROM: FROM,
  PUBLIC_URL,
  NOTIFY_BATCH_LIMIT: '5',
  NOTIFY_BATCH_WINDOW_SECONDS: String(WINDOW_S),
  // A small bucket, so pacing shows within seconds: 3 a second (one at once, then one every 0.5 s).
  ROBOT_RATE_LIMIT: '3',
  ROBOT_RATE_WINDOW_SECONDS: '1',
};
const FAST_RETRY = { intervalMs: 300, policy: { retryBaseMs: 200, retryMaxMs: 600, maxAttempts: 1000 } };
const ACTIVITIES = 6; // × (base data + draft) = 12 escalations to the department head; × 3 = 18 to the group
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Mail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}
const mailsTo = (smtp: TestSmtpServer, address: string): Mail[] =>
  smtp.mails
    .filter((m) => m.envelopeTo.includes(address))
    .map((m) => parseMail(m.raw))
    .map((p, i, all) => ({
      to: [address],
      subject: decodeHeader(p.headers.get('subject') ?? ''),
      text: (p.parts.get('text/plain') ?? '').replace(/\r\n/g, '\n'),
      messageId: p.headers.get('message-id') ?? `#${i}/${all.length}`,
    }));
const robotText = (r: ReceivedRobotRequest) => (r.body.markdown as { content: string }).content;

/** The most requests in any closed window of `ms`. */
function busiest(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! > ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('storm control', () => {
  let stack: Stack;
  let smtp: TestSmtpServer;
  let robot: RobotReceiver;
  let dept: string;
  let head: { username: string; email: string };
  let since: Date;
  const activities: Array<{ id: string; name: string }> = [];
  /** "活动名｜事项" of each escalation to the head (base data and draft of each activity). */
  let headItems: string[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    robot = await startRobotReceiver({ kind: 'wecom' });
    stack = await startStack(
      { ...ENV, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), WECOM_WEBHOOK_URL: robot.url },
      { deliveryRetry: FAST_RETRY },
    );
    dept = uniqueDepartment();
    expect((await stack.as('admin')('POST', '/api/departments', { code: dept, nameZh: '汇总测试部' })).status).toBe(201);
    head = { username: `${dept}_head`, email: `${dept}.head@assoc.example` };
    const created = await stack.createDemoUser({
      username: head.username,
      displayName: '汇总测试部负责人',
      role: 'dept_head',
      department: dept,
    });
    expect(created.status).toBe(201);
    expect((await stack.as(head.username)('PUT', '/api/notifications/preferences', { email: head.email, wantsEmail: true })).status).toBe(
      200,
    );

    [{ since }] = (await stack.dataSource.query(`SELECT now() AS since`)) as [{ since: Date }];
    // Six activities that ended on 2026-09-30 with nothing submitted: each escalates at once.
    for (let i = 0; i < ACTIVITIES; i++) {
      const body = activityBody({ leadDepartment: dept, coOrganizers: [] });
      const res = await stack.as('admin')('POST', '/api/activities', body);
      expect(res.status).toBe(201);
      activities.push({ id: res.body.id, name: body.name as string });
    }
    headItems = activities.flatMap((a) => [`${a.name}｜${DEADLINE_NAMES_ZH.baseData}`, `${a.name}｜${DEADLINE_NAMES_ZH.draft}`]);
  });
  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
    await robot?.close();
  });

  it('12 escalations to one head within a minute: 5 e-mails at once, one digest naming the other 7; the inbox has all 12', async () => {
    const firstFive = await eventually(
      async () => mailsTo(smtp, head.email),
      (m) => m.length >= 5,
      30_000,
    );
    const escalated = await eventually(
      async () =>
        (await stack.dataSource.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE channel = 'email' AND recipient = $1`, [
          head.username,
        ])) as [{ n: number }],
      ([r]) => r.n === 12,
    );
    expect(escalated[0].n).toBe(12);
    // Well inside the window: nothing more yet, the other seven are held.
    expect(firstFive.every((m) => m.subject.startsWith('【已逾期】'))).toBe(true);
    await sleep(2_000);
    expect(mailsTo(smtp, head.email)).toHaveLength(5);

    const mails = await eventually(
      async () => mailsTo(smtp, head.email),
      (m) => m.length >= 6,
      (WINDOW_S + 20) * 1000,
    );
    const digest = mails.find((m) => m.subject.startsWith('【逾期汇总】'))!;
    expect(digest.subject).toBe('【逾期汇总】新增逾期 7 项');
    const singles = mails.filter((m) => m !== digest).map((m) => m.subject.replace('【已逾期】', '').replace('：', '｜'));
    const listed = digest.text
      .split('\n')
      .filter((l) => /^\d+\. /.test(l))
      .map((l) =>
        l
          .replace(/^\d+\. /, '')
          .split('｜')
          .slice(0, 2)
          .join('｜'),
      );
    expect(singles).toHaveLength(5);
    expect(listed).toHaveLength(7);
    // Together exactly the twelve, each once.
    expect([...singles, ...listed].sort()).toEqual([...headItems].sort());
    expect(digest.text).toContain(`逾期看板：${PUBLIC_URL}/board`);
    expect(digest.text).toMatch(/截止 2026年10月\d+日｜逾期 \d+ 个工作日/);
    expect(digest.messageId).toMatch(/^<g1-[0-9a-f]{32}@assoc\.example>$/);

    // The ledger: five rows sent on their own, seven sent with the one digest, which names them.
    const rows = (await stack.dataSource.query(
      `SELECT d.status, d.admitted_at IS NOT NULL AS admitted, d.digest_id, d.escalation_id FROM notification_deliveries d
        WHERE d.channel = 'email' AND d.recipient = $1`,
      [head.username],
    )) as Array<{ status: string; admitted: boolean; digest_id: string | null; escalation_id: string }>;
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => r.admitted && !r.digest_id)).toHaveLength(5);
    const taken = rows.filter((r) => r.digest_id);
    expect(new Set(taken.map((r) => r.digest_id)).size).toBe(1);
    const [d] = (await stack.dataSource.query(`SELECT kind, status, item_count, items FROM notification_digests WHERE id = $1`, [
      taken[0]!.digest_id,
    ])) as Array<{ kind: string; status: string; item_count: number; items: string[] }>;
    expect(d).toMatchObject({ kind: 'batch', status: 'sent', item_count: 7 });
    expect([...d!.items].sort()).toEqual(taken.map((r) => r.escalation_id).sort());

    const inbox = await stack.as(head.username)('GET', '/api/notifications?pageSize=100');
    expect(inbox.body.total).toBe(12);

    // Many delivery rounds later: still five and one.
    await sleep(2_000);
    expect(mailsTo(smtp, head.email)).toHaveLength(6);
  }, 120_000);

  it('the group robot: 5 messages paced at 3 a second, then one digest naming the other 13', async () => {
    const calls = await eventually(
      async () => robot.requests.filter((r) => activities.some((a) => JSON.stringify(r.body).includes(a.name))),
      (c) => c.some((r) => robotText(r).includes('【逾期汇总】')),
      (WINDOW_S + 20) * 1000,
    );
    const singles = calls.filter((r) => robotText(r).startsWith('### 【已逾期】'));
    const digest = calls.filter((r) => robotText(r).includes('【逾期汇总】'));
    expect(singles).toHaveLength(5);
    expect(digest).toHaveLength(1);
    expect(robotText(digest[0]!)).toContain('【逾期汇总】新增逾期 13 项');
    const all = activities.flatMap((a) => (['baseData', 'draft', 'final'] as const).map((k) => `${a.name}｜${DEADLINE_NAMES_ZH[k]}`));
    const named = [
      ...singles.map((r) => /### 【已逾期】(.+)：(.+)/.exec(robotText(r))!.slice(1, 3).join('｜')),
      ...robotText(digest[0]!)
        .split('\n')
        .filter((l) => /^\d+\. /.test(l))
        .map((l) =>
          l
            .replace(/^\d+\. /, '')
            .split('｜')
            .slice(0, 2)
            .join('｜'),
        ),
    ];
    expect(named.sort()).toEqual(all.sort());
    expect(robotText(digest[0]!)).toContain(`[打开逾期看板](${PUBLIC_URL}/board)`);

    // Paced: one at once, then one every 0.5 s, so 2 s from the first send to the fifth (arrivals jitter by the
    // first request's connection set-up); without pacing all five arrive within a few milliseconds.
    const times = singles.map((r) => r.at).sort((a, b) => a - b);
    console.log(`robot pacing: the 5 messages arrived at +${times.map((t) => t - times[0]!).join(', +')} ms`);
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(1_500);
    expect(
      busiest(
        robot.requests.map((r) => r.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(3);
  }, 120_000);

  it('counts the wave from the database: escalations, e-mails, robot messages, digests, inbox rows', async () => {
    // Everyone else told of these escalations (admin, VP, SG, if they gave an address) is batched too: wait until all went.
    await eventually(
      () => deliveryCounts(stack.dataSource, since),
      (c) => c.heldForDigest === 0,
      (WINDOW_S + 30) * 1000,
    );
    await sleep(1_000);
    const counts = await deliveryCounts(stack.dataSource, since);
    const [{ inbox }] = (await stack.dataSource.query(`SELECT count(*)::int AS inbox FROM notifications WHERE activity_id = ANY($1)`, [
      activities.map((a) => a.id),
    ])) as [{ inbox: number }];
    const [{ digests }] = (await stack.dataSource.query(
      `SELECT count(*)::int AS digests FROM notification_digests WHERE status = 'sent' AND sent_at >= $1`,
      [since],
    )) as [{ digests: number }];
    console.log(`deliveryCounts: ${JSON.stringify(counts)}`);
    // Escalations are counted over the whole (shared) database: other suites' workflows may fire
    // in the same minutes. This suite's own are exactly 3 per activity.
    const [{ own }] = (await stack.dataSource.query(`SELECT count(*)::int AS own FROM escalations WHERE activity_id = ANY($1)`, [
      activities.map((a) => a.id),
    ])) as [{ own: number }];
    expect(own).toBe(ACTIVITIES * 3);
    expect(counts.escalations).toBeGreaterThanOrEqual(own);
    expect(counts).toEqual({
      escalations: counts.escalations,
      emails: smtp.mails.length,
      robotMessages: robot.requests.length,
      digests,
      inboxRows: inbox,
      heldForDigest: 0,
    });
    expect(counts.robotMessages).toBe(6);
    expect(counts.emails).toBeLessThan(counts.inboxRows);
  });

  describe('a digest whose sender dies holding it', () => {
    it('is sent once by the next sender after the lease, and its items with it', async () => {
      const feishu = await startRobotReceiver({ kind: 'feishu' });
      const notify = loadNotifyConfig({
        FEISHU_WEBHOOK_URL: feishu.url,
        NOTIFY_BATCH_LIMIT: '5',
        NOTIFY_BATCH_WINDOW_SECONDS: '2',
        ROBOT_RATE_LIMIT: '100',
        ROBOT_RATE_WINDOW_SECONDS: '1',
      });
      const live = createDeliveryLedger({ dataSource: stack.dataSource, notify });
      // Its robot call never returns: the sender holding the digest has died.
      const hang: typeof fetch = () => new Promise<Response>(() => {});
      const dying = createDeliveryLedger({ dataSource: stack.dataSource, notify, fetch: hang, policy: { leaseMs: 1_500 } });
      try {
        const notifications = createNotificationActivities({ dataSource: stack.dataSource, notify, ledger: live, publicUrl: PUBLIC_URL });
        const lifecycle = createLifecycleActivities({ dataSource: stack.dataSource, deliverNotices: notifications.deliverNotices });
        // Seven reminders of activities that end next year (their workflows fire nothing meanwhile).
        const future: string[] = [];
        for (let i = 0; i < 7; i++) {
          const body = activityBody({ startAt: '2027-06-30T09:00:00+08:00', endAt: '2027-06-30T17:30:00+08:00' });
          const res = await stack.as('staff')('POST', '/api/activities', body);
          future.push(body.name as string);
          const notice: DeadlineNotice = {
            workflowId: res.body.workflowId,
            activityId: res.body.id,
            leadDepartment: 'publicity',
            deadlineKey: 'draft',
            occurrence: 1,
            kind: 'reminder',
            dueAt: '2027-07-08T15:59:59.000Z',
            firedAt: new Date().toISOString(),
          };
          await lifecycle.notifyDeadline(notice);
        }
        const ours = () => feishu.requests.filter((r) => future.some((n) => JSON.stringify(r.body).includes(n)));
        await eventually(
          async () => ours().length,
          (n) => n >= 5,
        );
        await sleep(2_100); // the window has room again

        // The keeper writes the digest of the two held reminders; a sender claims it and hangs ("dies").
        const keeper = createDigestKeeper({ dataSource: stack.dataSource, notify, ledger: dying, publicUrl: PUBLIC_URL });
        expect(await keeper.flushHeld()).toBe(1);
        await sleep(300);
        const digestRow = async () =>
          (
            (await stack.dataSource.query(
              `SELECT id, status, item_count, claimed_until IS NOT NULL AS claimed FROM notification_digests
              WHERE channel = 'feishu' AND created_at >= $1 ORDER BY created_at DESC LIMIT 1`,
              [since],
            )) as Array<{ id: string; status: string; item_count: number; claimed: boolean }>
          )[0]!;
        expect(await digestRow()).toMatchObject({ status: 'pending', item_count: 2, claimed: true });
        // Another round meanwhile: no second digest of the same items, and the leased one is left alone.
        expect(await createDigestKeeper({ dataSource: stack.dataSource, notify, ledger: live }).flushHeld()).toBe(0);
        live.kickRobots();
        await sleep(300);
        expect(ours()).toHaveLength(5);

        await sleep(1_500); // the lease ends
        live.kickRobots();
        await eventually(
          async () => ours().length,
          (n) => n >= 6,
        );
        await sleep(1_000);
        expect(ours()).toHaveLength(6);
        const sent = ours()[5]!;
        const text = JSON.stringify(sent.body);
        expect(text).toContain('即将到期 2 项');
        expect(future.filter((n) => text.includes(n))).toHaveLength(2);
        const { id } = await digestRow();
        expect(await digestRow()).toMatchObject({ status: 'sent' });
        const items = (await stack.dataSource.query(`SELECT status FROM notification_deliveries WHERE digest_id = $1`, [id])) as Array<{
          status: string;
        }>;
        expect(items.map((i) => i.status)).toEqual(['sent', 'sent']);
      } finally {
        dying.close();
        await live.stop();
        await feishu.close();
      }
    }, 60_000);
  });

  describe('the daily digest (NOTIFY_DAILY_DIGEST)', () => {
    /** 2026-12-01 is a Tuesday, 2026-12-05 a Saturday. */
    const at = (iso: string) => () => new Date(iso);

    it('goes at 09:00 Asia/Shanghai on working days only, once per day and recipient however many workers run it', async () => {
      const notify = loadNotifyConfig({
        ...ENV,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        WECOM_WEBHOOK_URL: robot.url,
        NOTIFY_DAILY_DIGEST: 'true',
      });
      const ledger = createDeliveryLedger({ dataSource: stack.dataSource, notify });
      const keeper = (now: () => Date) => createDigestKeeper({ dataSource: stack.dataSource, notify, ledger, publicUrl: PUBLIC_URL, now });
      try {
        expect(await keeper(at('2026-12-05T02:00:00Z')).dailyIfDue()).toBe(0); // Saturday 10:00
        expect(await keeper(at('2026-12-01T00:59:00Z')).dailyIfDue()).toBe(0); // Tuesday 08:59
        // Two workers at 09:00 and 09:00:30: one digest per recipient and channel.
        const [a, b] = await Promise.all([
          keeper(at('2026-12-01T01:00:00Z')).dailyIfDue(),
          keeper(at('2026-12-01T01:00:30Z')).dailyIfDue(),
        ]);
        expect(a + b).toBeGreaterThan(0);
        expect(await keeper(at('2026-12-01T03:00:00Z')).dailyIfDue()).toBe(0); // 11:00, a restarted worker

        const rows = (await stack.dataSource.query(
          `SELECT channel, recipient, item_count FROM notification_digests WHERE kind = 'daily' AND digest_date = '2026-12-01'
            AND recipient IN ($1, 'group')`,
          [head.username],
        )) as Array<{ channel: string; recipient: string; item_count: number }>;
        expect(rows.map((r) => [r.channel, r.recipient]).sort()).toEqual([
          ['email', head.username],
          ['wecom', 'group'],
        ]);
        expect(rows.find((r) => r.channel === 'email')!.item_count).toBe(12); // every open overdue item the head was told of

        await ledger.sendDue(100);
        const daily = await eventually(
          async () => mailsTo(smtp, head.email).filter((m) => m.subject.startsWith('【每日逾期汇总】')),
          (m) => m.length >= 1,
        );
        expect(daily[0]!.subject).toBe('【每日逾期汇总】2026年12月1日 未办结逾期 12 项');
        const lines = daily[0]!.text.split('\n').filter((l) => /^\d+\. /.test(l));
        expect(
          lines
            .map((l) =>
              l
                .replace(/^\d+\. /, '')
                .split('｜')
                .slice(0, 2)
                .join('｜'),
            )
            .sort(),
        ).toEqual([...headItems].sort());
        const group = await eventually(
          async () => robot.requests.filter((r) => robotText(r).includes('【每日逾期汇总】2026年12月1日')),
          (r) => r.length >= 1,
        );
        expect(robotText(group[0]!)).toContain(`汇总测试部：${ACTIVITIES * 3} 项（`);
        await sleep(1_000);
        expect(mailsTo(smtp, head.email).filter((m) => m.subject.startsWith('【每日逾期汇总】'))).toHaveLength(1);
      } finally {
        await ledger.stop();
      }
    }, 60_000);
  });
});
