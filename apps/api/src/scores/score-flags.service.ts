import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import type { CreateScoreFlagDto, ScoreFlagKind, ScoreFlagsView, ScoreFlagView } from './dto/scores.dto.js';

interface Row {
  id: string;
  activity_id: string;
  kind: ScoreFlagKind;
  value: boolean;
  reason: string;
  actor_user_id: string;
  actor_role: Role;
  display_name: string | null;
  at: Date;
}

const SELECT = `SELECT f.id, f.activity_id, f.kind, f.value, f.reason, f.actor_user_id, f.actor_role, u.display_name, f.at
                  FROM score_flags f LEFT JOIN users u ON u.id = f.actor_user_id`;

/**
 * score flags: append-only entries (the table refuses UPDATE); the flag in force is the
 * latest entry of its kind, which the annual scoring reads (libs/reports/score-inputs.ts).
 */
@Injectable()
export class ScoreFlagsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(activityId: string, dto: CreateScoreFlagDto, actor: Actor): Promise<ScoreFlagView> {
    const [row] = (await this.dataSource.query(
      `WITH f AS (
         INSERT INTO score_flags (activity_id, kind, value, reason, actor_user_id, actor_role)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       ${SELECT.replace('score_flags f', 'f')}`,
      [activityId, dto.kind, dto.value, dto.reason.trim(), actor.userId, actor.role],
    )) as Row[];
    return toView(row!);
  }

  async list(activityId: string): Promise<ScoreFlagsView> {
    const rows = (await this.dataSource.query(`${SELECT} WHERE f.activity_id = $1 ORDER BY f.at DESC, f.id DESC`, [activityId])) as Row[];
    const current = (kind: ScoreFlagKind) => rows.find((r) => r.kind === kind)?.value ?? false;
    return { activityId, falsified: current('falsified'), commended: current('commended'), history: rows.map(toView) };
  }
}

function toView(r: Row): ScoreFlagView {
  return {
    id: String(r.id),
    activityId: r.activity_id,
    kind: r.kind,
    value: r.value,
    reason: r.reason,
    by: { userId: r.actor_user_id, role: r.actor_role, displayName: r.display_name },
    at: r.at.toISOString(),
  };
}
