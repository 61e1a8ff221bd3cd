import { Inject, Injectable } from '@nestjs/common';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '../../../../libs/config/config.js';
import {
  decideUpdate,
  READ_REQUEST_REFUSED,
  READ_REQUEST_WORKFLOW_TYPE,
  readRequestWorkflowId,
} from '../../../../workflows/read-request-definitions.js';
import type { Decide, ReadRefusal, ReadRequestInput, ReadRequestState } from '../../../../workflows/read-request-rules.js';
import { TEMPORAL_RETRY_AFTER_SECONDS } from '../activities/lifecycle.client.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { TemporalGateway } from '../temporal/temporal.module.js';
import { APP_CONFIG } from '../tokens.js';

/** The workflow is gone: it closed (rejected, expired) after the projection was read. */
export class ReadRequestClosedError extends Error {}

/** A decision the workflow's validator refused. */
export class ReadRequestRefusedError extends Error {
  constructor(readonly refusal: ReadRefusal) {
    super(refusal.message);
  }
}

/** gRPC codes of a server that is down, overloaded or too slow. */
const TRANSIENT_GRPC = new Set<number>([1, 4, 8, 14]);

/** The API's door to the read-request workflows: every call has TEMPORAL_RPC_TIMEOUT_MS, after which it answers 503. */
@Injectable()
export class ReadRequestClient {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(input: ReadRequestInput): Promise<void> {
    await this.call((client) =>
      client.workflow.start(READ_REQUEST_WORKFLOW_TYPE, {
        workflowId: readRequestWorkflowId(input.requestId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowTaskTimeout: '5s',
        staticSummary: `Read request (${input.kind}) for activity ${input.activityId}`,
      }),
    );
  }

  async decide(requestId: string, decision: Decide): Promise<ReadRequestState> {
    try {
      return await this.call((client) =>
        client.workflow
          .getHandle(readRequestWorkflowId(requestId))
          .executeUpdate(decideUpdate, { args: [decision], updateId: decision.decisionId }),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new ReadRequestClosedError(err.message);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === READ_REQUEST_REFUSED) {
        throw new ReadRequestRefusedError(err.cause.details?.[0] as ReadRefusal);
      }
      throw err;
    }
  }

  private async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const timeoutMs = this.config.api.temporalRpcTimeoutMs;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(unavailable(`Temporal did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const run = async () => {
      const client = await this.temporal.client().catch((err: unknown) => {
        throw unavailable(`could not connect to Temporal: ${String(err)}`);
      });
      return client.connection.withDeadline(Date.now() + timeoutMs, () =>
        client.connection.withAbortSignal(abort.signal, () => fn(client)),
      );
    };
    try {
      return await Promise.race([run(), expired]);
    } catch (err) {
      const cause = err instanceof ServiceError ? err.cause : err;
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (isGrpcServiceError(cause) && TRANSIENT_GRPC.has(cause.code))) {
        throw unavailable(String(err));
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(reason: string): ApiError {
  return new ApiError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    `The workflow service (Temporal) did not answer in time (${reason}); retry later`,
    '流程服务(Temporal)未及时响应,请稍后重试',
    [{ field: 'temporal', code: 'TEMPORAL_UNAVAILABLE', message: reason, messageZh: '流程服务暂不可用' }],
    { retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS },
  );
}
