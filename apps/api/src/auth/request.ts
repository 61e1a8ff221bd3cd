import type { Request } from 'express';
import type { Actor } from '../../../../libs/domain/roles.js';

/** An Express request after the request-id middleware (requestId: logging/request-logging.ts) and JwtAuthGuard (actor, tokenSubject). */
export interface ApiRequest extends Request {
  actor?: Actor;
  requestId?: string;
  /** `sub` of a correctly signed token, set before its account and version are checked (for the audit of a refusal). */
  tokenSubject?: string;
}
