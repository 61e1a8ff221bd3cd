import { shanghaiDate } from '../../../libs/calendar/index.js';
import { EXAMPLE_CONTEXT } from '../../../libs/summary/index.js';
import { activityBody } from '../../support/builders.js';
import { eventually, type Stack } from './stack.js';

/** Base data as publicity staff would record it: settled, under the major threshold. */
export const BASE_DATA = { participants: { online: 180, offline: 260 }, expenseSettled: true } as const;

/**
 * Registers, as publicity staff, the activity the example summary is about (its name and end day
 * make the example pass the R-6 title check), and waits until its lifecycle has its deadlines.
 * Unless `baseData: false`, staff then records its base data, which a draft needs first.
 */
export async function registerExampleActivity(
  stack: Stack,
  overrides: Record<string, unknown> = {},
  { baseData = true }: { baseData?: boolean } = {},
): Promise<string> {
  const res = await stack.as('staff')(
    'POST',
    '/api/activities',
    activityBody({
      name: EXAMPLE_CONTEXT.activityName,
      startAt: `${EXAMPLE_CONTEXT.activityEndDate}T09:00:00+08:00`,
      endAt: `${EXAMPLE_CONTEXT.activityEndDate}T17:30:00+08:00`,
      ...overrides,
    }),
  );
  if (res.status !== 201) throw new Error(`registering the example activity answered ${res.status}: ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  await eventually(
    () => stack.as('staff')('GET', `/api/activities/${id}`),
    (r) => r.body?.lifecycle?.deadlines?.length === 3,
  );
  if (baseData) await recordBaseData(stack, id);
  return id;
}

/** Records base data as `user` of the lead department; throws unless the lifecycle took it. */
export async function recordBaseData(stack: Stack, id: string, user = 'staff', body: unknown = BASE_DATA): Promise<void> {
  const res = await stack.as(user)('POST', `/api/activities/${id}/base-data`, body);
  if (res.status !== 200) throw new Error(`base data for ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Today in Asia/Shanghai (YYYY-MM-DD): the latest day a special meeting may have been held. */
export function shanghaiToday(): string {
  return shanghaiDate(new Date());
}
