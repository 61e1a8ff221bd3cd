import { HttpStatus } from '@nestjs/common';

/** Error codes of the API, mapped to HTTP once, at the edge (ApiExceptionFilter). */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  FORBIDDEN = 'FORBIDDEN',
  /** the summary is read only by its readers by role, or with a live read grant (details say how to request one). */
  READ_NOT_GRANTED = 'READ_NOT_GRANTED',
  NOT_FOUND = 'NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The lifecycle refused a message in its current stage (details name the stage and reason). */
  MESSAGE_REFUSED = 'MESSAGE_REFUSED',
  /** The summary failed blocking automatic checks (details are the findings). */
  CHECKS_FAILED = 'CHECKS_FAILED',
  /** a read request refused in its state: already readable, already requested, or closed (details say which). */
  READ_REQUEST_REFUSED = 'READ_REQUEST_REFUSED',
  /** a suggestion status change its current status does not allow (details name the current status). */
  SUGGESTION_STATUS_REFUSED = 'SUGGESTION_STATUS_REFUSED',
  /** Calendar entries overlap or contradict each other (details name the dates and entries). */
  CALENDAR_CONFLICT = 'CALENDAR_CONFLICT',
  /** A username or department code that is already taken. */
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  /** An administrator deactivating or demoting their own account (nobody could undo it). */
  SELF_LOCKOUT = 'SELF_LOCKOUT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The archive copy is not there yet (no final version, not stored yet) or no longer (destroyed). */
  ARCHIVE_NOT_READY = 'ARCHIVE_NOT_READY',
  /** An archive confirmation that does not match what was generated or what R-12 asks (details name the field). */
  ARCHIVE_CHECK_FAILED = 'ARCHIVE_CHECK_FAILED',
  /** A report run asked for a period that has not ended yet (issue 15). */
  REPORT_PERIOD_NOT_ENDED = 'REPORT_PERIOD_NOT_ENDED',
  /** a publication refused in its state: no final version yet, already generated, already approved (details say which). */
  PUBLICATION_REFUSED = 'PUBLICATION_REFUSED',
  /** Temporal is unreachable or did not answer in time. */
  DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE',
  /** PostgreSQL is down, restarting, refusing connections or too slow (libs/db/availability.ts). */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.READ_NOT_GRANTED]: HttpStatus.FORBIDDEN,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.CONFLICT,
  [ErrorCode.MESSAGE_REFUSED]: HttpStatus.CONFLICT,
  [ErrorCode.CHECKS_FAILED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.READ_REQUEST_REFUSED]: HttpStatus.CONFLICT,
  [ErrorCode.SUGGESTION_STATUS_REFUSED]: HttpStatus.CONFLICT,
  [ErrorCode.CALENDAR_CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.ALREADY_EXISTS]: HttpStatus.CONFLICT,
  [ErrorCode.SELF_LOCKOUT]: HttpStatus.CONFLICT,
  [ErrorCode.PAYLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.ARCHIVE_NOT_READY]: HttpStatus.CONFLICT,
  [ErrorCode.ARCHIVE_CHECK_FAILED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.REPORT_PERIOD_NOT_ENDED]: HttpStatus.CONFLICT,
  [ErrorCode.PUBLICATION_REFUSED]: HttpStatus.CONFLICT,
  [ErrorCode.DEPENDENCY_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DATABASE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.INTERNAL]: HttpStatus.INTERNAL_SERVER_ERROR,
};

export interface ErrorDetail {
  field?: string;
  code: string;
  message: string;
  messageZh: string;
}

/** The one error shape every endpoint answers with. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  messageZh: string;
  details: ErrorDetail[];
}

export interface ApiErrorOptions {
  /** Sent as `Retry-After` (seconds): the request may succeed when repeated then (503). */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly messageZh: string,
    readonly details: ErrorDetail[] = [],
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    return {
      statusCode: ERROR_STATUS[this.code],
      code: this.code,
      message: this.message,
      messageZh: this.messageZh,
      details: this.details,
    };
  }
}
