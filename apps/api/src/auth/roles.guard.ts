import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../../../libs/domain/roles.js';
import { forbidden, roleRequired, unauthorized } from './auth-errors.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators.js';
import type { ApiRequest } from './request.js';

/** Global (APP_GUARD, after JwtAuthGuard): the actor's role must be one the route's @Roles lists. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const actor = ctx.switchToHttp().getRequest<ApiRequest>().actor;
    if (!actor) throw unauthorized('missingToken', 'Sign in first', '请先登录');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles) {
      throw forbidden('noRolesDeclared', 'This endpoint is not open to any role yet', '该接口尚未向任何角色开放');
    }
    if (!roles.includes(actor.role)) throw roleRequired(actor, roles);
    return true;
  }
}
