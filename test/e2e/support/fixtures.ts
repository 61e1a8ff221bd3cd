import { EXAMPLE_CONTEXT } from '../../../libs/summary/index.js';
import { activityBody } from '../../support/builders.js';
import { eventually, type Stack } from './stack.js';

/**
 * Registers, as publicity staff, the activity the example summary is about (its name and end day
 * make the example pass the R-6 title check), and waits until its lifecycle has its deadlines.
 */
export async function registerExampleActivity(stack: Stack, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.as('staff')('POST', '/api/activities', activityBody({
    name: EXAMPLE_CONTEXT.activityName,
    startAt: `${EXAMPLE_CONTEXT.activityEndDate}T09:00:00+08:00`,
    endAt: `${EXAMPLE_CONTEXT.activityEndDate}T17:30:00+08:00`,
    ...overrides,
  }));
  if (res.status !== 201) throw new Error(`registering the example activity answered ${res.status}: ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  await eventually(() => stack.as('staff')('GET', `/api/activities/${id}`), (r) => r.body?.lifecycle?.deadlines?.length === 3);
  return id;
}
