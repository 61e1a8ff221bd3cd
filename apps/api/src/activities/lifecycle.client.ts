import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { MESSAGE_REFUSED, type LifecycleState, type MessageBase, type Refusal } from '../../../../libs/domain/lifecycle.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
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
      // Every setting, recorded in history: a later change of the environment leaves running lifecycles as they started.
      settings: { ...this.config.lifecycle },
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

  /**
   * Sends a lifecycle message as an update and returns the new state. The request id doubles as
   * the update id, so Temporal itself drops a retried request; a refusal becomes 403 (role) or
   * 409 (stage, level, already done) with the stage and the reason.
   */
  async send<M extends MessageBase>(workflowId: string, update: UpdateDefinition<LifecycleState, [M]>, message: M): Promise<LifecycleState> {
    const client = await this.temporal.client();
    try {
      return await client.workflow.getHandle(workflowId).executeUpdate(update, { args: [message], updateId: message.requestId });
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      const detail = { code: refusal.code, field: 'stage', message: `${refusal.message} (stage ${refusal.stage})`, messageZh: refusal.messageZh };
      if (refusal.code === 'WRONG_ROLE') {
        throw new ApiError(ErrorCode.FORBIDDEN, refusal.message, refusal.messageZh, [detail]);
      }
      throw new ApiError(ErrorCode.MESSAGE_REFUSED, `Refused in stage ${refusal.stage}: ${refusal.message}`, `当前阶段不允许此操作:${refusal.messageZh}`, [detail]);
    }
  }
}

function refusalOf(err: unknown): Refusal | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== MESSAGE_REFUSED) return null;
  return (cause.details?.[0] as Refusal | undefined) ?? null;
}
