import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource } from 'typeorm';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { DeadlineKey, DeadlineState, LifecycleState, Stage } from '../../../../libs/domain/lifecycle.js';
import { allowedActions, type MessageName } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { isDepartmentScoped } from '../auth/policy.js';
import { machineContext } from './lifecycle.client.js';
import type { TodoItemDto, TodoResponse } from './dto/todo.dto.js';

const WRITING: Stage[] = ['DRAFTING', 'REVISING', 'IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3', 'AWAITING_SPECIAL_MEETING'];

/**
 * Where each role's work can be: only these stages are read from the projection. Whether there is
 * anything to do there is the lifecycle machine's answer (`allowedActions`), not this map's.
 */
const STAGES_TO_READ: Record<Role, Stage[]> = {
  staff: [...WRITING, 'FEEDBACK'],
  dept_head: [...WRITING, 'FEEDBACK'],
  admin: ['IN_REVIEW_L2'],
  vp: ['IN_REVIEW_L3', 'AWAITING_SPECIAL_MEETING'],
  secretary_general: ['IN_REVIEW_L3'],
  archivist: ['ARCHIVING', 'RETAINED'],
  management: [],
  supervisor: [],
  external: [],
};

/**
 * Rows of a stage that can hold a step, as SQL over the projection, for stages where most rows
 * hold none: RETAINED rows pile up (permanent ones never leave), but only those whose retention
 * has ended wait for the disposal decision (decideDisposal's `when`, lifecycle-machine.ts). The
 * machine still decides; this only keeps the rows it would refuse out of the read.
 */
const ROWS_THAT_CAN_ACT: Partial<Record<Stage, string>> = {
  RETAINED: `a.is_overdue AND a.lifecycle -> 'deadlines' @> '[{"key": "retention", "status": "overdue"}]'::jsonb`,
};

/** Rows read per query: the list has no cap, every row that can hold a step is read, in batches. */
const BATCH = 500;

/**
 * The deadline a step answers to. Base data may be corrected until the final version exists
 * (R-7.1), so it is a to-do only while its deadline is open; the other steps are to-dos whenever
 * the machine allows them.
 */
function deadlineOf(action: MessageName, s: LifecycleState): { key: DeadlineKey; required: boolean } | null {
  switch (action) {
    case 'submitBaseData':
      return { key: 'baseData', required: true };
    case 'submitDraft':
      return { key: s.stage === 'REVISING' ? 'revision' : 'draft', required: false };
    case 'review':
      return { key: 'final', required: false };
    case 'recordSpecialMeeting':
      return { key: 'specialMeeting', required: false };
    case 'confirmArchive':
      return { key: 'archive', required: false };
    case 'submitFeedback':
      return { key: 'feedback', required: false };
    case 'decideDisposal':
      return { key: 'retention', required: false };
    case 'setPermanent':
      return null;
  }
}

const isOpen = (d: DeadlineState) => d.status === 'pending' || d.status === 'overdue';

/** What waits for the signed-in user (我的待办), from the projection and the lifecycle machine. */
@Injectable()
export class TodoService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor): Promise<TodoResponse> {
    const stages = STAGES_TO_READ[actor.role] ?? [];
    if (!stages.length) return { items: [], total: 0 };
    const items: TodoItemDto[] = [];
    for await (const row of this.rows(actor, stages)) {
      const state = row.lifecycle;
      if (!state) continue;
      for (const action of allowedActions(state, actor, machineContext(row))) {
        if (action === 'setPermanent') continue; // an option admin has at any time, not a step that waits
        const which = deadlineOf(action, state);
        // The latest occurrence of the key that is still open.
        const d = which ? state.deadlines.filter((x) => x.key === which.key && isOpen(x)).at(-1) : undefined;
        if (which?.required && !d) continue;
        items.push({
          activityId: row.id,
          name: row.name,
          type: row.type,
          leadDepartment: row.leadDepartment,
          stage: state.stage,
          isMajor: state.isMajor,
          action,
          deadline: d
            ? {
                key: d.key,
                occurrence: d.occurrence,
                dueAt: d.dueAt,
                status: d.status as 'pending' | 'overdue',
                provisional: d.provisional,
              }
            : null,
        });
      }
    }
    // Nearest due first over the whole list: every row was read, so nothing due sooner is left out.
    const due = (i: TodoItemDto) => (i.deadline ? Date.parse(i.deadline.dueAt) : Number.POSITIVE_INFINITY);
    items.sort((a, b) => due(a) - due(b) || a.name.localeCompare(b.name, 'zh-CN'));
    return { items, total: items.length };
  }

  /** Every row of the caller's stages (own department when scoped) that can hold a step, in id order. */
  private async *rows(actor: Actor, stages: Stage[]): AsyncGenerator<ActivityEntity> {
    let after: string | null = null;
    for (;;) {
      const q = this.dataSource
        .getRepository(ActivityEntity)
        .createQueryBuilder('a')
        .where(
          new Brackets((w) => {
            for (const [i, stage] of stages.entries()) {
              const only = ROWS_THAT_CAN_ACT[stage];
              w.orWhere(`(a.stage = :s${i}${only ? ` AND ${only}` : ''})`, { [`s${i}`]: stage });
            }
          }),
        )
        .orderBy('a.id', 'ASC')
        .limit(BATCH);
      if (isDepartmentScoped(actor)) q.andWhere('a.lead_department = :dept', { dept: actor.department ?? '' });
      if (after) q.andWhere('a.id > :after', { after });
      const batch = await q.getMany();
      yield* batch;
      if (batch.length < BATCH) return;
      after = batch.at(-1)!.id;
    }
  }
}
