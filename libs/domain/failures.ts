/**
 * Failure types of non-retryable business errors raised in activities. Workflow code lists them
 * in `nonRetryableErrorTypes` and recognises them by type, so they live in pure code.
 */

/** A date, anchor or count the working-day calendar cannot compute with (details: `{ field, messageZh }`). */
export const CALENDAR_INPUT_FAILURE = 'CalendarInput';

/** An activity id the database does not know. */
export const UNKNOWN_ACTIVITY_FAILURE = 'UnknownActivity';
