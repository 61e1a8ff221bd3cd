import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { CalendarConflictError, CalendarInputError } from '../../../../libs/calendar/index.js';
import { OverrideConflictError } from '../../../../libs/calendar-store/overrides.js';
import { ApiError, ErrorCode } from '../common/api-error.js';

/** The calendar library's errors as API errors: bad input → 400, conflicting entries → 409. */
export function calendarApiError(err: unknown): unknown {
  if (err instanceof CalendarInputError) {
    return new ApiError(ErrorCode.VALIDATION_FAILED, err.message, err.messageZh, [
      { field: err.field, code: 'calendarInput', message: err.message, messageZh: err.messageZh },
    ]);
  }
  if (err instanceof OverrideConflictError) {
    return new ApiError(
      ErrorCode.CALENDAR_CONFLICT,
      err.message,
      err.messageZh,
      err.overlaps.map((o) => ({
        code: o.contradictory ? 'calendarContradiction' : 'calendarOverlap',
        message: o.message,
        messageZh: o.messageZh,
      })),
    );
  }
  if (err instanceof CalendarConflictError) {
    return new ApiError(
      ErrorCode.CALENDAR_CONFLICT,
      err.message,
      err.messageZh,
      err.conflicts.map((c) => ({
        code: 'calendarConflict',
        message: `${c.date}: ${c.entries.join(' vs ')}`,
        messageZh: `${c.date}：${c.entries.join(' 与 ')} 冲突`,
      })),
    );
  }
  return err;
}

/** Applied to the calendar controller; everything else reaches the global filter unchanged. */
@Injectable()
export class CalendarErrorsInterceptor implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => calendarApiError(err))));
  }
}
