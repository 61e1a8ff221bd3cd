import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError, ErrorCode } from './api-error.js';

/** A route id that is not a UUID names nothing: 404, like an unknown one (never a 500 from PostgreSQL). */
export function idParam(what: string, whatZh: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new ApiError(ErrorCode.NOT_FOUND, `No ${what} with this id`, `未找到该${whatZh}`) });
}
