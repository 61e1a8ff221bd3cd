/**
 * I/O of the read-request workflow (workflows/read-request.ts): the working-day arithmetic of the
 * reminder, the PostgreSQL projection of requests and grants, and the reminder itself, written as
 * an escalation row of kind `reminder` with an inbox message per approver — the same records the
 * lifecycle's reminders use, so it shows in 通知 and in `GET /api/escalations`. All idempotent.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dueAfterWorkingDays, type WorkingCalendar } from '../libs/calendar/index.js';
import { departmentNameZh, upsertReadRequestRow } from '../libs/reads/read-request-row.js';
import { describeStep, type ReadRequestInput, type ReadRequestState } from '../workflows/read-request-rules.js';

export interface ReadRequestActivityDeps {
  dataSource: DataSource;
  calendar: () => Promise<WorkingCalendar>;
  /** Base of the links in messages (AppConfig.api.publicUrl). */
  publicUrl?: string;
}

/** `deadline_key` of a read request's reminder in escalations and the inbox. */
export const READ_REQUEST_DEADLINE_KEY = 'readRequest';

export function createReadRequestActivities({ dataSource, calendar, publicUrl = 'http://localhost:3000' }: ReadRequestActivityDeps) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    /** End of the n-th working day after `from`'s day: from then on the step has waited more than n working days. */
    async readReminderDue(input: { from: string; workingDays: number }): Promise<{ remindAt: string }> {
      const cal = await calendar();
      return { remindAt: dueAfterWorkingDays(cal, new Date(input.from), input.workingDays).dueAt.toISOString() };
    },

    /**
     * Upserts the request's row (monotonic, complete even when the API died between starting the
     * workflow and writing it), then closes the reminder of a step that has been decided.
     */
    async projectReadRequest(input: ReadRequestInput, state: ReadRequestState): Promise<void> {
      await upsertReadRequestRow(dataSource, input, state);
      await dataSource.query(
        `UPDATE escalations SET resolved_at = now()
          WHERE workflow_id = $1 AND deadline_key = $2 AND resolved_at IS NULL AND ($3::int IS NULL OR occurrence <> $3::int + 1)`,
        [`read-request-${state.requestId}`, READ_REQUEST_DEADLINE_KEY, state.currentStep],
      );
    },

    /** The step's approvers (active holders of its role, in its department for a head) get one reminder each, once. */
    async remindReadApprover(input: {
      workflowId: string;
      input: ReadRequestInput;
      step: number;
      dueAt: string;
    }): Promise<{ users: string[] }> {
      const req = input.input;
      const step = req.steps[input.step]!;
      const who = describeStep(step, await departmentNameZh(dataSource, step.department));
      const key = `${input.workflowId}:step-${input.step}:reminder`;
      const users = (await dataSource.query(
        `SELECT id, username FROM users WHERE active AND role = $1 AND ($2::text IS NULL OR department_code = $2) ORDER BY username`,
        [step.role, step.department],
      )) as Array<{ id: string; username: string }>;
      const [activity] = (await dataSource.query(`SELECT name FROM activities WHERE id = $1`, [req.activityId])) as Array<{ name: string }>;
      const title = `查阅申请待审批:${activity?.name ?? req.activityId}`;
      const body =
        `${req.requester.displayName ?? req.requester.userId} 于 ${req.filedAt.slice(0, 10)} 提交的档案查阅申请` +
        `${req.organisation ? `(${req.organisation})` : ''}已等待${who.zh}审批超过 ${req.remindAfterWorkingDays} 个工作日,请尽快处理。` +
        `查阅目的:${req.purpose}`;
      const link = `${base}/read-requests/${req.requestId}`;
      await dataSource.transaction(async (em) => {
        await em.query(
          `INSERT INTO escalations
             (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients, due_at, fired_at, dedupe_key)
           VALUES ($1, $2, $3, $4, $5, $6, 'reminder', $7, $8, now(), $9)
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [
            randomUUID(),
            req.activityId,
            input.workflowId,
            req.leadDepartment,
            READ_REQUEST_DEADLINE_KEY,
            input.step + 1,
            JSON.stringify([`${step.role}${step.department ? `@${step.department}` : ''}`]),
            input.dueAt,
            key,
          ],
        );
        const [escalation] = (await em.query(`SELECT id FROM escalations WHERE dedupe_key = $1`, [key])) as Array<{ id: string }>;
        for (const u of users) {
          await em.query(
            `INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key)
             VALUES ($1, $2, $3, $4, $5, 'reminder', $6, $7, $8, $9)
             ON CONFLICT (dedupe_key) DO NOTHING`,
            [randomUUID(), u.id, req.activityId, escalation!.id, READ_REQUEST_DEADLINE_KEY, title, body, link, `${key}:${u.id}`],
          );
        }
      });
      return { users: users.map((u) => u.username) };
    },
  };
}

export type ReadRequestActivities = ReturnType<typeof createReadRequestActivities>;
