import { SetMetadata } from '@nestjs/common';

export const AUDIT = 'audit:action';

export interface AuditMeta {
  action: string;
  targetType?: string;
  /** Route parameter naming the target (default `id`). */
  targetParam?: string;
  /** Body fields kept in the row's details: what was decided and why (a reason), never secrets. */
  bodyFields?: readonly string[];
}

/**
 * Names what a route does in the audit log. Writes (any method but GET/HEAD/OPTIONS) are recorded
 * with or without it (as `METHOD /route` when unnamed); a GET is recorded only when it has it —
 * put it on every read of archived content (SPEC §5 "every read is in the audit log").
 */
export const Audit = (
  action: string,
  targetType?: string,
  targetParam?: string,
  bodyFields?: readonly string[],
): MethodDecorator & ClassDecorator => SetMetadata(AUDIT, { action, targetType, targetParam, bodyFields } satisfies AuditMeta);

export const AUDIT_IN_HANDLER = 'audit:in-handler';

/**
 * The handler writes its audit row itself, in the same statement as its own write (libs/db/insert-together.ts):
 * the interceptor leaves such a route alone. The row must say what the interceptor's would.
 */
export const AuditInHandler = (): MethodDecorator => SetMetadata(AUDIT_IN_HANDLER, true);
