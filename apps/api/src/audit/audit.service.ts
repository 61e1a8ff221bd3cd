import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { requestIdFrom } from '../../../../libs/logging/request-context.js';
import { AuditLogEntity } from '../../../../libs/db/entities/audit-log.entity.js';
import { insertRow } from '../../../../libs/db/insert-together.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import type { ApiRequest } from '../auth/request.js';
import type { AuditQuery } from './audit.dto.js';

export interface AuditEntry {
  /** Null for an anonymous event (a failed login). */
  actor: Actor | null;
  /** Dotted verb, e.g. `activity.register`, `archive.read`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Where IP, user agent and request id come from. */
  request?: ApiRequest;
  details?: Record<string, unknown>;
}

const USER_AGENT_MAX = 512;

/** The request's id (apps/api/src/logging/request-logging.ts assigns it first; the same rule here otherwise). */
export function requestIdOf(req: ApiRequest): string {
  req.requestId ??= requestIdFrom(req.headers['x-request-id']);
  return req.requestId;
}

/** Writes audit rows: the interceptor for every write, controllers for reads of archived content. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: AuditQuery): Promise<{ items: AuditLogEntity[]; total: number; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (q.actorUserId) qb.andWhere('a.actor_user_id = :actor', { actor: q.actorUserId });
    if (q.action?.endsWith('.')) qb.andWhere('starts_with(a.action, :prefix)', { prefix: q.action });
    else if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.targetType) qb.andWhere('a.target_type = :targetType', { targetType: q.targetType });
    if (q.targetId) qb.andWhere('a.target_id = :targetId', { targetId: q.targetId });
    if (q.from) qb.andWhere('a.at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('a.at < :to', { to: new Date(q.to) });
    const [items, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  async record(entry: AuditEntry): Promise<void> {
    await insertRow(this.dataSource.manager, { entity: AuditLogEntity, values: auditRow(entry) });
  }
}

/** The audit row of an entry: who, what, on which target, from where (IP, user agent, request id). */
export function auditRow(entry: AuditEntry): Partial<AuditLogEntity> {
  const req = entry.request;
  return {
    actorUserId: entry.actor?.userId ?? null,
    actorRole: entry.actor?.role ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    // req.ip is the peer address; behind a reverse proxy set Express's `trust proxy` to get the client.
    ip: req?.ip ?? null,
    userAgent: req?.headers['user-agent']?.slice(0, USER_AGENT_MAX) ?? null,
    requestId: req ? requestIdOf(req) : null,
    details: { ...(entry.actor?.department ? { actorDepartment: entry.actor.department } : {}), ...entry.details },
  };
}
