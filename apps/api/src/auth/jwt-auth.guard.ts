import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { unauthorized } from './auth-errors.js';
import { AuthService, type TokenPayload } from './auth.service.js';
import { IS_PUBLIC } from './decorators.js';
import type { ApiRequest } from './request.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** Global (APP_GUARD): every route needs `Authorization: Bearer <token>` unless it is @Public. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const http = ctx.switchToHttp();
    try {
      http.getRequest<ApiRequest>().actor = await this.authenticate(http.getRequest<ApiRequest>());
      return true;
    } catch (err) {
      // RFC 6750: a 401 names the scheme it expects.
      if (err instanceof ApiError && err.code === ErrorCode.UNAUTHORIZED)
        http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw err;
    }
  }

  private async authenticate(req: ApiRequest): Promise<Actor> {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      throw unauthorized(
        'missingToken',
        'Sign in first: send Authorization: Bearer <accessToken> from POST /api/auth/login',
        '请先登录:请求头需携带 Authorization: Bearer <accessToken>(由 POST /api/auth/login 获取)',
      );
    }
    let payload: TokenPayload;
    try {
      // Algorithms are pinned in AuthModule's verifyOptions, so `alg: none` and key confusion fail
      // here; `maxAge` there also requires `iat` and refuses a token older than JWT_TTL_SECONDS.
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch (err) {
      if ((err as Error).name === 'TokenExpiredError') {
        throw unauthorized('tokenExpired', 'The access token has expired; sign in again', '登录已过期,请重新登录');
      }
      throw unauthorized('invalidToken', 'The access token is invalid; sign in again', '访问令牌无效,请重新登录');
    }
    // Only tokens this API issues: they always expire and carry the token version (revocation).
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || !Number.isInteger(payload.tv)) {
      throw unauthorized('invalidToken', 'The access token is invalid; sign in again', '访问令牌无效,请重新登录');
    }
    // Known from here on, though perhaps revoked: a refusal's audit row names whose token it was.
    req.tokenSubject = payload.sub;
    return this.auth.actorFor(payload);
  }
}
