import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, ErrorCode, type ErrorBody } from './api-error.js';

const HTTP_FALLBACK: Record<number, { code: ErrorCode; zh: string }> = {
  400: { code: ErrorCode.VALIDATION_FAILED, zh: '请求格式不正确' },
  // Nest's own Unauthorized/ForbiddenException (e.g. a guard returning false); ours throw ApiError.
  401: { code: ErrorCode.UNAUTHORIZED, zh: '未登录或登录已失效' },
  403: { code: ErrorCode.FORBIDDEN, zh: '无权执行此操作' },
  404: { code: ErrorCode.NOT_FOUND, zh: '未找到请求的资源' },
  413: { code: ErrorCode.PAYLOAD_TOO_LARGE, zh: '请求内容过大' },
};

/** Maps every error to `{ statusCode, code, message, messageZh, details }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const retryAfter = exception instanceof ApiError ? exception.retryAfterSeconds : undefined;
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
    return {
      statusCode: 500,
      code: ErrorCode.INTERNAL,
      message: 'Internal error',
      messageZh: '服务器内部错误',
      details: [],
    };
  }
}
