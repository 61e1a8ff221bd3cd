import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { ActivityEntity } from '../libs/db/entities/activity.entity.js';
import type { Stage } from '../libs/domain/lifecycle.js';

export interface LifecycleActivityDeps {
  dataSource: DataSource;
}

export function createLifecycleActivities({ dataSource }: LifecycleActivityDeps) {
  const activities = dataSource.getRepository(ActivityEntity);
  return {
    /**
     * The API starts the workflow inside the transaction that inserts the row, so the row may
     * not be visible yet: a retryable failure lets Temporal retry until it commits. If it never
     * does (the API crashed between start and commit), the workflow gives up as an orphan.
     */
    async confirmActivityRecorded(activityId: string): Promise<void> {
      const found = await activities.exists({ where: { id: activityId } });
      if (!found) {
        throw ApplicationFailure.retryable(`activity ${activityId} is not recorded (yet)`, 'ActivityNotRecorded');
      }
    },

    /** Keep the list projection's stage in step with the workflow; idempotent. */
    async recordStage(activityId: string, stage: Stage): Promise<void> {
      await activities.update({ id: activityId }, { stage });
    },
  };
}
