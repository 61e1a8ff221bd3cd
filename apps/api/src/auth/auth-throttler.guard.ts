import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ApiRequest } from './request.js';
import { tooManyAttempts } from './too-many-requests.js';

/** The named throttlers; each route skips the ones that are not its own (see AuthController). */
export const THROTTLERS = {
  /** Sign-in attempts per username, from any address. */
  loginUsername: 'login-username',
  /** Sign-in attempts per client address, for any username. */
  loginAddress: 'login-address',
  /** Own-password changes per signed-in user. */
  passwordChange: 'password-change',
} as const;

/** The login body's username as the throttler's key: bounded, and one key for anything malformed. */
function usernameOf(req: ApiRequest): string {
  const username = (req.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? `username:${username.slice(0, 100)}` : 'username:?';
}

/** @nestjs/throttler options from the configuration (README "Configuration": THROTTLE_*). */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const { loginPerUsername, loginPerAddress, passwordChange } = config.security.throttle;
  const ms = (s: number) => s * 1000;
  return {
    // Retry-After is set by the 429 itself (ApiExceptionFilter); no X-RateLimit-* headers on every answer.
    setHeaders: false,
    throttlers: [
      {
        name: THROTTLERS.loginUsername,
        limit: loginPerUsername.limit,
        ttl: ms(loginPerUsername.windowSeconds),
        getTracker: (req) => usernameOf(req as ApiRequest),
      },
      // The default tracker: the client address (an IPv6 address by its /64).
      { name: THROTTLERS.loginAddress, limit: loginPerAddress.limit, ttl: ms(loginPerAddress.windowSeconds) },
      {
        name: THROTTLERS.passwordChange,
        limit: passwordChange.limit,
        ttl: ms(passwordChange.windowSeconds),
        // After JwtAuthGuard (a global guard runs before a route's own): the signed-in user.
        getTracker: (req) => `user:${(req as ApiRequest).actor?.userId ?? '?'}`,
      },
    ],
  };
}

/**
 * @nestjs/throttler on the sign-in and password routes (`@UseGuards(AuthThrottlerGuard)`), its 429
 * in the API's error shape with `Retry-After` and a Chinese message.
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const password = context.getHandler().name === 'changePassword';
    throw tooManyAttempts(password ? 'password' : 'login', detail.timeToBlockExpire);
  }
}
