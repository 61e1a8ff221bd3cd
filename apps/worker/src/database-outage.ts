import { ApplicationFailure, ApplicationFailureCategory, type Logger } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { describeDatabaseFailure, isDatabaseUnavailable } from '../../../libs/db/availability.js';

/** Failure type of an activity try that found PostgreSQL unavailable (retryable). */
export const DATABASE_UNAVAILABLE_FAILURE = 'DatabaseUnavailable';

/**
 * Activities that write to PostgreSQL fail while it is unavailable and Temporal retries them (the
 * workflow's retry policies). Each such try logs one warning line, and fails as a retryable
 * `DatabaseUnavailable` marked benign: otherwise the SDK logs its own warning with the whole error
 * — stack trace, query and parameters, a lifecycle state for the projection — on every try.
 * Any other error passes through unchanged.
 */
export function databaseOutageInterceptor(logger: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          if (err instanceof ApplicationFailure || !isDatabaseUnavailable(err)) throw err;
          const { activityType, attempt, workflowExecution, isLocal } = ctx.info;
          const reason = describeDatabaseFailure(err);
          // A local activity's tries come first and are numbered apart from the durable retries that follow them.
          const tryName = `${isLocal ? 'local try' : 'try'} ${attempt}`;
          logger.warn(`PostgreSQL unavailable: ${activityType} of ${workflowExecution?.workflowId ?? '-'} failed (${tryName}): ${reason}`);
          throw ApplicationFailure.create({
            type: DATABASE_UNAVAILABLE_FAILURE,
            message: `PostgreSQL unavailable: ${reason}`,
            nonRetryable: false,
            category: ApplicationFailureCategory.BENIGN,
          });
        }
      },
    },
  });
}
