import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';
import { isOutcomeUnknown } from '../../../../libs/db/availability.js';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { AuditLogEntity } from '../../../../libs/db/entities/audit-log.entity.js';
import { insertRow, insertTogether, type RowOf } from '../../../../libs/db/insert-together.js';
import { isMajorActivity, isPermanentRetention, lifecycleWorkflowId } from '../../../../libs/domain/activity.js';
import type { LifecycleState } from '../../../../libs/domain/lifecycle.js';
import { withoutDestroyedContent } from '../../../../libs/domain/destroyed.js';
import { allowedActions } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { auditRow, type AuditEntry } from '../audit/audit.service.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { countUpTo } from '../common/query.js';
import type { ActivityDetailResponse, ActivityPage, ActivityView } from './dto/activity-view.dto.js';
import type { ListActivitiesQuery } from './dto/list-activities.dto.js';
import type { RegisterActivityDto } from './dto/register-activity.dto.js';
import { activityListQueries } from './activity-list-query.js';
import { LifecycleClient, machineContext, TEMPORAL_RETRY_AFTER_SECONDS } from './lifecycle.client.js';

export interface RegisterResult {
  created: boolean;
  activity: ActivityEntity;
}

const UNIQUE_VIOLATION = '23505';

/** Stable hash of a request body: key order does not matter. */
function requestHash(body: object): string {
  const canonical = JSON.stringify(body, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
  ) {}

  /**
   * Row and workflow come into being together: a row never exists without its workflow, and a
   * workflow whose row never lands is terminated (failed insert) or closes itself as an orphan
   * (see confirmActivityRecorded) when nobody can know whether the row landed: the process died
   * in between, or PostgreSQL went away while it had the INSERT or the COMMIT.
   *  - Without a key: start, then one autocommitted INSERT. No BEGIN/COMMIT round trips — on this
   *    path each statement's socket write is a large share of the API's CPU (npm run bench).
   *  - With a key: INSERT inside a transaction first, so a concurrent request with the same key
   *    fails on the unique key before it could start a second workflow; the start happens before
   *    COMMIT, so a failed start rolls the row back.
   * Keys are the registering user's own (unique per `created_by`, like the lifecycle messages'
   * request ids): another user's key never finds, blocks or names their activity.
   * The audit row (`audit(activityId, status)`) is written in the same statement as the row: one
   * round trip less, and never one without the other. A repeated key writes its own.
   */
  async register(
    dto: RegisterActivityDto,
    actor: Actor,
    idempotencyKey: string | undefined,
    audit: (activityId: string, status: number) => AuditEntry,
  ): Promise<RegisterResult> {
    const hash = requestHash(dto);
    const repeated = async (existing: ActivityEntity): Promise<RegisterResult> => {
      await insertRow(this.dataSource.manager, { entity: AuditLogEntity, values: auditRow(audit(existing.id, 200)) });
      return { created: false, activity: existing };
    };
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(actor.userId, idempotencyKey, hash);
      if (existing) return repeated(existing);
    }
    const activity = this.newActivity(dto, actor, idempotencyKey, hash);
    const rows: readonly [RowOf<ActivityEntity>, RowOf<AuditLogEntity>] = [
      { entity: ActivityEntity, values: activity },
      { entity: AuditLogEntity, values: auditRow(audit(activity.id, 201)) },
    ];
    let started = false;
    const start = () =>
      this.startLifecycle(activity).then(() => {
        started = true;
      });
    /** Whether the row may have been committed although the call failed. */
    let inDoubt = false;
    try {
      if (idempotencyKey) {
        await this.insertAndStart(rows, start, () => (inDoubt = true));
      } else {
        await start();
        await insertTogether(this.dataSource.manager, ...rows).catch((err: unknown) => {
          inDoubt = isOutcomeUnknown(err);
          throw err;
        });
      }
      return { created: true, activity };
    } catch (err) {
      if (started && inDoubt) {
        // Terminating could leave a committed row without its workflow; the workflow checks for
        // the row itself and closes as an orphan if it never landed. The client retries (503).
        this.logger.warn(`${activity.workflowId}: PostgreSQL went away with its row in flight; the workflow confirms or closes itself`);
      } else if (started) {
        await this.lifecycle
          .terminate(activity.workflowId, 'activity row was not committed')
          .catch((e: unknown) => this.logger.error(`could not terminate ${activity.workflowId}: ${String(e)}`));
      }
      // A concurrent request with the same key won the race: answer with its activity.
      if (idempotencyKey && err instanceof QueryFailedError && (err.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        const winner = await this.findByIdempotencyKey(actor.userId, idempotencyKey, hash);
        if (winner) return repeated(winner);
      }
      throw err;
    }
  }

  /**
   * INSERT, start, COMMIT in one transaction. Only a COMMIT that PostgreSQL dropped the
   * connection on is in doubt (`inDoubt` is called): an earlier failure rolls everything back
   * (a lost connection takes its open transaction with it).
   */
  private async insertAndStart(
    rows: readonly [RowOf<ActivityEntity>, RowOf<AuditLogEntity>],
    start: () => Promise<void>,
    inDoubt: () => void,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      try {
        await insertTogether(runner.manager, ...rows);
        await start();
      } catch (err) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw err;
      }
      await runner.commitTransaction().catch((err: unknown) => {
        // Sent and then the connection was lost: committed or not. A connection lost while
        // Temporal was starting the workflow never got the COMMIT (its runner is released).
        if (isOutcomeUnknown(err)) inDoubt();
        throw err;
      });
    } finally {
      await runner.release();
    }
  }

  /** One page of activities from the projection: no workflow is queried per row. */
  async list(q: ListActivitiesQuery): Promise<ActivityPage> {
    const { rows, count, page, pageSize } = activityListQueries(this.dataSource, q);
    // The page and its (capped) total in parallel, on two connections.
    const [found, total] = await Promise.all([rows.getMany(), countUpTo(this.dataSource, ...count)]);
    return { items: found.map((r) => toView(r, r.lifecycle)), ...total, page, pageSize };
  }

  async get(id: string, actor: Actor): Promise<ActivityDetailResponse> {
    // Row and workflow state are read in parallel: the workflow id is derived from the id.
    const [row, lifecycle] = await Promise.all([
      this.dataSource.getRepository(ActivityEntity).findOneBy({ id }),
      this.lifecycle.state(lifecycleWorkflowId(id)).catch((err: unknown) => {
        this.logger.warn(`lifecycle query failed for ${id}: ${String(err)}`);
        return null;
      }),
    ]);
    if (!row) {
      throw new ApiError(ErrorCode.NOT_FOUND, `Activity ${id} not found`, `未找到活动 ${id}`, [
        { field: 'id', code: 'notFound', message: `No activity with id ${id}`, messageZh: `不存在编号为 ${id} 的活动` },
      ]);
    }
    // Once the workflow's history is gone (closed and past namespace retention) or Temporal is
    // unreachable, the last projected state still answers.
    const live = lifecycle ?? row.lifecycle;
    const state = live && withoutDestroyedContent(live);
    return { ...toView(row, state), allowedActions: state ? allowedActions(state, actor, machineContext(row)) : [] };
  }

  private async findByIdempotencyKey(userId: string, key: string, hash: string): Promise<ActivityEntity | null> {
    const existing = await this.dataSource.getRepository(ActivityEntity).findOneBy({ createdBy: userId, idempotencyKey: key });
    if (existing && existing.requestHash !== hash) {
      // Names no activity: the client knows which request it sent with this key.
      throw new ApiError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used with a different request body',
        '该 Idempotency-Key 已用于另一份不同的请求内容',
        [
          {
            field: 'Idempotency-Key',
            code: 'reused',
            message: 'You already registered another activity with this key; use a new key for a different body',
            messageZh: '您已使用该键登记过另一项活动；内容不同时请使用新的键',
          },
        ],
      );
    }
    return existing;
  }

  private newActivity(dto: RegisterActivityDto, actor: Actor, idempotencyKey: string | undefined, hash: string): ActivityEntity {
    const id = randomUUID();
    const flags = { anniversary: dto.anniversary ?? false, nationalLevel: dto.nationalLevel ?? false };
    return Object.assign(new ActivityEntity(), {
      id,
      name: dto.name,
      type: dto.type,
      leadDepartment: dto.leadDepartment,
      coOrganizers: dto.coOrganizers ?? [],
      partners: dto.partners ?? [],
      startAt: new Date(dto.startAt),
      endAt: new Date(dto.endAt),
      location: dto.location,
      plannedOnline: dto.plannedParticipants.online,
      plannedOffline: dto.plannedParticipants.offline,
      releasesPolicy: dto.releasesPolicy,
      ...flags,
      isMajor: isMajorActivity({ plannedParticipants: dto.plannedParticipants, releasesPolicy: dto.releasesPolicy }),
      permanent: isPermanentRetention(flags),
      workflowId: lifecycleWorkflowId(id),
      stage: 'AWAITING_END',
      createdBy: actor.userId,
      idempotencyKey: idempotencyKey ?? null,
      requestHash: idempotencyKey ? hash : null,
    } satisfies Partial<ActivityEntity>);
  }

  private async startLifecycle(activity: ActivityEntity): Promise<void> {
    try {
      await this.lifecycle.start(activity);
    } catch (err) {
      this.logger.error(`could not start ${activity.workflowId}: ${String(err)}`);
      throw new ApiError(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        'The workflow service (Temporal) is unavailable; nothing was saved, please retry',
        '流程服务(Temporal)暂不可用,本次未保存任何内容,请稍后重试',
        [],
        { retryAfterSeconds: TEMPORAL_RETRY_AFTER_SECONDS },
      );
    }
  }
}

function toView(row: ActivityEntity, lifecycle: LifecycleState | null): ActivityView {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    leadDepartment: row.leadDepartment,
    coOrganizers: row.coOrganizers,
    partners: row.partners,
    startAt: row.startAt.toISOString(),
    endAt: row.endAt.toISOString(),
    location: row.location,
    plannedParticipants: { online: row.plannedOnline, offline: row.plannedOffline },
    releasesPolicy: row.releasesPolicy,
    anniversary: row.anniversary,
    nationalLevel: row.nationalLevel,
    isMajor: row.isMajor,
    // The live state first: admin's mark is there before the projection catches up.
    permanent: lifecycle?.permanent ?? row.permanent,
    workflowId: row.workflowId,
    stage: lifecycle?.stage ?? row.stage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lifecycle,
  };
}
