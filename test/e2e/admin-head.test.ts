/**
 * the overdue archive escalation goes to the head of the administration department, not to
 * every admin. The admin flags the head over HTTP (PATCH /api/users/:userId { isHead }); the
 * escalation is driven through the worker's notifyDeadline activity, as the workflow calls it,
 * on the real PostgreSQL. The database is shared with other suites: the demo admin's head flag
 * is put back afterwards, and the admin this suite creates is retired when the stack stops.
 */
import { randomUUID } from 'node:crypto';
import { createLifecycleActivities, type DeadlineNotice } from '../../activities/lifecycle.activities.js';
import { createNotificationActivities } from '../../activities/notification.activities.js';
import { activityBody } from '../support/builders.js';
import { startStack, type Stack } from './support/stack.js';

describe('R-12.3 the head of the administration department', () => {
  let stack: Stack;
  let demoAdminId: string;
  let second: { id: string; username: string };

  const admin = () => stack.as('admin');
  const patch = (id: string, body: Record<string, unknown>) => admin()('PATCH', `/api/users/${id}`, body);

  /** Registers an activity (ending next year: its workflow fires nothing) and escalates its archive deadline. */
  async function overdueArchive(): Promise<string[]> {
    const body = activityBody({ startAt: '2027-06-30T09:00:00+08:00', endAt: '2027-06-30T17:30:00+08:00' });
    const res = await stack.as('staff')('POST', '/api/activities', body);
    expect(res.status).toBe(201);
    const notice: DeadlineNotice = {
      workflowId: res.body.workflowId,
      activityId: res.body.id,
      leadDepartment: 'publicity',
      deadlineKey: 'archive',
      occurrence: 1,
      kind: 'overdue',
      dueAt: '2027-07-14T15:59:59.000Z',
      firedAt: new Date().toISOString(),
      stage: 'ARCHIVING',
    };
    const { deliverNotices } = createNotificationActivities({ dataSource: stack.dataSource });
    const { recipients } = await createLifecycleActivities({ dataSource: stack.dataSource, deliverNotices }).notifyDeadline(notice);
    expect(recipients).toEqual(['admin:head']);
    const rows = (await stack.dataSource.query(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.activity_id = $1 AND n.deadline_key = 'archive' ORDER BY u.username`,
      [res.body.id],
    )) as Array<{ username: string }>;
    return rows.map((r) => r.username);
  }

  beforeAll(async () => {
    stack = await startStack();
    const me = await admin()('GET', '/api/auth/me');
    demoAdminId = me.body.id;
    const username = `admin_${randomUUID().slice(0, 8)}`;
    const body = { username, displayName: '行政部副主任', role: 'admin', password: 'a-deputy-admin-passphrase-2026' };
    const created = await admin()('POST', '/api/users', body);
    expect(created.status).toBe(201);
    second = { id: created.body.id, username };
  });
  afterAll(async () => {
    // The seeded state: the demo admin heads the administration department.
    await stack?.dataSource.query(`UPDATE users SET is_head = (username = 'admin') WHERE role = 'admin'`);
    await stack?.stop();
  });

  it('seeds the demo admin as head; a new admin is not; the user views show isHead', async () => {
    const demo = await admin()('GET', `/api/users/${demoAdminId}`);
    expect(demo.body).toMatchObject({ username: 'admin', role: 'admin', isHead: true });
    expect((await admin()('GET', `/api/users/${second.id}`)).body).toMatchObject({ username: second.username, isHead: false });
  });

  it('R-12.3 with two admins, one flagged head (set through PATCH, audited), an overdue archive notifies only the head', async () => {
    const flagged = await patch(second.id, { isHead: true });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ id: second.id, role: 'admin', isHead: true });
    expect((await patch(demoAdminId, { isHead: false })).body).toMatchObject({ isHead: false });
    const audit = await admin()('GET', `/api/audit?action=user.update&targetId=${second.id}`);
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'user.update', targetId: second.id })]));

    expect(await overdueArchive()).toEqual([second.username]);
  });

  it('R-12.3 with no admin flagged head, an overdue archive notifies every admin (the escalation is never lost)', async () => {
    expect((await patch(second.id, { isHead: false })).body).toMatchObject({ isHead: false });
    const admins = (await stack.dataSource.query(`SELECT username FROM users WHERE role = 'admin' AND active ORDER BY username`)) as Array<{
      username: string;
    }>;
    expect(admins.map((a) => a.username)).toEqual(expect.arrayContaining(['admin', second.username]));

    expect(await overdueArchive()).toEqual(admins.map((a) => a.username));
  });

  it('R-12.3 a flagged head who is deactivated no longer counts: every active admin is notified', async () => {
    expect((await patch(second.id, { isHead: true })).status).toBe(200);
    expect((await patch(second.id, { active: false })).status).toBe(200);
    try {
      const recipients = await overdueArchive();
      expect(recipients).toContain('admin');
      expect(recipients).not.toContain(second.username);
    } finally {
      expect((await patch(second.id, { active: true, isHead: false })).status).toBe(200);
    }
  });

  it('accepts isHead only as a boolean and only for admin and dept_head; a change to another role clears it', async () => {
    const notBoolean = await patch(second.id, { isHead: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isHead' })]));

    const staff = (await admin()('GET', '/api/users?role=staff&department=publicity&active=true')).body.items[0];
    const refused = await patch(staff.id, { isHead: true });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'isHead', code: 'headRole' })]);
    expect((await admin()('GET', `/api/users/${staff.id}`)).body.isHead).toBe(false);

    const head = await admin()('GET', '/api/users?role=dept_head&department=publicity&active=true');
    const deptHead = head.body.items[0];
    const flagged = await patch(deptHead.id, { isHead: true });
    expect(flagged.body).toMatchObject({ role: 'dept_head', isHead: true });
    expect((await patch(deptHead.id, { isHead: false })).body).toMatchObject({ isHead: false });

    expect((await patch(second.id, { isHead: true })).body.isHead).toBe(true);
    const demoted = await patch(second.id, { role: 'vp' });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ role: 'vp', isHead: false });
    // A role that cannot be head, with the flag in the same request: refused, nothing changes.
    const both = await patch(second.id, { role: 'archivist', isHead: true });
    expect(both.status).toBe(400);
    expect((await admin()('GET', `/api/users/${second.id}`)).body).toMatchObject({ role: 'vp', isHead: false });
  });
});
