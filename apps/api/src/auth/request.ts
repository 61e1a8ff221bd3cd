import type { Request } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';

/** An Express request after JwtAuthGuard (actor) and AuditInterceptor (requestId). */
export interface ApiRequest extends Request {
  actor?: Actor;
  requestId?: string;
}
