import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, QueryFailedError, type DataSource } from 'typeorm';
import { shanghaiDate } from '../../../../libs/calendar/index.js';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { AttachmentEntity } from '../../../../libs/db/entities/attachment.entity.js';
import { SignatureEntity } from '../../../../libs/db/entities/signature.entity.js';
import { SummaryVersionEntity } from '../../../../libs/db/entities/summary-version.entity.js';
import type { LifecycleState, SubmitDraft } from '../../../../libs/domain/lifecycle.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import {
  contentHash,
  hasBlocking,
  runChecks,
  summaryRates,
  type Finding,
  type SummaryDocument,
  type UploadedAttachment,
} from '../../../../libs/summary/index.js';
import { submitDraftUpdate } from '../../../../workflows/definitions.js';
import { envelope } from '../activities/lifecycle-messages.controller.js';
import { LifecycleClient, LifecycleRefusedError, refusalError } from '../activities/lifecycle.client.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { isUuid } from '../../../../libs/domain/ids.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import type { AppConfig } from '../../../../libs/config/config.js';
import { APP_CONFIG } from '../tokens.js';
import type { SummarySubmission, SummaryVersionView } from './dto/summary-version-view.dto.js';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class SummariesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
    private readonly signatures: SignaturesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The lifecycle is asked first, through the same machine its workflow runs: a submission it
   * would refuse for stage, role or missing base data stores nothing. Then the submission
   * becomes an immutable version (so nothing submitted is lost) and the automatic checks decide:
   * blocking findings answer 422 with the findings and keep the version; otherwise the lifecycle
   * gets the submission (draft or revision, by its stage), and the version is marked submitted
   * and signed by its compiler in one transaction. A version the lifecycle then refuses
   * after all (it changed in between) is removed again: it was never submitted nor signed. A
   * retry after a 503 completes the submission the lifecycle took meanwhile (`finishTaken`).
   */
  async submit(activity: ActivityEntity, document: SummaryDocument, actor: Actor, idempotencyKey?: string): Promise<SummarySubmission> {
    const versionId = randomUUID();
    const message: SubmitDraft = {
      ...envelope(actor, idempotencyKey),
      versionId,
      compiledBy: actor.userId,
      blockingFindings: 0,
      warningFindings: 0,
    };
    const state = await this.lifecycle.stateForPrecheck(activity.workflowId);
    // Without a state the workflow's validator alone decides (below). The checks' findings come later.
    const refusal = state ? this.lifecycle.refusal(state, activity, { name: 'submitDraft', body: message }) : null;
    if (state && refusal) {
      const finished = refusal.code === 'WRONG_STAGE' ? await this.finishTaken(state, activity, document, actor) : null;
      if (finished) return finished;
      throw refusalError(refusal);
    }

    const findings = await this.check(activity, document);
    const version = await this.saveVersion(versionId, activity.id, document, findings, actor);
    const blocking = findings.filter((f) => f.severity === 'blocking');
    if (hasBlocking(findings)) {
      throw new ApiError(
        ErrorCode.CHECKS_FAILED,
        `Version ${version.versionNo} was saved but not submitted: ${blocking.length} blocking finding(s)`,
        `第 ${version.versionNo} 版已保存但未提交:存在 ${blocking.length} 项阻断性问题`,
        findings.map((f) => ({
          field: f.path ?? f.module ?? 'document',
          code: f.rule,
          message: `[${f.severity}] ${f.message}`,
          messageZh: `[${f.severity === 'blocking' ? '阻断' : '提示'}] ${f.messageZh}`,
        })),
      );
    }
    let lifecycle: LifecycleState;
    try {
      const submission = { ...message, compiledBy: version.createdBy, warningFindings: findings.length };
      lifecycle = await this.lifecycle.send(activity.workflowId, submitDraftUpdate, submission);
    } catch (err) {
      // Refused: nothing refers to the version. (After a timeout it may still be submitted: kept.)
      if (err instanceof LifecycleRefusedError) await this.removeUnsubmitted(version.id);
      throw err;
    }
    if (lifecycle.submissions.at(-1)?.versionId !== version.id) {
      // The lifecycle answered an earlier request with this Idempotency-Key: this one took nothing.
      await this.removeUnsubmitted(version.id);
      const finished = await this.finishTaken(lifecycle, activity, document, actor);
      if (finished) return finished;
      const taken = lifecycle.submissions.at(-1);
      throw new ApiError(
        ErrorCode.MESSAGE_REFUSED,
        'This Idempotency-Key was already used for a submission the lifecycle took; nothing new was stored',
        '该 Idempotency-Key 对应的提交已被流程接收,本次未保存任何内容',
        [
          {
            field: 'Idempotency-Key',
            code: 'ALREADY_DONE',
            message: `the lifecycle already took version ${taken?.versionId ?? '?'} for this key`,
            messageZh: '该键对应的提交已完成',
          },
        ],
      );
    }
    const signature = await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(SummaryVersionEntity).update({ id: version.id }, { submitted: true });
      return this.signatures.sign(tx, version, 'compile', actor);
    });
    return { version: toView({ ...version, submitted: true }), signature, lifecycle };
  }

  /**
   * A retry of a submission the lifecycle took while its request failed (a 503 after the update's
   * deadline, a lost write): the lifecycle's last submission is this user's version of this very
   * document, not yet signed. It is completed — marked submitted, signed by its compiler — instead
   * of refused for the stage it moved the lifecycle to.
   */
  private async finishTaken(
    state: LifecycleState,
    activity: ActivityEntity,
    document: SummaryDocument,
    actor: Actor,
  ): Promise<SummarySubmission | null> {
    const last = state.submissions.at(-1);
    if (!last || !isUuid(last.versionId)) return null;
    const repo = this.dataSource.getRepository(SummaryVersionEntity);
    const version = await repo.findOneBy({
      activityId: activity.id,
      id: last.versionId,
      createdBy: actor.userId,
      contentHash: contentHash(document),
    });
    if (!version) return null;
    const signed = await this.dataSource.getRepository(SignatureEntity).existsBy({ versionId: version.id, purpose: 'compile' });
    if (signed) return null;
    const signature = await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(SummaryVersionEntity).update({ id: version.id }, { submitted: true });
      return this.signatures.sign(tx, version, 'compile', actor);
    });
    return { version: toView({ ...version, submitted: true }), signature, lifecycle: state };
  }

  /** Deletes a version nobody submitted, signed or reviewed (a refused submission's); any other stays. */
  private async removeUnsubmitted(versionId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM summary_versions v WHERE v.id = $1 AND NOT v.submitted
         AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.version_id = v.id)
         AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.version_id = v.id)`,
      [versionId],
    );
  }

  /**
   * The automatic checks a submission runs (R-9.1 –, with the attachments looked up),
   * on their own: `POST …/summaries/check` answers them without storing or submitting anything.
   */
  async check(activity: ActivityEntity, document: SummaryDocument): Promise<Finding[]> {
    const uploads = { activityId: activity.id, byId: await this.uploadsNamedBy(document) };
    return runChecks(document, {
      activityName: activity.name,
      activityEndDate: shanghaiDate(activity.endAt),
      associationName: this.config.document.associationName,
      uploads,
    });
  }

  /** The uploads the document's attachment list names, whichever activity they belong to. */
  private async uploadsNamedBy(document: SummaryDocument): Promise<Map<string, UploadedAttachment>> {
    // Anything but a uuid names no upload.
    const ids = (Array.isArray(document.attachments) ? document.attachments : []).map((a) => a?.attachmentId).filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await this.dataSource
      .getRepository(AttachmentEntity)
      .find({ where: { id: In(ids) }, select: { id: true, activityId: true, kind: true } });
    return new Map(rows.map((r) => [r.id, { activityId: r.activityId, kind: r.kind }]));
  }

  async list(activityId: string): Promise<SummaryVersionView[]> {
    const rows = await this.dataSource.getRepository(SummaryVersionEntity).find({ where: { activityId }, order: { versionNo: 'ASC' } });
    return rows.map((r) => toView(r));
  }

  async get(activityId: string, versionId: string): Promise<SummaryVersionView> {
    const row = await this.dataSource.getRepository(SummaryVersionEntity).findOneBy({ activityId, id: versionId });
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Version ${versionId} not found`, `未找到总结版本 ${versionId}`);
    return toView(row, true);
  }

  private async saveVersion(
    id: string,
    activityId: string,
    document: SummaryDocument,
    findings: SummaryVersionEntity['findings'],
    actor: Actor,
  ): Promise<SummaryVersionEntity> {
    const repo = this.dataSource.getRepository(SummaryVersionEntity);
    for (let attempt = 0; ; attempt++) {
      const { max } = (await repo
        .createQueryBuilder('v')
        .select('COALESCE(MAX(v.version_no), 0)', 'max')
        .where('v.activity_id = :activityId', { activityId })
        .getRawOne<{ max: number }>()) ?? { max: 0 };
      const row = Object.assign(new SummaryVersionEntity(), {
        id,
        activityId,
        versionNo: Number(max) + 1,
        document,
        findings,
        metrics: summaryRates(document.effectiveness.quantitative),
        contentHash: contentHash(document),
        submitted: false,
        createdBy: actor.userId,
      });
      try {
        await repo.insert(row);
        return row;
      } catch (err) {
        // Two submissions raced for the same number: take the next one.
        const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
        if (code !== UNIQUE_VIOLATION || attempt >= 3) throw err;
      }
    }
  }
}

function toView(row: SummaryVersionEntity, withDocument = false): SummaryVersionView {
  return {
    id: row.id,
    activityId: row.activityId,
    versionNo: row.versionNo,
    contentHash: row.contentHash,
    submitted: row.submitted,
    findings: row.findings,
    metrics: row.metrics,
    createdBy: row.createdBy,
    createdAt: (row.createdAt ?? new Date()).toISOString(),
    ...(withDocument ? { document: row.document } : {}),
  };
}
