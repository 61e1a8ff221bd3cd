import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ARCHIVED_STAGES } from '../../../../activities/archive.activities.js';
import { electronicLocation } from '../../../../libs/archive/naming.js';
import { archiveSubject, claimArchiveNames, findArchiveRecord, type ArchiveRecord } from '../../../../libs/archive/records.js';
import { findTombstone } from '../../../../libs/archive/destroy.js';
import { verifyTombstone } from '../../../../libs/archive/tombstone.js';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { LifecycleState } from '../../../../libs/domain/lifecycle.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { loadSigningKey, retiredVerifiers } from '../../../../libs/signature/signature.js';
import { ApiError, ErrorCode, type ErrorDetail } from '../common/api-error.js';
import { LifecycleClient } from '../activities/lifecycle.client.js';
import { APP_CONFIG } from '../tokens.js';
import type { ArchiveCopyView, ArchiveView, ConfirmArchiveDto, TombstoneView } from './dto/archive.dto.js';

const PAPER_CHECKS = [
  { field: 'stamped', en: 'the paper copy must be stamped (盖章)', zh: '纸质版须加盖公章' },
  { field: 'bound', en: 'the paper copy must be bound (装订)', zh: '纸质版须装订成册' },
  { field: 'attachmentsIncluded', en: 'the attachments must be filed with the paper copy', zh: '纸质版须附齐附件' },
] as const;

/**
 * The archive as the API shows and checks it (R-11, R-12). The names are generated once the final
 * version is formed (the worker claims them when it stores the copy; a read that comes first claims
 * them itself, the same way); the copies' confirmations come from the lifecycle, the paper details
 * from PostgreSQL.
 */
@Injectable()
export class ArchiveService {
  private readonly verifiers: Map<string, KeyObject>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const key = loadSigningKey(config.signing.privateKeyPem);
    this.verifiers = new Map([...retiredVerifiers(config.signing.retiredPublicKeysPem), [key.keyId, key.publicKey]]);
  }

  /** The live state (the projection when Temporal does not answer). */
  async state(activity: ActivityEntity): Promise<Pick<LifecycleState, 'stage' | 'archive'>> {
    const live = await this.lifecycle.stateForPrecheck(activity.workflowId);
    return live ?? { stage: activity.stage, archive: activity.lifecycle?.archive ?? [] };
  }

  /** The names, or 409 ARCHIVE_NOT_READY before the final version is formed and after a destruction. */
  async namesOr409(activity: ActivityEntity, stage: LifecycleState['stage']): Promise<ArchiveRecord> {
    if (await findTombstone(this.dataSource, activity.id)) {
      throw notReady(
        'destroyed',
        'The summary was destroyed at the end of its retention: only its tombstone remains (GET …/archive/tombstone)',
        '该活动总结已于保管期满后销毁，仅保留销毁记录（GET …/archive/tombstone）',
      );
    }
    const existing = await findArchiveRecord(this.dataSource, activity.id);
    if (existing) return existing;
    if (!ARCHIVED_STAGES.includes(stage)) {
      throw notReady(
        'notFinal',
        `The final version is not formed yet (stage ${stage}): the archive names are generated after the third-level approval`,
        `终稿尚未形成（当前阶段 ${stage}），归档名称在终审通过后生成`,
      );
    }
    const subject = await archiveSubject(this.dataSource, activity.id);
    if (!subject) throw new ApiError(ErrorCode.NOT_FOUND, `Activity ${activity.id} not found`, `未找到活动 ${activity.id}`);
    return claimArchiveNames(this.dataSource, subject);
  }

  async view(activity: ActivityEntity): Promise<ArchiveView> {
    const state = await this.state(activity);
    const record = await this.namesOr409(activity, state.stage);
    const paper = await this.paperDetails(activity.id);
    const copies: ArchiveCopyView[] = (state.archive ?? []).map((a) => ({
      medium: a.medium,
      location: a.location,
      confirmedBy: a.by.userId,
      confirmedAt: a.at,
      ...(a.medium === 'paper' && paper
        ? { stamped: paper.stamped, bound: paper.bound, attachmentsIncluded: paper.attachments_included }
        : {}),
    }));
    return {
      activityId: activity.id,
      electronicName: record.electronicName,
      folder: record.folder,
      electronicLocation: electronicLocation(record),
      paperLabel: record.paperLabel,
      stored: record.storedAt !== null,
      storedAt: record.storedAt?.toISOString() ?? null,
      sha256: record.sha256,
      versionId: record.versionId,
      copies,
    };
  }

  /**
   * R-12 the checks of a confirmation, before the message reaches the lifecycle: the electronic
   * copy names exactly the generated location and is stored; the paper copy is stamped, bound and
   * complete (recorded here, in PostgreSQL: the lifecycle's message keeps its shape).
   */
  async checkConfirmation(
    activity: ActivityEntity,
    stage: LifecycleState['stage'],
    dto: ConfirmArchiveDto,
    actor: Actor,
    requestId: string,
  ) {
    if (dto.medium === 'electronic') {
      const record = await this.namesOr409(activity, stage);
      const expected = electronicLocation(record);
      if (dto.location.trim() !== expected) {
        throw checkFailed([
          {
            field: 'location',
            code: 'notGeneratedLocation',
            message: `location must be the generated ${expected}`,
            messageZh: `存放位置必须是系统生成的 ${expected}`,
          },
        ]);
      }
      if (!record.storedAt) {
        throw notReady('notStored', 'The electronic copy is being stored; confirm it in a moment', '电子版正在存入档案库，请稍后再确认');
      }
      return;
    }
    const missing = PAPER_CHECKS.filter((c) => dto[c.field] !== true);
    if (missing.length) {
      throw checkFailed(
        missing.map((c) => ({ field: c.field, code: 'mustBeTrue', message: `${c.field}: ${c.en}`, messageZh: `${c.field}：${c.zh}` })),
      );
    }
    await this.dataSource.query(
      `INSERT INTO archive_paper_details (activity_id, location, stamped, bound, attachments_included, request_id, confirmed_by)
       VALUES ($1, $2, true, true, true, $3, $4)
       ON CONFLICT (activity_id) DO UPDATE
         SET location = EXCLUDED.location, request_id = EXCLUDED.request_id, confirmed_by = EXCLUDED.confirmed_by, created_at = now()`,
      [activity.id, dto.location.trim(), requestId, actor.userId],
    );
  }

  async tombstone(activityId: string): Promise<TombstoneView> {
    const t = await findTombstone(this.dataSource, activityId);
    if (!t) {
      throw new ApiError(ErrorCode.NOT_FOUND, `Activity ${activityId} has not been destroyed`, `活动 ${activityId} 未被销毁，没有销毁记录`);
    }
    const { id: _id, algorithm, keyId, signature, completedAt, ...statement } = t;
    const key = this.verifiers.get(keyId);
    return {
      ...statement,
      destroyed: statement.destroyed as unknown as Record<string, unknown>,
      decidedBy: statement.decidedBy,
      completedAt: completedAt?.toISOString() ?? null,
      algorithm,
      keyId,
      signature,
      verified: !!key && verifyTombstone(key, statement, signature),
    };
  }

  private async paperDetails(activityId: string) {
    const rows = (await this.dataSource.query(
      `SELECT stamped, bound, attachments_included FROM archive_paper_details WHERE activity_id = $1`,
      [activityId],
    )) as Array<{ stamped: boolean; bound: boolean; attachments_included: boolean }>;
    return rows[0] ?? null;
  }
}

function notReady(code: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.ARCHIVE_NOT_READY, message, messageZh, [{ field: 'stage', code, message, messageZh }]);
}

function checkFailed(details: ErrorDetail[]): ApiError {
  return new ApiError(
    ErrorCode.ARCHIVE_CHECK_FAILED,
    `The archive confirmation does not meet R-12: ${details.map((d) => d.message).join('; ')}`,
    `归档确认不符合要求（R-12）：${details.map((d) => d.messageZh).join('；')}`,
    details,
  );
}
