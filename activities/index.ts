import { createLifecycleActivities, type LifecycleActivityDeps } from './lifecycle.activities.js';
import { createDeadlineActivities, type DeadlineActivityDeps } from './deadline.activities.js';
import { createNotificationActivities, type NotificationActivityDeps } from './notification.activities.js';
import { createReadRequestActivities } from './read-request.activities.js';
import { createReportActivities, type ReportActivityDeps } from './report.activities.js';

export type ActivityDeps = Omit<LifecycleActivityDeps, 'deliverNotices'> &
  DeadlineActivityDeps &
  NotificationActivityDeps &
  Pick<ReportActivityDeps, 'publicUrl'>;

/** All activities the worker registers, closing over the services they need. */
export function createActivities(deps: ActivityDeps) {
  const notifications = createNotificationActivities(deps);
  const deadlines = createDeadlineActivities(deps);
  return {
    ...createLifecycleActivities({ ...deps, deliverNotices: notifications.deliverNotices, computeDeadlines: deadlines.computeDeadlines }),
    ...deadlines,
    ...notifications,
    ...createReadRequestActivities(deps),
    ...createReportActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
