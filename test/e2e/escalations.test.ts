/**
 * Escalations that reach people, on the real dev server and PostgreSQL: the in-app inbox, e-mail
 * to a real SMTP server (smtp-server) and a DingTalk robot (a local receiver checking signatures),
 * each exactly once; the inbox and escalation endpoints; a mail server that is down.
 * The database is shared with other suites: everything is filtered by this suite's activities.
 */
import { createDeliveryLedger } from '../../activities/delivery-ledger.js';
import { createLifecycleActivities, type DeadlineNotice } from '../../activities/lifecycle.activities.js';
import { createNotificationActivities, type NotificationActivityDeps } from '../../activities/notification.activities.js';
import { loadNotifyConfig } from '../../libs/notify/config.js';
import { activityBody } from '../support/builders.js';
import { startRobotReceiver, type RobotReceiver } from '../../chaos/receivers/robots.js';
import { closedPort, decodeHeader, parseMail, startSmtpServer, type TestSmtpServer } from '../../chaos/receivers/smtp.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const FROM = '活动总结系统 <no-reply@assoc.example>';
const DINGTALK_SECRET = 'SEC-escalations-test';
/** Users who receive the three overdue escalations of an activity of publicity (SPEC §3). */
const EMAILS: Record<string, string> = {
  dept_head: 'dept_head@assoc.example',
  admin: 'admin@assoc.example',
  vp: 'vp@assoc.example',
  sg: 'sg@assoc.example',
  // Refused by the SMTP server with 550: a permanent failure.
  training_head: 'bounce.training_head@assoc.example',
};
/** overdue recipients: baseData → dept head; draft → dept head + admin; final → VP + SG. */
const EXPECTED_MAILS: Record<string, number> = { dept_head: 2, admin: 1, vp: 1, sg: 1 };
const FAST_RETRY = { intervalMs: 300, policy: { retryBaseMs: 200, retryMaxMs: 600, maxAttempts: 1000 } };
/**
 * One message per escalation, at once: this suite checks each delivery on its own. Gathering into
 * digests and pacing the robots are test/e2e/digests.test.ts's subject (the database is shared, so
 * another suite's recent mail to the same users would otherwise count against the limit here).
 */
const ONE_BY_ONE = { NOTIFY_BATCH_LIMIT: 'off', ROBOT_RATE_LIMIT: '6000' };

function mailsFor(smtp: TestSmtpServer, activityName: string) {
  return smtp.mails
    .map((m) => ({ ...m, parsed: parseMail(m.raw) }))
    .map((m) => ({
      ...m,
      subject: decodeHeader(m.parsed.headers.get('subject') ?? ''),
      text: (m.parsed.parts.get('text/plain') ?? '').replace(/\r\n/g, '\n'),
    }))
    .filter((m) => m.subject.includes(activityName));
}
const robotCallsFor = (robot: RobotReceiver, activityName: string) =>
  robot.requests.filter((r) => JSON.stringify(r.body).includes(activityName));
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function register(stack: Stack, overrides: Record<string, unknown> = {}, as = 'staff') {
  const body = activityBody(overrides);
  const res = await stack.as(as)('POST', '/api/activities', body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, name: body.name as string };
}

async function ledger(stack: Stack, activityId: string) {
  return (await stack.dataSource.query(
    `SELECT d.recipient, d.channel, d.status, d.attempts, d.last_error, e.deadline_key
       FROM notification_deliveries d JOIN escalations e ON e.id = d.escalation_id
      WHERE e.activity_id = $1 ORDER BY e.deadline_key, d.recipient, d.channel`,
    [activityId],
  )) as Array<{ recipient: string; channel: string; status: string; attempts: number; last_error: string | null; deadline_key: string }>;
}

describe('with SMTP and a DingTalk robot', () => {
  let stack: Stack;
  let smtp: TestSmtpServer;
  let robot: RobotReceiver;
  /** The "done when" activity: ended 2026-09-30, nothing submitted. */
  let late: { id: string; workflowId: string; name: string };
  let registeredAt: number;

  beforeAll(async () => {
    smtp = await startSmtpServer({ rejectRecipient: (a) => (a.startsWith('bounce.') ? 550 : undefined) });
    robot = await startRobotReceiver({ kind: 'dingtalk', secret: DINGTALK_SECRET });
    stack = await startStack(
      {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: FROM,
        DINGTALK_WEBHOOK_URL: robot.url,
        DINGTALK_SECRET,
        PUBLIC_URL: 'https://summary.assoc.example',
        ...ONE_BY_ONE,
      },
      { deliveryRetry: FAST_RETRY },
    );
    // Each user sets their own address through the API.
    for (const [user, email] of Object.entries(EMAILS)) {
      const res = await stack.as(user)('PUT', '/api/notifications/preferences', { email, wantsEmail: true });
      expect(res.status).toBe(200);
    }
    registeredAt = Date.now();
    late = await register(stack);
  });
  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
    await robot?.close();
  });

  it(
    'R-7.1–R-7.3: an activity ended 2026-09-30 with nothing submitted ' +
      'reaches the inbox, SMTP and the robot within seconds, each exactly once',
    async () => {
      const mails = await eventually(
        async () => mailsFor(smtp, late.name),
        (m) => m.length >= 5,
      );
      const calls = await eventually(
        async () => robotCallsFor(robot, late.name),
        (c) => c.length >= 3,
      );
      const elapsedMs = Date.now() - registeredAt;
      expect(elapsedMs).toBeLessThan(15_000);
      console.log(`escalations: registration → 5 mails + 3 robot messages in ${elapsedMs} ms`);

      const recipientOf = Object.fromEntries(Object.entries(EMAILS).map(([u, e]) => [e, u]));
      expect(countBy(mails.flatMap((m) => m.envelopeTo.map((to) => recipientOf[to]!)))).toEqual(EXPECTED_MAILS);
      expect(mails.map((m) => m.subject).sort()).toEqual(
        [
          `【已逾期】${late.name}：基础数据收集`,
          `【已逾期】${late.name}：总结初稿提交`,
          `【已逾期】${late.name}：总结初稿提交`,
          `【已逾期】${late.name}：终稿形成`,
          `【已逾期】${late.name}：终稿形成`,
        ].sort(),
      );
      // Message-IDs come from the dedupe keys: one per (deadline, recipient), so receivers can drop resends.
      const ids = mails.map((m) => m.parsed.headers.get('message-id'));
      expect(new Set(ids).size).toBe(5);
      for (const id of ids) expect(id).toMatch(/^<n1-[0-9a-f]{32}@assoc\.example>$/);

      const base = mails.find((m) => m.subject.endsWith('基础数据收集'))!;
      expect(base.text).toBe(
        [
          `活动：${late.name}`,
          '事项：基础数据收集（已逾期）',
          '截止时间：2026年10月9日 23:59', // SPEC §7: 2nd working day after Sep 30, National Day in between
          '逾期起算：2026年10月9日 23:59',
          '办理人：编制人 宣传部编制人（宣传部）',
          '请尽快办理。',
          `查看详情：https://summary.assoc.example/activities/${late.id}`,
        ].join('\n'),
      );

      // One robot message per escalation, signed as DingTalk requires (the receiver checked it).
      expect(calls.map((c) => (c.body.markdown as { title: string }).title).sort()).toEqual(
        [`【已逾期】${late.name}：基础数据收集`, `【已逾期】${late.name}：总结初稿提交`, `【已逾期】${late.name}：终稿形成`].sort(),
      );
      expect(calls.every((c) => c.query.get('sign') && c.query.get('timestamp'))).toBe(true);

      const inbox = async (user: string) =>
        (await stack.as(user)('GET', `/api/notifications?activityId=${late.id}`)).body.items
          .map((i: { deadlineKey: string }) => i.deadlineKey)
          .sort();
      expect(await inbox('dept_head')).toEqual(['baseData', 'draft']);
      expect(await inbox('admin')).toEqual(['draft']);
      expect(await inbox('vp')).toEqual(['final']);
      expect(await inbox('sg')).toEqual(['final']);
      expect(await inbox('staff')).toEqual([]); // overdue escalations go up, not to the late author

      // The workflow recorded each escalation once, with its role-level recipients.
      const view = await stack.as('admin')('GET', `/api/activities/${late.id}`);
      expect(
        view.body.lifecycle.escalations.map((e: { deadlineKey: string; recipients: string[] }) => [e.deadlineKey, e.recipients]),
      ).toEqual([
        ['baseData', ['dept_head@publicity']],
        ['draft', ['dept_head@publicity', 'admin']],
        ['final', ['vp', 'secretary_general']],
      ]);

      // Many retrier rounds later: still exactly once everywhere.
      await sleep(3_000);
      expect(mailsFor(smtp, late.name)).toHaveLength(5);
      expect(robotCallsFor(robot, late.name)).toHaveLength(3);
      expect(await inbox('dept_head')).toEqual(['baseData', 'draft']);
      const rows = await ledger(stack, late.id);
      expect(rows).toHaveLength(5 * 2 + 3); // inbox + e-mail per person, one robot row per escalation
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    },
  );

  describe('inbox', () => {
    it('pages the own inbox as { items, total, page, pageSize, unread }, each item naming its activity', async () => {
      await eventually(
        () => stack.as('dept_head')('GET', `/api/notifications?activityId=${late.id}`),
        (r) => r.body.total === 2,
      );
      const p1 = await stack.as('dept_head')('GET', `/api/notifications?activityId=${late.id}&pageSize=1`);
      const p2 = await stack.as('dept_head')('GET', `/api/notifications?activityId=${late.id}&pageSize=1&page=2`);
      const p3 = await stack.as('dept_head')('GET', `/api/notifications?activityId=${late.id}&pageSize=1&page=3`);
      expect(p1.status).toBe(200);
      expect(p1.body).toMatchObject({ total: 2, page: 1, pageSize: 1, unread: expect.any(Number) });
      expect(p1.body.items).toHaveLength(1);
      expect(p2.body.items).toHaveLength(1);
      expect(p3.body).toMatchObject({ items: [], total: 2, page: 3 });
      expect(p1.body.items[0].id).not.toBe(p2.body.items[0].id);
      expect(p1.body.items[0]).toEqual({
        id: expect.any(String),
        activityId: late.id,
        escalationId: expect.any(String),
        reportId: null, // set only on a periodic report's announcement
        deadlineKey: expect.stringMatching(/^(baseData|draft)$/),
        kind: 'overdue',
        title: expect.stringContaining(late.name),
        body: expect.stringContaining('办理人：编制人'),
        link: `https://summary.assoc.example/activities/${late.id}`,
        createdAt: expect.any(String),
        readAt: null,
      });
      // Newest first.
      expect(p1.body.items[0].createdAt >= p2.body.items[0].createdAt).toBe(true);
    });

    it('counts unread, marks one read (repeat-safe) and filters by unread', async () => {
      const as = stack.as('dept_head');
      const before = (await as('GET', '/api/notifications/unread-count')).body.unread as number;
      expect(before).toBeGreaterThanOrEqual(2);
      const [first] = (await as('GET', `/api/notifications?activityId=${late.id}&unread=true`)).body.items;
      const read = await as('POST', `/api/notifications/${first.id}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
      const again = await as('POST', `/api/notifications/${first.id}/read`);
      expect(again.body.readAt).toBe(read.body.readAt);
      expect((await as('GET', '/api/notifications/unread-count')).body).toEqual({ unread: before - 1 });
      const unread = await as('GET', `/api/notifications?activityId=${late.id}&unread=true`);
      const readOnes = await as('GET', `/api/notifications?activityId=${late.id}&unread=false`);
      expect(unread.body.items.map((i: { id: string }) => i.id)).not.toContain(first.id);
      expect(readOnes.body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
      expect(unread.body.unread).toBe(before - 1);
    });

    it("shows only one's own messages: another user's id is 404 and never in the list", async () => {
      const mine = (await stack.as('dept_head')('GET', `/api/notifications?activityId=${late.id}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
      const vp = (await stack.as('vp')('GET', `/api/notifications?activityId=${late.id}`)).body.items.map((i: { id: string }) => i.id);
      expect(vp).toHaveLength(1);
      expect(vp.filter((id: string) => mine.includes(id))).toEqual([]);
      const steal = await stack.as('vp')('POST', `/api/notifications/${mine[0]}/read`);
      expect(steal.status).toBe(404);
      expect(steal.body).toMatchObject({ code: 'NOT_FOUND', messageZh: expect.any(String) });
      expect((await stack.as('vp')('POST', '/api/notifications/not-a-uuid/read')).status).toBe(404);
    });

    it('keeps per-user channel choices, refuses bad input, and is closed to outside bodies and anonymous callers', async () => {
      expect((await stack.as('admin')('GET', '/api/notifications/preferences')).body).toEqual({ email: EMAILS.admin, wantsEmail: true });
      const bad = await stack.as('admin')('PUT', '/api/notifications/preferences', { email: 'not-an-address', wantsEmail: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'wantsEmail']);
      expect((await stack.as('admin')('GET', '/api/notifications?pageSize=0')).status).toBe(400);
      expect((await stack.as('admin')('GET', '/api/notifications?unread=maybe')).status).toBe(400);
      expect((await stack.as('external')('GET', '/api/notifications')).status).toBe(403);
      expect((await stack.as(null)('GET', '/api/notifications/unread-count')).status).toBe(401);
    });
  });

  describe('GET /api/escalations', () => {
    it('lists the escalations with each recipient’s per-channel results from the ledger', async () => {
      const res = await stack.as('admin')('GET', `/api/escalations?activityId=${late.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      const byKey = Object.fromEntries(res.body.items.map((e: { deadlineKey: string }) => [e.deadlineKey, e]));
      expect(byKey.draft).toMatchObject({
        activityId: late.id,
        activityName: late.name,
        leadDepartment: 'publicity',
        kind: 'overdue',
        occurrence: 1,
        recipientRoles: ['dept_head@publicity', 'admin'],
        firedAt: expect.any(String),
        dueAt: expect.any(String),
        resolvedAt: null,
        open: true,
      });
      const sent = (channel: string) =>
        expect.objectContaining({ channel, status: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String) });
      expect(byKey.draft.recipients).toEqual([
        { recipient: 'admin', userId: expect.any(String), displayName: '行政部', role: 'admin', channels: [sent('email'), sent('inbox')] },
        {
          recipient: 'dept_head',
          userId: expect.any(String),
          displayName: '宣传部负责人',
          role: 'dept_head',
          channels: [sent('email'), sent('inbox')],
        },
        { recipient: 'group', userId: null, displayName: null, role: null, channels: [sent('dingtalk')] },
      ]);
      expect(byKey.final.recipients.map((r: { recipient: string }) => r.recipient)).toEqual(['sg', 'vp', 'group']);

      const draft = await stack.as('admin')('GET', `/api/escalations?activityId=${late.id}&deadlineKey=draft`);
      expect(draft.body.items.map((e: { deadlineKey: string }) => e.deadlineKey)).toEqual(['draft']);
      const paged = await stack.as('admin')('GET', `/api/escalations?activityId=${late.id}&pageSize=2&page=2`);
      expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(paged.body.items).toHaveLength(1);
      expect((await stack.as('admin')('GET', '/api/escalations?deadlineKey=tomorrow')).status).toBe(400);
    });

    it("finds escalations by part of the activity's name; % and _ match only themselves", async () => {
      const part = late.name.slice(2, -2);
      const found = await stack.as('admin')('GET', `/api/escalations?q=${encodeURIComponent(part.toUpperCase())}&pageSize=100`);
      expect(found.status).toBe(200);
      expect(found.body.items.filter((e: { activityId: string }) => e.activityId === late.id)).toHaveLength(3);
      expect(found.body.items.every((e: { activityName: string }) => e.activityName.toUpperCase().includes(part.toUpperCase()))).toBe(true);
      // As wildcards both would match this name (two characters follow `part`); as text, nothing.
      for (const wildcard of [`${part}%`, `${part}__`])
        expect((await stack.as('admin')('GET', `/api/escalations?q=${encodeURIComponent(wildcard)}`)).body.total).toBe(0);
      expect((await stack.as('admin')('GET', `/api/escalations?q=${'长'.repeat(101)}`)).status).toBe(400);
    });

    it('shows recipients’ user ids to the admin only: other readers see usernames, names and roles', async () => {
      const adminId = (await stack.as('admin')('GET', '/api/auth/me')).body.id as string;
      const draftOf = async (user: string) => {
        const res = await stack.as(user)('GET', `/api/escalations?activityId=${late.id}&deadlineKey=draft`);
        expect([user, res.status]).toEqual([user, 200]);
        return { recipients: res.body.items[0].recipients as Array<Record<string, unknown>>, text: JSON.stringify(res.body) };
      };
      const forAdmin = await draftOf('admin');
      expect(forAdmin.recipients.find((r) => r.recipient === 'admin')).toMatchObject({ userId: adminId, role: 'admin' });
      for (const user of ['dept_head', 'vp', 'sg', 'management', 'supervisor']) {
        const { recipients, text } = await draftOf(user);
        expect(recipients.map(({ recipient, displayName, role }) => ({ recipient, displayName, role }))).toEqual([
          { recipient: 'admin', displayName: '行政部', role: 'admin' },
          { recipient: 'dept_head', displayName: '宣传部负责人', role: 'dept_head' },
          { recipient: 'group', displayName: null, role: null },
        ]);
        for (const r of recipients) expect(r).not.toHaveProperty('userId');
        expect(text).not.toContain(adminId);
      }
    });

    it('lets dept heads (own department only), admin, VP, SG, management and the supervisor read; others get 403', async () => {
      const training = await register(stack, { leadDepartment: 'training', coOrganizers: [] }, 'admin');
      await eventually(
        () => stack.as('admin')('GET', `/api/escalations?activityId=${training.id}`),
        (r) => r.body.total === 3,
      );
      const count = async (user: string, query: string) => {
        const res = await stack.as(user)('GET', `/api/escalations?${query}`);
        return res.status === 200 ? res.body.total : res.status;
      };
      for (const user of ['admin', 'vp', 'sg', 'management', 'supervisor']) {
        expect([user, await count(user, `activityId=${late.id}`), await count(user, `activityId=${training.id}`)]).toEqual([user, 3, 3]);
      }
      // A department head sees their own department's escalations only, whatever they ask for.
      expect(await count('dept_head', `activityId=${late.id}`)).toBe(3);
      expect(await count('dept_head', `activityId=${training.id}`)).toBe(0);
      expect(await count('dept_head', 'department=training')).toBe(403);
      expect(await count('training_head', `activityId=${training.id}`)).toBe(3);
      expect(await count('training_head', `activityId=${late.id}`)).toBe(0);
      for (const user of ['staff', 'training_staff', 'archivist', 'external']) expect([user, await count(user, '')]).toEqual([user, 403]);
      expect(await count('admin', `department=training&activityId=${training.id}`)).toBe(3);
      expect(await count('admin', `department=publicity&activityId=${training.id}`)).toBe(0);
    });

    it('shows the admin a channel that fails (a refused recipient is given up at once), without failing the workflow', async () => {
      // training_head's address is refused with 550: the row is `failed` after one attempt.
      const training = await register(stack, { leadDepartment: 'training', coOrganizers: [] }, 'admin');
      const rows = await eventually(
        () => ledger(stack, training.id),
        (rs) => rs.length === 5 * 2 + 3 && rs.every((r) => r.status !== 'pending'),
      );
      const refused = rows.filter((r) => r.status === 'failed');
      expect(refused.map((r) => [r.recipient, r.channel, r.attempts])).toEqual([
        ['training_head', 'email', 1],
        ['training_head', 'email', 1],
      ]);
      expect(refused[0]!.last_error).toMatch(/550|refused/i);
      // Everyone else, the inbox and the robot got through regardless.
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(11);

      const health = await stack.as('admin')('GET', '/api/escalations/channel-health');
      expect(health.status).toBe(200);
      const email = health.body.items.find((c: { channel: string }) => c.channel === 'email');
      expect(email).toMatchObject({
        failed: expect.any(Number),
        lastError: expect.stringMatching(/550|refused/i),
        lastSentAt: expect.any(String),
      });
      expect(email.failed).toBeGreaterThanOrEqual(2);
      expect((await stack.as('vp')('GET', '/api/escalations/channel-health')).status).toBe(403);

      const { status } = await stack.client.workflow.getHandle(training.workflowId).describe();
      expect(status.name).toBe('RUNNING');
    });

    it('filters open ones, and resolves an escalation when the late step is done', async () => {
      const open = async (value: boolean) =>
        (await stack.as('admin')('GET', `/api/escalations?activityId=${late.id}&open=${value}`)).body.items
          .map((e: { deadlineKey: string }) => e.deadlineKey)
          .sort();
      expect(await open(true)).toEqual(['baseData', 'draft', 'final']);
      expect(await open(false)).toEqual([]);

      const base = await stack.as('staff')('POST', `/api/activities/${late.id}/base-data`, {
        participants: { online: 10, offline: 20 },
        expenseSettled: true,
      });
      expect(base.status).toBe(200);
      await eventually(
        () => open(false),
        (keys) => keys.length === 1,
      );
      expect(await open(false)).toEqual(['baseData']);
      expect(await open(true)).toEqual(['draft', 'final']);
      const [resolved] = (await stack.as('dept_head')('GET', `/api/escalations?activityId=${late.id}&deadlineKey=baseData`)).body.items;
      expect(resolved).toMatchObject({ open: false, resolvedAt: expect.any(String) });
      // Resolving sends nothing new.
      expect(mailsFor(smtp, late.name)).toHaveLength(5);
    });
  });

  describe('a retried notifyDeadline (worker killed between the send and the activity completing)', () => {
    const notify = () =>
      loadNotifyConfig({
        ...ONE_BY_ONE,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: FROM,
        DINGTALK_WEBHOOK_URL: robot.url,
        DINGTALK_SECRET,
      });
    const noticeFor = (a: { id: string; workflowId: string }): DeadlineNotice => ({
      workflowId: a.workflowId,
      activityId: a.id,
      leadDepartment: 'publicity',
      deadlineKey: 'draft',
      occurrence: 1,
      kind: 'reminder',
      dueAt: '2027-07-08T15:59:59.000Z',
      firedAt: new Date().toISOString(),
    });
    /** The activity as a fresh worker process would build it. */
    const activitiesOf = (overrides: Partial<NotificationActivityDeps> = {}) => {
      const notifications = createNotificationActivities({
        dataSource: stack.dataSource,
        notify: notify(),
        publicUrl: 'https://summary.assoc.example',
        ...overrides,
      });
      return createLifecycleActivities({ dataSource: stack.dataSource, deliverNotices: notifications.deliverNotices });
    };

    beforeAll(async () => {
      await stack.as('staff')('PUT', '/api/notifications/preferences', { email: 'staff@assoc.example' });
    });

    it('sends once when the activity runs again after it sent, and when two attempts overlap', async () => {
      // Ends next year: the workflow itself fires nothing during the test.
      const future = await register(stack, { startAt: '2027-06-30T09:00:00+08:00', endAt: '2027-06-30T17:30:00+08:00' });
      const notice = noticeFor(future);
      const first = await activitiesOf().notifyDeadline(notice);
      const retried = await activitiesOf().notifyDeadline(notice); // the retry Temporal schedules after the crash
      await Promise.all([activitiesOf().notifyDeadline(notice), activitiesOf().notifyDeadline(notice)]);
      expect(retried).toEqual(first);
      expect(first.recipients).toEqual(['staff@publicity']); // a reminder goes to whoever must act

      const [{ n: escalations }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM escalations WHERE activity_id = $1`, [
        future.id,
      ]);
      expect(escalations).toBe(1);
      const inbox = await stack.as('staff')('GET', `/api/notifications?activityId=${future.id}`);
      expect(inbox.body.items.map((i: { title: string }) => i.title)).toEqual([`【即将到期】${future.name}：总结初稿提交`]);
      await sleep(1_000); // the worker's retrier runs meanwhile, too
      const mails = mailsFor(smtp, future.name);
      expect(mails.map((m) => m.envelopeTo)).toEqual([['staff@assoc.example']]);
      expect(mails[0]!.text).toContain('请在截止时间前办理。');
      expect(robotCallsFor(robot, future.name)).toHaveLength(1);
    });

    it('leaves a send in progress to its lease: a retry does not send it again, the retrier does once the lease ends', async () => {
      const future = await register(stack, { startAt: '2027-06-30T09:00:00+08:00', endAt: '2027-06-30T17:30:00+08:00' });
      // The first attempt's worker hangs in the robot call and "dies" there: nothing reached the robot.
      const hang: typeof fetch = () => new Promise<Response>(() => {});
      // The lease outlasts the two attempts even on a loaded CI machine (1.5 s did not, once): the
      // retry must find the row still leased, whatever the machine's speed.
      const policy = { leaseMs: 4_000, retryBaseMs: 100, retryMaxMs: 200 };
      await activitiesOf({ fetch: hang, policy, sendBudgetMs: 200 }).notifyDeadline(noticeFor(future));
      await activitiesOf({ policy }).notifyDeadline(noticeFor(future)); // the retry: the robot row is leased
      const robotRow = async () => (await ledger(stack, future.id)).find((r) => r.channel === 'dingtalk')!;
      expect((await robotRow()).status).toBe('pending');
      expect(robotCallsFor(robot, future.name)).toHaveLength(0);

      await sleep(4_100);
      const retrier = createDeliveryLedger({ dataSource: stack.dataSource, notify: notify() });
      await retrier.sendDue(100);
      retrier.close();
      await eventually(
        async () => robotCallsFor(robot, future.name).length,
        (n) => n >= 1,
      );
      await sleep(1_000);
      expect(robotCallsFor(robot, future.name)).toHaveLength(1);
      expect(mailsFor(smtp, future.name)).toHaveLength(1);
      expect((await robotRow()).status).toBe('sent');
    });
  });
});

describe('an unreachable SMTP server', () => {
  let activity: { id: string; workflowId: string; name: string };

  it('delays mail without failing the workflow; a retrier with a reachable server then sends each mail once', async () => {
    const down = await startStack(
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await closedPort()), SMTP_FROM: FROM, ...ONE_BY_ONE },
      { deliveryRetry: FAST_RETRY },
    );
    try {
      for (const user of Object.keys(EXPECTED_MAILS)) await down.as(user)('PUT', '/api/notifications/preferences', { email: EMAILS[user] });
      activity = await register(down);
      // The retrier keeps trying with backoff; nothing is lost, nothing fails.
      const rows = await eventually(
        () => ledger(down, activity.id),
        (rs) =>
          rs.filter((r) => r.channel === 'email').length === 5 && rs.filter((r) => r.channel === 'email').every((r) => r.attempts >= 4),
      );
      const emails = rows.filter((r) => r.channel === 'email');
      expect(emails.every((r) => r.status === 'pending' && /ECONNREFUSED|connect/i.test(r.last_error ?? ''))).toBe(true);
      expect(rows.filter((r) => r.channel === 'inbox').every((r) => r.status === 'sent')).toBe(true);

      const view = await down.as('admin')('GET', `/api/activities/${activity.id}`);
      expect(view.body.lifecycle.escalations.map((e: { deadlineKey: string }) => e.deadlineKey)).toEqual(['baseData', 'draft', 'final']);
      expect((await down.client.workflow.getHandle(activity.workflowId).describe()).status.name).toBe('RUNNING');
      expect((await down.as('dept_head')('GET', `/api/notifications?activityId=${activity.id}`)).body.total).toBe(2);

      const health = await down.as('admin')('GET', '/api/escalations/channel-health');
      const email = health.body.items.find((c: { channel: string }) => c.channel === 'email');
      expect(email.retrying).toBeGreaterThanOrEqual(5);
      expect(email.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await down.stop();
    }

    // The mail server is back (or the configuration fixed) and the worker restarted.
    const smtp = await startSmtpServer();
    const up = await startStack(
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: FROM, ...ONE_BY_ONE },
      { deliveryRetry: FAST_RETRY },
    );
    try {
      const mails = await eventually(
        async () => mailsFor(smtp, activity.name),
        (m) => m.length >= 5,
      );
      await sleep(2_000);
      expect(mailsFor(smtp, activity.name)).toHaveLength(5);
      const byUser = Object.fromEntries(Object.entries(EMAILS).map(([u, e]) => [e, u]));
      expect(countBy(mails.flatMap((m) => m.envelopeTo.map((to) => byUser[to]!)))).toEqual(EXPECTED_MAILS);
      const emails = (await ledger(up, activity.id)).filter((r) => r.channel === 'email');
      expect(emails.every((r) => r.status === 'sent' && r.attempts > 4)).toBe(true);
    } finally {
      await up.stop();
      await smtp.close();
    }
  });
});
