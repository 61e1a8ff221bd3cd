import { HttpStatus } from '@nestjs/common';
import { ApiError, ErrorCode, type ErrorBody, type ErrorDetail } from '../common/api-error.js';

/** The `code` of a 429 answer. */
export const TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS';

/**
 * 429 in the API's one error shape, with `Retry-After` (whole seconds, at least 1). ErrorCode and
 * ERROR_STATUS (common/api-error.ts) have no 429 yet; this subclass answers with its own status and
 * code through the same filter, and can become a plain ErrorCode once they do.
 */
export class TooManyRequestsError extends ApiError {
  constructor(message: string, messageZh: string, details: ErrorDetail[], retryAfterSeconds: number) {
    super(ErrorCode.VALIDATION_FAILED, message, messageZh, details, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }

  override toBody(): ErrorBody {
    return { ...super.toBody(), statusCode: HttpStatus.TOO_MANY_REQUESTS, code: TOO_MANY_REQUESTS as ErrorCode };
  }
}

const minutes = (seconds: number): number => Math.max(1, Math.ceil(seconds / 60));

/** Too many attempts of one kind (sign-in, password change, refused requests) from one client or for one account. */
export function tooManyAttempts(what: 'login' | 'password' | 'denied', retryAfterSeconds: number): TooManyRequestsError {
  const texts = {
    login: ['Too many sign-in attempts', '登录尝试过于频繁'],
    password: ['Too many password change attempts', '修改密码尝试过于频繁'],
    denied: ['Too many refused requests from this address', '该地址被拒绝的请求过多'],
  } as const;
  const [en, zh] = texts[what];
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  return new TooManyRequestsError(
    `${en}: try again in ${s} s`,
    `${zh},请 ${s} 秒后再试`,
    [{ code: 'rateLimited', message: `retry after ${s} s`, messageZh: `请 ${s} 秒后再试` }],
    s,
  );
}

/** A username locked after repeated failed sign-ins (known or unknown alike, so it tells nothing about the account). */
export function accountLocked(retryAfterSeconds: number): TooManyRequestsError {
  const m = minutes(retryAfterSeconds);
  return new TooManyRequestsError(
    `Too many failed sign-ins: this account is locked for ${m} more minute(s)`,
    `登录失败次数过多,该账号已被临时锁定,请 ${m} 分钟后再试`,
    [{ field: 'username', code: 'accountLocked', message: `locked for ${m} more minute(s)`, messageZh: `锁定剩余约 ${m} 分钟` }],
    retryAfterSeconds,
  );
}
