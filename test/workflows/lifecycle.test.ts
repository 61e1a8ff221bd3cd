import { WorkflowFailedError } from '@temporalio/client';
import { ActivityEntity } from '../../libs/db/entities/activity.entity.js';
import { lifecycleWorkflowId } from '../../libs/domain/activity.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery, type LifecycleInput } from '../../workflows/definitions.js';
import { recordActivity, startTimeSkipping } from './support/env.js';

let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => {
  t = await startTimeSkipping();
});
afterAll(async () => {
  await t?.stop();
});

const start = (input: LifecycleInput) =>
  t.env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
    workflowId: lifecycleWorkflowId(input.activityId),
    taskQueue: t.taskQueue,
    args: [input],
  });

describe('activityLifecycle (time-skipping)', () => {
  it('R-7.1 waits durably for the end, then computes base data, draft and final deadlines from the calendar', async () => {
    {
      const now = await t.env.currentTimeMs();
      const endAt = new Date(now + 3 * 24 * 3_600_000).toISOString();
      const input = await recordActivity(t.dataSource, { endAt });
      const handle = await start(input);
      expect((await handle.query(stateQuery)).stage).toBe('AWAITING_END');

      await t.env.sleep('3 days');
      const state = await handle.query(stateQuery);
      expect(state.stage).toBe('DRAFTING');
      expect(state.deadlines.map((d) => d.key)).toEqual(['baseData', 'draft', 'final']);
      expect(state.deadlines.every((d) => d.status === 'pending')).toBe(true);
      const row = await t.dataSource.getRepository(ActivityEntity).findOneByOrFail({ id: input.activityId });
      expect(row.stage).toBe('DRAFTING');
    }
  });

  it('R-7.1 R-7.2 R-7.3 marks each passed deadline overdue exactly once, with the time it fired', async () => {
    {
      const input = await recordActivity(t.dataSource, { endAt: '2026-09-30T09:30:00.000Z' });
      const handle = await start(input);
      let state = await handle.query(stateQuery);
      for (let i = 0; i < 50 && state.escalations.length < 3; i++) {
        await t.env.sleep('1 hour');
        state = await handle.query(stateQuery);
      }
      const due = Object.fromEntries(state.deadlines.map((d) => [d.key, d]));
      expect(due.baseData).toMatchObject({ dueAt: '2026-10-09T15:59:59.000Z', status: 'overdue' });
      expect(state.escalations.map((e) => e.deadlineKey).sort()).toEqual(['baseData', 'draft', 'final']);
      await t.env.sleep('30 days');
      expect((await handle.query(stateQuery)).escalations).toHaveLength(3);
    }
  });

  it('closes as an orphan when the registering transaction never committed its row', async () => {
    {
      const input: LifecycleInput = {
        activityId: '00000000-0000-4000-8000-000000000000',
        name: 'never committed',
        type: 'other',
        leadDepartment: 'publicity',
        endAt: '2026-09-30T09:30:00.000Z',
        isMajor: false,
        permanent: false,
      };
      const handle = await start(input);
      const result = await handle.result().catch((e: unknown) => {
        throw e instanceof WorkflowFailedError ? e.cause ?? e : e;
      });
      expect(result.stage).toBe('CLOSED');
    }
  });
});
