import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import type { ApiRequest } from '../auth/request.js';
import { AUDIT, AUDIT_IN_HANDLER, type AuditMeta } from './audit.decorator.js';
import { AuditService } from './audit.service.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global (APP_INTERCEPTOR): one audit row per successful authenticated write, and per @Audit read.
 * Written before the response goes out, so a client that saw success can find the row; one INSERT
 * and no lookups. Failed requests change nothing and are not recorded; public routes (login)
 * record themselves.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<ApiRequest>();
    const res = http.getResponse<Response>();
    if (this.reflector.get<boolean | undefined>(AUDIT_IN_HANDLER, ctx.getHandler())) return next.handle();
    const meta = this.reflector.getAllAndOverride<AuditMeta | undefined>(AUDIT, [ctx.getHandler(), ctx.getClass()]);
    if (!meta && READ_METHODS.has(req.method)) return next.handle();

    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const actor = req.actor;
        if (!actor) return body;
        const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
        const createdId = (body as { id?: unknown } | null)?.id;
        const params = { ...req.params };
        const routeTarget = params[meta?.targetParam ?? 'id'];
        const routeId = typeof routeTarget === 'string' ? routeTarget : undefined;
        await this.audit
          .record({
            actor,
            action: meta?.action ?? `${req.method} ${route}`,
            targetType: meta?.targetType ?? null,
            // The route's :id, or the id a create answered with.
            targetId: routeId ?? (typeof createdId === 'string' ? createdId : null),
            request: req,
            details: {
              method: req.method,
              route,
              status: res.statusCode,
              ...(Object.keys(params).length ? { params } : {}),
              ...(meta?.bodyFields ? { body: pick(req.body, meta.bodyFields) } : {}),
            },
          })
          // The write itself is done and committed: failing the response now would invite a retry.
          .catch((err: unknown) => this.logger.error(`audit row not written for ${req.method} ${route}: ${String(err)}`));
        return body;
      }),
    );
  }
}

/** The named fields of a (validated) request body. */
function pick(body: unknown, fields: readonly string[]): Record<string, unknown> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(fields.filter((f) => Object.hasOwn(source, f)).map((f) => [f, source[f]]));
}
