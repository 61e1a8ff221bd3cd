import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError, ErrorCode } from './api-error.js';

/** A route id that is not a UUID names nothing: 404, like an unknown one (never a 500 from PostgreSQL). */
export function idParam(what: string, whatZh: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new ApiError(ErrorCode.NOT_FOUND, `No ${what} with this id`, `未找到该${whatZh}`) });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value may be looked up in a uuid column (anything else would be a PostgreSQL error). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
