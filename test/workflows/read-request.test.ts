/**
 * the read-request workflow on the time-skipping server, with the real activities and
 * PostgreSQL: the 3-working-day reminder to the waiting approver, the grant's durable expiry
 * timer, and the validator's refusals (wrong approver, closed request).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { writeFile } from 'node:fs/promises';
import { temporal } from '@temporalio/proto';
import { createCalendar, dueAfterWorkingDays } from '../../libs/calendar/index.js';
import type { Actor } from '../../libs/domain/roles.js';
import {
  decideUpdate,
  READ_REQUEST_REFUSED,
  readRequestStateQuery,
  readRequestWorkflowId,
} from '../../workflows/read-request-definitions.js';
import {
  approverSteps,
  REMIND_AFTER_WORKING_DAYS,
  type ReadRequestInput,
  type ReadRequestState,
} from '../../workflows/read-request-rules.js';
import { recordActivity, startTimeSkipping } from './support/env.js';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
let department: string;
let staff: Actor;
let head: Actor;
let archivist: Actor;

/** Users this file made: retired at the end, or the e2e suites' escalations would reach them too (same database). */
const made: string[] = [];

async function user(role: Actor['role'], dept: string | null): Promise<Actor> {
  const [row] = (await t.dataSource.query(
    `INSERT INTO users (username, display_name, role, department_code, password_hash) VALUES ($1, $2, $3, $4, 'x') RETURNING id`,
    [`rr-${role}-${randomUUID().slice(0, 8)}`, `测试${role}`, role, dept],
  )) as Array<{ id: string }>;
  made.push(row!.id);
  return { userId: row!.id, role, department: dept, displayName: `测试${role}` };
}

beforeAll(async () => {
  t = await startTimeSkipping();
  department = `rr_${randomUUID().slice(0, 8)}`;
  await t.dataSource.query(`INSERT INTO departments (code, name_zh) VALUES ($1, '测试部')`, [department]);
  staff = await user('staff', department);
  head = await user('dept_head', department);
  archivist = await user('archivist', null);
});
afterAll(async () => {
  if (made.length) await t?.dataSource.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [made]);
  await t?.stop();
});

async function file(overrides: Partial<ReadRequestInput> = {}): Promise<{ input: ReadRequestInput; handle: WorkflowHandle }> {
  const activity = await recordActivity(t.dataSource, { leadDepartment: 'publicity' });
  const requestId = randomUUID();
  const input: ReadRequestInput = {
    requestId,
    kind: 'internal',
    activityId: activity.activityId,
    leadDepartment: 'publicity',
    requester: staff,
    reader: staff,
    organisation: null,
    purpose: '编写培训教材参考',
    content: '活动总结全文',
    days: 7,
    steps: approverSteps('internal', staff),
    filedAt: new Date(await t.env.currentTimeMs()).toISOString(),
    remindAfterWorkingDays: REMIND_AFTER_WORKING_DAYS,
    letter: null,
    ...overrides,
  };
  const handle = await t.env.client.workflow.start('readRequest', {
    workflowId: readRequestWorkflowId(requestId),
    taskQueue: t.taskQueue,
    args: [input],
  });
  return { input, handle };
}

const decide = (handle: WorkflowHandle, actor: Actor, decision: 'approve' | 'reject' = 'approve') =>
  handle.executeUpdate(decideUpdate, { args: [{ decisionId: randomUUID(), actor, decision, comment: '同意' }] });

async function refusalCode(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(READ_REQUEST_REFUSED);
  return ((cause as ApplicationFailure).details?.[0] as { code: string }).code;
}

const row = async (id: string) =>
  (
    (await t.dataSource.query(`SELECT status, approver_role, expires_at, view_only, version FROM read_requests WHERE id = $1`, [
      id,
    ])) as Array<{
      status: string;
      approver_role: string | null;
      expires_at: Date | null;
      view_only: boolean;
      version: number;
    }>
  )[0];

/** The projection is written by an activity: wait (bounded) until the row shows `status`. */
async function rowUntil(id: string, status: string) {
  for (let i = 0; i < 100; i++) {
    const r = await row(id);
    if (r?.status === status) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return row(id);
}

/** Writes the run's history for the replay test when RECORD_HISTORIES=1 (never overwrites). */
async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const json = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
    longs: String,
    enums: String,
    bytes: String,
  });
  await writeFile(new URL(`./histories/${name}.json`, import.meta.url), `${JSON.stringify(json, null, 1)}\n`, { flag: 'wx' }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    },
  );
}

describe('R-13.2.1 an internal read request', () => {
  it('reminds the head once after 3 working days; head and archivist grant it; the timer revokes it at expiry', async () => {
    const { input, handle } = await file();
    const remindAt = dueAfterWorkingDays(createCalendar(), new Date(input.filedAt), 3).dueAt;
    expect((await rowUntil(input.requestId, 'pending'))?.status).toBe('pending');

    // Nothing before the 3rd working day has ended; one inbox message for the head right after.
    await t.env.sleep(Math.max(1, remindAt.getTime() - (await t.env.currentTimeMs()) - 60_000));
    const inbox = () =>
      t.dataSource.query(`SELECT user_id, deadline_key, kind FROM notifications WHERE link LIKE $1`, [
        `%/read-requests/${input.requestId}`,
      ]) as Promise<Array<{ user_id: string; deadline_key: string; kind: string }>>;
    expect(await inbox()).toEqual([]);
    await t.env.sleep('2 minutes');
    let s = await handle.query(readRequestStateQuery);
    expect(s.reminders.map((r) => r.step)).toEqual([0]);
    expect(await inbox()).toEqual([{ user_id: head.userId, deadline_key: 'readRequest', kind: 'reminder' }]);
    const [message] = (await t.dataSource.query(`SELECT body FROM notifications WHERE link LIKE $1`, [
      `%/read-requests/${input.requestId}`,
    ])) as Array<{ body: string }>;
    expect(message?.body).toContain('已等待测试部负责人审批'); // the department's name, not its code

    // The archivist may not decide the head's step; the requester never decides their own.
    expect(await refusalCode(decide(handle, archivist))).toBe('WRONG_APPROVER');
    expect(await refusalCode(decide(handle, staff))).toBe('WRONG_APPROVER');
    s = await decide(handle, head);
    expect([s.status, s.currentStep]).toEqual(['pending', 1]);
    expect((await row(input.requestId))?.approver_role).toBe('archivist');
    // The head's reminder is resolved once the step is decided.
    const [esc] = (await t.dataSource.query(`SELECT resolved_at FROM escalations WHERE workflow_id = $1`, [handle.workflowId])) as Array<{
      resolved_at: Date | null;
    }>;
    expect(esc?.resolved_at).not.toBeNull();

    s = await decide(handle, archivist);
    expect(s.status).toBe('granted');
    expect(s.grant?.viewOnly).toBe(false);
    expect(Date.parse(s.grant!.expiresAt) - Date.parse(s.grant!.grantedAt)).toBe(7 * 86_400_000);
    const granted = await row(input.requestId);
    expect(granted?.status).toBe('granted');
    expect(granted?.expires_at?.toISOString()).toBe(s.grant!.expiresAt);

    // A closed step cannot be decided again.
    expect(await refusalCode(decide(handle, archivist))).toBe('CLOSED');

    // The durable timer revokes the grant at expiry, not before.
    await t.env.sleep(Date.parse(s.grant!.expiresAt) - (await t.env.currentTimeMs()) - 60_000);
    expect((await handle.query(readRequestStateQuery)).status).toBe('granted');
    const final = (await handle.result()) as ReadRequestState;
    expect(final.status).toBe('expired');
    expect(Date.parse(final.closedAt!)).toBeGreaterThanOrEqual(Date.parse(s.grant!.expiresAt));
    expect((await row(input.requestId))?.status).toBe('expired');
    await recordHistory(handle, 'read-request-reminded-granted-expired');
  });

  it('a rejection closes the request at once: no grant, no reminder, the workflow ends', async () => {
    const { input, handle } = await file();
    const s = await decide(handle, head, 'reject');
    expect([s.status, s.grant, s.reminders]).toEqual(['rejected', null, []]);
    expect((await handle.result()).status).toBe('rejected');
    expect((await row(input.requestId))?.status).toBe('rejected');
    await recordHistory(handle, 'read-request-rejected');
  });
});

describe('R-13.2.2 an external read request', () => {
  it('the secretary-general alone approves; the grant is view-only', async () => {
    const admin = await user('admin', null);
    const external = await user('external', null);
    const sg = await user('secretary_general', null);
    const { input, handle } = await file({
      kind: 'external',
      requester: admin,
      reader: external,
      organisation: '某市电影局',
      steps: approverSteps('external', admin),
    });
    expect(await refusalCode(decide(handle, archivist))).toBe('WRONG_APPROVER');
    const s = await decide(handle, sg);
    expect(s.status).toBe('granted');
    expect(s.grant?.viewOnly).toBe(true);
    expect((await row(input.requestId))?.view_only).toBe(true);
  });
});
