import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { unauthorized } from './auth-errors.js';
import type { ApiRequest } from './request.js';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** No token needed (login, /health). Every other route requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Roles that may call the route (method overrides class). A route without @Roles or @Public is
 * refused to everyone: new endpoints are closed until someone decides who may use them.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The signed-in user, as JwtAuthGuard put it on the request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<ApiRequest>().actor;
  // Only reachable on a @Public route that asks for an actor: a programming error, answered as 401.
  if (!actor) throw unauthorized('missingToken', 'Sign in first', '请先登录');
  return actor;
});
