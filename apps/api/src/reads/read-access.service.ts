import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { Stage } from '../../../../libs/domain/lifecycle.js';
import { REVIEWERS } from '../../../../libs/domain/lifecycle-machine.js';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { ApiError, ErrorCode } from '../common/api-error.js';

export interface ReadAccess {
  via: 'role' | 'grant';
  grant?: { id: string; viewOnly: boolean; expiresAt: string };
}

/** Roles that read every summary: oversight and the archive. */
export const READS_EVERY_SUMMARY: readonly Role[] = ['management', 'supervisor', 'admin', 'archivist'];

/** L3 reviewers read the summary while it waits for them (review, special meeting), before they have recorded a review. */
const L3_STAGES: readonly Stage[] = ['IN_REVIEW_L3', 'AWAITING_SPECIAL_MEETING'];

type ActivityRef = Pick<ActivityEntity, 'id' | 'leadDepartment' | 'stage'>;

/**
 * Who may read an activity's summary content: the lead department, the reviewers of
 * that summary, management, the supervisory board, administration and the archivist by role;
 * everyone else only with a live grant of a read request, else 403 READ_NOT_GRANTED saying how
 * to request one. A grant counts until `expires_at` even if the workflow's revocation is late.
 */
@Injectable()
export class ReadAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reads without a request: answers whether the role alone suffices (no grant considered). */
  async readsByRole(actor: Actor, activity: ActivityRef): Promise<boolean> {
    if (READS_EVERY_SUMMARY.includes(actor.role)) return true;
    if ((actor.role === 'staff' || actor.role === 'dept_head') && actor.department === activity.leadDepartment) return true;
    if (REVIEWERS[3].roles.includes(actor.role) && L3_STAGES.includes(activity.stage)) return true;
    if (actor.role === 'external') return false;
    // Anyone who recorded a review of this summary (reviewer ids are the users' ids).
    const [reviewed] = (await this.dataSource.query(`SELECT 1 FROM reviews WHERE activity_id = $1 AND reviewer_id = $2 LIMIT 1`, [
      activity.id,
      actor.userId,
    ])) as unknown[];
    return reviewed !== undefined;
  }

  async assertCanRead(actor: Actor, activity: ActivityRef): Promise<ReadAccess> {
    if (await this.readsByRole(actor, activity)) return { via: 'role' };
    const grants = (await this.dataSource.query(
      `SELECT grant_id, view_only, expires_at, expires_at > now() AS live FROM read_requests
        WHERE reader_id = $1 AND activity_id = $2 AND grant_id IS NOT NULL
        ORDER BY (expires_at > now()) DESC, expires_at DESC LIMIT 1`,
      [actor.userId, activity.id],
    )) as Array<{ grant_id: string; view_only: boolean; expires_at: Date; live: boolean }>;
    const grant = grants[0];
    if (grant?.live)
      return { via: 'grant', grant: { id: grant.grant_id, viewOnly: grant.view_only, expiresAt: grant.expires_at.toISOString() } };
    throw readNotGranted(activity.id, grant ? grant.expires_at.toISOString() : null);
  }

  /**
   * For downloads (attachments, DOCX): a view-only grant (an outside body's, R-13.2.2) reads only
   * through the HTML reader.
   */
  async assertCanDownload(actor: Actor, activity: ActivityRef): Promise<ReadAccess> {
    const access = await this.assertCanRead(actor, activity);
    if (access.grant?.viewOnly) {
      const message = 'This read grant is view-only: the summary can be read in the online reader, not downloaded';
      const messageZh = '该查阅授权为只读:只能在线阅读,不能下载';
      throw new ApiError(ErrorCode.READ_NOT_GRANTED, message, messageZh, [{ field: 'grant', code: 'viewOnly', message, messageZh }]);
    }
    return access;
  }
}

export function readNotGranted(activityId: string, expiredAt: string | null): ApiError {
  const how = `request it with POST /api/read-requests { activityId: "${activityId}", purpose, content, days }`;
  const howZh = `请提交档案查阅申请(申请查阅:POST /api/read-requests,填写查阅目的、内容和天数),经本部门负责人和专职档案员审批后方可查阅`;
  const message = expiredAt
    ? `Your read grant for this summary expired at ${expiredAt}; ${how}`
    : `You may not read this summary without a read grant; ${how}`;
  const messageZh = expiredAt ? `您对该活动总结的查阅授权已于 ${expiredAt} 到期。${howZh}` : `您无权查阅该活动总结。${howZh}`;
  return new ApiError(ErrorCode.READ_NOT_GRANTED, message, messageZh, [
    { field: 'activityId', code: expiredAt ? 'grantExpired' : 'noGrant', message, messageZh },
  ]);
}
