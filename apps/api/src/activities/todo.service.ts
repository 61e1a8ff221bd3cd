import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
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

/** The most to-dos read at once; each is an activity in one of the caller's stages. */
const MAX_ROWS = 500;

/**
 * The deadline a step answers to. Base data may be corrected until the final version exists
 * so it is a to-do only while its deadline is open; the other steps are to-dos whenever
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
    const rows = await this.dataSource.getRepository(ActivityEntity).find({
      where: { stage: In(stages), ...(isDepartmentScoped(actor) ? { leadDepartment: actor.department ?? '' } : {}) },
      order: { endAt: 'ASC', id: 'ASC' },
      take: MAX_ROWS,
    });
    const items: TodoItemDto[] = [];
    for (const row of rows) {
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
    const due = (i: TodoItemDto) => (i.deadline ? Date.parse(i.deadline.dueAt) : Number.POSITIVE_INFINITY);
    items.sort((a, b) => due(a) - due(b) || a.name.localeCompare(b.name, 'zh-CN'));
    return { items, total: items.length };
  }
}
