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
          const { activityType, attempt, workflowExecution } = ctx.info;
          const reason = describeDatabaseFailure(err);
          logger.warn(
            `PostgreSQL unavailable: ${activityType} of ${workflowExecution?.workflowId ?? '-'} failed (try ${attempt}): ${reason}`,
          );
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
