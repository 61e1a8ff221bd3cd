import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { LifecycleState } from '../../../../libs/domain/lifecycle.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery, type LifecycleInput } from '../../../../workflows/definitions.js';
import {
  ActivityTypeKey,
  IsMajorKey,
  IsOverdueKey,
  LeadDepartmentKey,
  StageKey,
} from '../../../../workflows/search-attributes.js';
import { TemporalGateway } from '../temporal/temporal.module.js';
import { APP_CONFIG } from '../tokens.js';

/** The API's only door to the lifecycle workflows. */
@Injectable()
export class LifecycleClient {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(activity: ActivityEntity): Promise<void> {
    const input: LifecycleInput = {
      activityId: activity.id,
      name: activity.name,
      type: activity.type,
      leadDepartment: activity.leadDepartment,
      endAt: activity.endAt.toISOString(),
      isMajor: activity.isMajor,
      permanent: activity.permanent,
    };
    const client = await this.temporal.client();
    await client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: activity.workflowId,
      taskQueue: this.config.temporal.taskQueue,
      args: [input],
      // A workflow id is never reused: a second start for the same activity is a bug.
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: ActivityTypeKey, value: activity.type },
        { key: LeadDepartmentKey, value: activity.leadDepartment },
        { key: StageKey, value: 'AWAITING_END' },
        { key: IsMajorKey, value: activity.isMajor },
        { key: IsOverdueKey, value: false },
      ],
      staticSummary: `${activity.name} (${activity.leadDepartment})`,
      staticDetails: `Summary lifecycle of activity ${activity.id}, ${activity.type}, ending ${input.endAt}`,
    });
  }

  /** Best-effort compensation when the registering transaction fails after the start. */
  async terminate(workflowId: string, reason: string): Promise<void> {
    const client = await this.temporal.client();
    await client.workflow.getHandle(workflowId).terminate(reason);
  }

  async state(workflowId: string): Promise<LifecycleState | null> {
    try {
      const client = await this.temporal.client();
      return await client.workflow.getHandle(workflowId).query(stateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }
}
