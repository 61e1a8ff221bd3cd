import type { Request } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';

/** An Express request after JwtAuthGuard (actor, tokenSubject) and AuditInterceptor (requestId). */
export interface ApiRequest extends Request {
  actor?: Actor;
  requestId?: string;
  /** `sub` of a correctly signed token, set before its account and version are checked (for the audit of a refusal). */
  tokenSubject?: string;
}
