import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { findSuggestion, listSuggestions, type SuggestionItem } from '../../../../libs/suggestions/queries.js';
import { changeProblems, parsePeriod, SUGGESTION_STATUS_ZH, type SuggestionStatus } from '../../../../libs/suggestions/status.js';
import { forbidden } from '../auth/auth-errors.js';
import { isDepartmentScoped } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import type { ListSuggestionsQuery, UpdateSuggestionStatusDto } from './dto/suggestion.dto.js';
import type { SuggestionDetailView, SuggestionPage, SuggestionUpdateView } from './dto/suggestion-view.dto.js';

const notFound = () => new ApiError(ErrorCode.NOT_FOUND, 'No suggestion with this id', '未找到该改进建议');

/** Department-scoped readers see what their department is responsible for or cooperates on. */
const involves = (actor: Actor, s: Pick<SuggestionItem, 'responsibleDepartment' | 'cooperatingDepartments'>): boolean =>
  !isDepartmentScoped(actor) ||
  (actor.department !== null && (s.responsibleDepartment === actor.department || s.cooperatingDepartments.includes(actor.department)));

interface UpdateRow {
  at: Date;
  actor_user_id: string;
  actor_name: string | null;
  actor_role: Role;
  from_status: SuggestionStatus;
  to_status: SuggestionStatus;
  note: string | null;
  reason: string | null;
}

/**
 * the tracked suggestions: listed from the table the worker fills at each final version
 * (libs/suggestions/take.ts); the responsible department moves them through their statuses
 * (libs/suggestions/status.ts), each change recorded in suggestion_updates.
 */
@Injectable()
export class SuggestionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, q: ListSuggestionsQuery): Promise<SuggestionPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const period = q.quarter ? parsePeriod(q.quarter) : null;
    const { items, total } = await listSuggestions(this.dataSource, {
      ...(period ? { from: period.from, to: period.to } : {}),
      department: q.department,
      status: q.status,
      activityId: q.activityId,
      ...(isDepartmentScoped(actor) ? { involving: actor.department ?? '' } : {}),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items, total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<SuggestionDetailView> {
    return this.detail(this.dataSource, actor, id);
  }

  /**
   * The responsible department's staff or head changes the status: 404 unknown, 403 another
   * department, 400 a missing reason or note, 409 a change the current status does not allow.
   * The row is locked for the check and the change, so two changes at once apply one after the other.
   */
  async updateStatus(actor: Actor, id: string, dto: UpdateSuggestionStatusDto): Promise<SuggestionDetailView> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT status, responsible_department FROM suggestions WHERE id = $1 FOR UPDATE`, [id])) as Array<{
        status: SuggestionStatus;
        responsible_department: string;
      }>;
      if (!row) throw notFound();
      if (actor.department !== row.responsible_department) {
        throw forbidden(
          'notResponsibleDepartment',
          `Only the responsible department (${row.responsible_department}) updates this suggestion`,
          `仅责任部门(${row.responsible_department})可以更新该改进建议的落实情况`,
        );
      }
      const problems = changeProblems(row.status, { to: dto.status, note: dto.note, reason: dto.reason });
      const input = problems.filter((p) => p.kind === 'input');
      if (input.length) {
        throw new ApiError(
          ErrorCode.VALIDATION_FAILED,
          input.map((p) => p.message).join('; '),
          input.map((p) => p.messageZh).join(';'),
          input.map((p) => ({ field: p.field, code: p.code, message: p.message, messageZh: p.messageZh })),
        );
      }
      const refused = problems.find((p) => p.kind === 'transition');
      if (refused) {
        throw new ApiError(ErrorCode.SUGGESTION_STATUS_REFUSED, refused.message, refused.messageZh, [
          { field: 'status', code: refused.code, message: refused.message, messageZh: refused.messageZh },
        ]);
      }
      const reason = dto.status === 'rejected' ? dto.reason!.trim() : null;
      const note = dto.note?.trim() ? dto.note.trim() : null;
      await tx.query(`UPDATE suggestions SET status = $2, status_reason = $3, updated_at = now(), updated_by = $4 WHERE id = $1`, [
        id,
        dto.status,
        reason,
        actor.userId,
      ]);
      await tx.query(
        `INSERT INTO suggestion_updates (suggestion_id, actor_user_id, actor_role, from_status, to_status, note, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, actor.userId, actor.role, row.status, dto.status, note, reason],
      );
      return this.detail(tx, actor, id);
    });
  }

  private async detail(db: DataSource | EntityManager, actor: Actor, id: string): Promise<SuggestionDetailView> {
    const item = await findSuggestion(db, id);
    if (!item) throw notFound();
    if (!involves(actor, item)) {
      throw forbidden(
        'otherDepartment',
        `${actor.role} of ${actor.department ?? '-'} may read only suggestions their department is responsible for or cooperates on`,
        '只能查看本部门负责或协同落实的改进建议',
      );
    }
    const updates = (await db.query(
      `SELECT u.at, u.actor_user_id, usr.display_name AS actor_name, u.actor_role, u.from_status, u.to_status, u.note, u.reason
         FROM suggestion_updates u
         LEFT JOIN users usr ON usr.id = u.actor_user_id
        WHERE u.suggestion_id = $1
        ORDER BY u.at, u.id`,
      [id],
    )) as UpdateRow[];
    return { ...item, updates: updates.map(toUpdateView) };
  }
}

function toUpdateView(u: UpdateRow): SuggestionUpdateView {
  return {
    at: u.at.toISOString(),
    actorUserId: u.actor_user_id,
    actorName: u.actor_name,
    actorRole: u.actor_role,
    fromStatus: u.from_status,
    fromStatusZh: SUGGESTION_STATUS_ZH[u.from_status],
    toStatus: u.to_status,
    toStatusZh: SUGGESTION_STATUS_ZH[u.to_status],
    note: u.note,
    reason: u.reason,
  };
}
