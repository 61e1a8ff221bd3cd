import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
// A CommonJS package: Node's ESM loader gives it as a default export only (named imports work under jest, not in `npm start`).
import proto from '@temporalio/proto';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { isMajorActivity } from '../../../../libs/domain/activity.js';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  MESSAGE_REFUSED,
  type LifecycleState,
  type MessageBase,
  type Refusal,
} from '../../../../libs/domain/lifecycle.js';
import { planMessage, type LifecycleMessage, type MachineContext } from '../../../../libs/domain/lifecycle-machine.js';
import type { HistoryEventJson, HistoryRun } from '../../../../libs/supervision/timeline.js';
import { ApiError, ErrorCode, type ErrorDetail } from '../common/api-error.js';
import { LIFECYCLE_WORKFLOW_TYPE, stateQuery, type LifecycleInput } from '../../../../workflows/definitions.js';
import { ActivityTypeKey, IsMajorKey, IsOverdueKey, LeadDepartmentKey, StageKey } from '../../../../workflows/search-attributes.js';
import { TemporalGateway } from '../temporal/temporal.module.js';
import { APP_CONFIG } from '../tokens.js';

/** `Retry-After` of a 503 when Temporal did not answer in time. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** A message the lifecycle refused (in the workflow, or the API's pre-check through the same machine): nothing changed. */
export class LifecycleRefusedError extends ApiError {
  constructor(
    readonly refusal: Refusal,
    code: ErrorCode,
    message: string,
    messageZh: string,
    details: ErrorDetail[],
  ) {
    super(
      code,
      message,
      messageZh,
      details,
      code === ErrorCode.DEPENDENCY_UNAVAILABLE ? { retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS } : {},
    );
  }
}

/**
 * A refusal as HTTP: who may not (WRONG_ROLE, four eyes OWN_SUBMISSION) 403, a bad payload
 * (INVALID, naming the field) 400, a calendar that could not be read (UNAVAILABLE) 503, anything
 * else — stage, level, stale version, already done, base data missing — 409 MESSAGE_REFUSED.
 * `details[0].code` is always the refusal's code.
 */
export function refusalError(refusal: Refusal): LifecycleRefusedError {
  const detail: ErrorDetail = {
    field: refusal.field ?? 'stage',
    code: refusal.code,
    message: `${refusal.message} (stage ${refusal.stage})`,
    messageZh: refusal.messageZh,
  };
  switch (refusal.code) {
    case 'WRONG_ROLE':
    case 'OWN_SUBMISSION':
      return new LifecycleRefusedError(refusal, ErrorCode.FORBIDDEN, refusal.message, refusal.messageZh, [detail]);
    case 'INVALID':
      return new LifecycleRefusedError(
        refusal,
        ErrorCode.VALIDATION_FAILED,
        `The message is invalid: ${refusal.message}`,
        `请求内容不符合要求:${refusal.messageZh}`,
        [detail],
      );
    case 'UNAVAILABLE':
      return new LifecycleRefusedError(refusal, ErrorCode.DEPENDENCY_UNAVAILABLE, refusal.message, refusal.messageZh, [detail]);
    default:
      return new LifecycleRefusedError(
        refusal,
        ErrorCode.MESSAGE_REFUSED,
        `Refused in stage ${refusal.stage}: ${refusal.message}`,
        `当前阶段不允许此操作:${refusal.messageZh}`,
        [detail],
      );
  }
}

function lifecycleEnded(): ApiError {
  const message = 'the lifecycle has ended and takes no more messages; nothing was changed';
  const messageZh = '该活动的流程已结束，不再接受操作，本次未做任何更改';
  return new ApiError(ErrorCode.MESSAGE_REFUSED, message, messageZh, [{ field: 'stage', code: 'LIFECYCLE_ENDED', message, messageZh }]);
}

/**
 * What the machine knows besides the state, as the workflow got it at registration: the lead
 * department and the major flag of the planned participants and policy release.
 */
export function machineContext(activity: ActivityEntity): MachineContext {
  const plannedParticipants = { online: activity.plannedOnline, offline: activity.plannedOffline };
  return {
    leadDepartment: activity.leadDepartment,
    plannedMajor: isMajorActivity({ plannedParticipants, releasesPolicy: activity.releasesPolicy }),
    // Settings only shape the due times of the deadlines a message opens, never whether it is allowed.
    settings: DEFAULT_LIFECYCLE_SETTINGS,
  };
}

/** Temporal did not answer before the deadline, or could not be connected to. */
class TemporalUnreachable extends Error {}

/**
 * The API's only door to the lifecycle workflows. Every call to Temporal has a deadline
 * (TEMPORAL_RPC_TIMEOUT_MS for starts and updates, TEMPORAL_QUERY_TIMEOUT_MS for queries): when
 * Temporal does not answer in time, or cannot be reached, the request answers 503 with
 * `Retry-After` instead of hanging.
 */
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
    await this.withDeadline(this.config.api.temporalRpcTimeoutMs, (client) =>
      client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: activity.workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // A workflow id is never reused: a second start for the same activity is a bug.
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // A task that a crashed worker had started is given to another after 5 s, not the default
        // 10 s: an update waiting behind it then still answers within the API's 10 s deadline.
        // Tasks take milliseconds; a rare timeout under load costs one retry of the task.
        workflowTaskTimeout: '5s',
        typedSearchAttributes: [
          { key: ActivityTypeKey, value: activity.type },
          { key: LeadDepartmentKey, value: activity.leadDepartment },
          { key: StageKey, value: 'AWAITING_END' },
          { key: IsMajorKey, value: activity.isMajor },
          { key: IsOverdueKey, value: false },
        ],
        staticSummary: `${activity.name} (${activity.leadDepartment})`,
        staticDetails: `Summary lifecycle of activity ${activity.id}, ${activity.type}, ending ${input.endAt}`,
      }),
    );
  }

  /** Best-effort compensation when the registering transaction fails after the start. */
  async terminate(workflowId: string, reason: string): Promise<void> {
    await this.withDeadline(this.config.api.temporalRpcTimeoutMs, (client) => client.workflow.getHandle(workflowId).terminate(reason));
  }

  /** The workflow's live state; null when there is no such workflow; 503 (ApiError) when Temporal does not answer in time. */
  async state(workflowId: string): Promise<LifecycleState | null> {
    try {
      return await this.withDeadline(this.config.api.temporalQueryTimeoutMs, (client) =>
        client.workflow.getHandle(workflowId).query(stateQuery),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /**
   * R-17 the history of every run of the workflow's continue-as-new chain, oldest first, in
   * protobufjs' object form (libs/supervision/timeline.ts reads it); null when there is no such
   * workflow (never started, or past the namespace's retention). Each run is one call with its own deadline.
   */
  async historyChain(workflowId: string, maxRuns = 50): Promise<HistoryRun[] | null> {
    const runs: HistoryRun[] = [];
    let runId: string | undefined;
    try {
      for (let i = 0; i < maxRuns; i++) {
        const history = await this.withDeadline(this.config.api.temporalRpcTimeoutMs, (client) =>
          client.workflow.getHandle(workflowId, runId).fetchHistory(),
        );
        const json = proto.temporal.api.history.v1.History.toObject(history as proto.temporal.api.history.v1.History, {
          longs: String,
          enums: String,
          bytes: String,
        }) as { events?: HistoryEventJson[] };
        const events = json.events ?? [];
        const started = events[0]?.workflowExecutionStartedEventAttributes as
          { originalExecutionRunId?: string; continuedExecutionRunId?: string } | undefined;
        runs.unshift({ runId: started?.originalExecutionRunId ?? runId ?? '', events });
        runId = started?.continuedExecutionRunId || undefined;
        if (!runId) break;
      }
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === 5)) return runs.length ? runs : null;
      throw err;
    }
    return runs;
  }

  /**
   * The state a pre-check plans against, or null when it cannot be read now: then the pre-check
   * is skipped and the workflow's update validator alone decides.
   */
  stateForPrecheck(workflowId: string): Promise<LifecycleState | null> {
    return this.state(workflowId).catch(() => null);
  }

  /**
   * What the lifecycle machine would refuse `message` for in `state` — the same decision the
   * workflow's update validator takes (libs/domain/lifecycle-machine.ts) — or null. Changes nothing.
   */
  refusal(state: LifecycleState, activity: ActivityEntity, message: LifecycleMessage): Refusal | null {
    const plan = planMessage(state, message, machineContext(activity), new Date().toISOString());
    return plan.ok ? null : plan.refusal;
  }

  /** Refuses, before any side effect, a message the machine would refuse in `state`, as the same HTTP answer. */
  assertAllowed(state: LifecycleState, activity: ActivityEntity, message: LifecycleMessage): void {
    const refusal = this.refusal(state, activity, message);
    if (refusal) throw refusalError(refusal);
  }

  /**
   * Sends a lifecycle message as an update and returns the new state. The request id doubles as
   * the update id, so Temporal itself drops a retried request; a refusal becomes 400, 403, 409 or
   * 503 (`refusalError`). After a 503 the update may still be applied once Temporal gets to it:
   * retrying with the same Idempotency-Key is safe.
   */
  async send<M extends MessageBase>(
    workflowId: string,
    update: UpdateDefinition<LifecycleState, [M]>,
    message: M,
  ): Promise<LifecycleState> {
    const deadlineMs = this.config.api.temporalRpcTimeoutMs;
    const started = Date.now();
    const execute = (updateId: string, timeoutMs: number) =>
      this.withDeadline(timeoutMs, (client) => client.workflow.getHandle(workflowId).executeUpdate(update, { args: [message], updateId }));
    try {
      try {
        return await execute(message.requestId, deadlineMs);
      } catch (err) {
        // UNAVAILABLE (the calendar could not be read) changed nothing, yet it ended the update, and
        // Temporal answers that again to every retry under the same id: the 503 that says "retry"
        // would never clear. Come back quickly (an earlier try's stored answer), it is asked once more
        // under a new update id; the workflow still takes the request id only once.
        const elapsed = Date.now() - started;
        if (refusalOf(err)?.code !== 'UNAVAILABLE' || elapsed >= deadlineMs / 2) throw err;
        return await execute(`${message.requestId}#${randomUUID()}`, deadlineMs - elapsed);
      }
    } catch (err) {
      // A lifecycle that completed (destroyed, closed; a permanent one under the code before it stayed open) takes no message.
      if (err instanceof WorkflowNotFoundError) throw lifecycleEnded();
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      throw refusalError(refusal);
    }
  }

  /**
   * Runs `fn` with a gRPC deadline and an abort signal, and gives up at the deadline in any case
   * (the SDK's retry back-off between attempts is not a call a deadline can cut short).
   */
  private async withDeadline<T>(timeoutMs: number, fn: (client: Client) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new TemporalUnreachable(`Temporal did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const call = async () => {
      const client = await this.temporal.client().catch((err: unknown) => {
        throw new TemporalUnreachable(`could not connect to Temporal: ${err instanceof Error ? err.message : String(err)}`);
      });
      return client.connection.withDeadline(Date.now() + timeoutMs, () =>
        client.connection.withAbortSignal(abort.signal, () => fn(client)),
      );
    };
    try {
      return await Promise.race([call(), expired]);
    } catch (err) {
      throw unavailable(err, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Temporal unreachable or too slow → 503 with Retry-After; anything else unchanged. */
function unavailable(err: unknown, timeoutMs: number): unknown {
  const grpcCause = err instanceof ServiceError ? err.cause : err;
  const transient =
    err instanceof TemporalUnreachable ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (isGrpcServiceError(grpcCause) && TRANSIENT_GRPC.has(grpcCause.code));
  if (!transient) return err;
  return new ApiError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    `The workflow service (Temporal) did not answer within ${timeoutMs} ms; the message may still be applied: ` +
      'retry with the same Idempotency-Key',
    `流程服务(Temporal)未在 ${timeoutMs} 毫秒内响应;该操作可能稍后仍会生效,请使用相同的 Idempotency-Key 重试`,
    [
      {
        field: 'temporal',
        code: 'TEMPORAL_UNAVAILABLE',
        message: err instanceof Error ? err.message : String(err),
        messageZh: '流程服务暂不可用',
      },
    ],
    { retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS },
  );
}

/** gRPC codes of a server that is down, overloaded or too slow: CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, UNAVAILABLE 14. */
const TRANSIENT_GRPC = new Set<number>([1, 4, 8, 14]);

function refusalOf(err: unknown): Refusal | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== MESSAGE_REFUSED) return null;
  return (cause.details?.[0] as Refusal | undefined) ?? null;
}
