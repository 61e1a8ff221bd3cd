import { ROLE_LABELS_ZH, type Actor, type Role } from '../../../../libs/domain/roles.js';
import { ApiError, ErrorCode } from '../common/api-error.js';

export function unauthorized(reason: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.UNAUTHORIZED, message, messageZh, [{ field: 'Authorization', code: reason, message, messageZh }]);
}

export function forbidden(reason: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.FORBIDDEN, message, messageZh, [{ code: reason, message, messageZh }]);
}

const roleZh = (role: Role): string => `${ROLE_LABELS_ZH[role]}(${role})`;

/** 403 naming the roles that may call the endpoint, in English and Chinese. */
export function roleRequired(actor: Actor, allowed: readonly Role[]): ApiError {
  return new ApiError(
    ErrorCode.FORBIDDEN,
    `Your role (${actor.role}) may not do this; required role: one of ${allowed.join(', ')}`,
    `当前角色(${roleZh(actor.role)})无权执行此操作,需要以下角色之一:${allowed.map(roleZh).join('、')}`,
    [
      {
        field: 'role',
        code: 'roleRequired',
        message: `allowed roles: ${allowed.join(', ')}`,
        messageZh: `允许的角色:${allowed.map(roleZh).join('、')}`,
      },
    ],
  );
}
