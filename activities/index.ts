import { createLifecycleActivities, type LifecycleActivityDeps } from './lifecycle.activities.js';
import { createDeadlineActivities, type DeadlineActivityDeps } from './deadline.activities.js';

export type ActivityDeps = LifecycleActivityDeps & DeadlineActivityDeps;

/** All activities the worker registers, closing over the services they need. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActivities(deps),
    ...createDeadlineActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
