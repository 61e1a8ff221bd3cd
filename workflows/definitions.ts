/**
 * Messages of the lifecycle workflow, defined once and shared by the workflow, the API and the
 * tests. Wire names equal the identifiers so ops can use them with `temporal workflow query`.
 */
import { defineQuery } from '@temporalio/workflow';
import type { ActivityType } from '../libs/domain/activity.js';
import type { LifecycleState } from '../libs/domain/lifecycle.js';

export const LIFECYCLE_WORKFLOW_TYPE = 'activityLifecycle';

/** Everything the workflow needs, fixed at registration and recorded in history. */
export interface LifecycleInput {
  activityId: string;
  name: string;
  type: ActivityType;
  leadDepartment: string;
  /** ISO instant of the activity's end; every deadline counts from its calendar day. */
  endAt: string;
  isMajor: boolean;
  permanent: boolean;
}

export const stateQuery = defineQuery<LifecycleState>('state');
