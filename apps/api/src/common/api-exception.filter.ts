import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { describeDatabaseFailure, isDatabaseUnavailable } from '../../../../libs/db/availability.js';
import { ApiError, ErrorCode, type ErrorBody } from './api-error.js';

const HTTP_FALLBACK: Record<number, { code: ErrorCode; zh: string }> = {
  400: { code: ErrorCode.VALIDATION_FAILED, zh: '请求格式不正确' },
  // Nest's own Unauthorized/ForbiddenException (e.g. a guard returning false); ours throw ApiError.
  401: { code: ErrorCode.UNAUTHORIZED, zh: '未登录或登录已失效' },
  403: { code: ErrorCode.FORBIDDEN, zh: '无权执行此操作' },
  404: { code: ErrorCode.NOT_FOUND, zh: '未找到请求的资源' },
  413: { code: ErrorCode.PAYLOAD_TOO_LARGE, zh: '请求内容过大' },
};

/** Seconds a client should wait after PostgreSQL was unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The driver error behind a TypeORM QueryFailedError, or the error itself. */
function driverErrorOf(exception: unknown): { code?: unknown; message?: unknown } | null {
  if (exception === null || typeof exception !== 'object') return null;
  return ((exception as { driverError?: object }).driverError ?? exception) as { code?: unknown; message?: unknown };
}

/**
 * PostgreSQL refused a value (SQLSTATE class 22, data exception: out of range, bad text encoding,
 * invalid format): the request's input got past validation, so it is still the client's 400. The
 * validation that should have caught it is a bug, logged as a warning.
 */
function isDataException(exception: unknown): boolean {
  const code = driverErrorOf(exception)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Maps every error to `{ statusCode, code, message, messageZh, details }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // An outage is one line per request, not a stack trace each.
    if (body.code === ErrorCode.DATABASE_UNAVAILABLE) this.logger.warn(`PostgreSQL unavailable: ${describeDatabaseFailure(exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (body.statusCode === 400 && isDataException(exception)) this.logger.warn(`input refused by PostgreSQL: ${String(exception)}`);
    const retryAfter =
      exception instanceof ApiError
        ? exception.retryAfterSeconds
        : body.code === ErrorCode.DATABASE_UNAVAILABLE
          ? DATABASE_RETRY_AFTER_SECONDS
          : undefined;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ApiError) return exception.toBody();
    // body-parser errors (malformed JSON, too large) carry an HTTP status of their own.
    const status =
      exception instanceof HttpException ? exception.getStatus() : (exception as { status?: number; type?: string } | null)?.status;
    if (status && status < 500) {
      const known = HTTP_FALLBACK[status];
      const message = exception instanceof Error ? exception.message : 'Request refused';
      return {
        statusCode: status,
        code: known?.code ?? ErrorCode.VALIDATION_FAILED,
        message,
        messageZh: known?.zh ?? '请求被拒绝',
        details: [],
      };
    }
    // Before the generic 500: a login or token check that cannot read its user is a 503 too, not a 401.
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        code: ErrorCode.DATABASE_UNAVAILABLE,
        message: 'The database (PostgreSQL) is unavailable; retry after Retry-After seconds (with the same Idempotency-Key)',
        messageZh: '数据库(PostgreSQL)暂不可用,请在 Retry-After 秒后重试(使用相同的 Idempotency-Key)',
        details: [],
      };
    }
    if (isDataException(exception)) {
      return {
        statusCode: 400,
        code: ErrorCode.VALIDATION_FAILED,
        message: 'A value in the request is out of range or malformed',
        messageZh: '请求中的某个值超出范围或格式不正确',
        details: [],
      };
    }
    return {
      statusCode: 500,
      code: ErrorCode.INTERNAL,
      message: 'Internal error',
      messageZh: '服务器内部错误',
      details: [],
    };
  }
}
