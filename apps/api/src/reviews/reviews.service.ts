import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { ReviewCommentEntity, ReviewEntity } from '../../../../libs/db/entities/review.entity.js';
import { SignatureEntity } from '../../../../libs/db/entities/signature.entity.js';
import { SummaryVersionEntity } from '../../../../libs/db/entities/summary-version.entity.js';
import type { LifecycleState, RecordSpecialMeeting, ReviewComment, SubmitReview } from '../../../../libs/domain/lifecycle.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import type { Finding } from '../../../../libs/summary/index.js';
import { recordSpecialMeetingUpdate, reviewUpdate } from '../../../../workflows/definitions.js';
import { envelope } from '../activities/lifecycle-messages.controller.js';
import { LifecycleClient, LifecycleRefusedError, refusalError } from '../activities/lifecycle.client.js';
import { ApiError, ErrorCode, type ErrorDetail } from '../common/api-error.js';
import { SignaturesService, toView as signatureView } from '../signatures/signatures.service.js';
import type { RecordSpecialMeetingDto } from '../activities/dto/lifecycle-messages.dto.js';
import type { SubmitReviewDto } from './dto/review.dto.js';
import type { ReviewResult, ReviewView, SpecialMeetingResult } from './dto/review-view.dto.js';

/**
 * R-8 reviews bound to the exact version read: the lifecycle decides first (stage, level, role,
 * four eyes, stale version — the API asks the workflow's machine before it writes anything);
 * then the review, its comments and the reviewer's signature (R-6.4) are written in one
 * transaction, keyed by the request id so a retried request — or the worker's projection of the
 * same review — finds its row.
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
    private readonly signatures: SignaturesService,
  ) {}

  async review(activity: ActivityEntity, dto: SubmitReviewDto, actor: Actor, idempotencyKey?: string): Promise<ReviewResult> {
    const state = await this.lifecycle.stateForPrecheck(activity.workflowId);
    const latest = await this.submittedVersion(activity.id, state?.submissions.at(-1)?.versionId);
    const named = dto.versionId;
    if (named && named !== latest?.id) await this.assertVersionOf(activity.id, named);
    const comments: ReviewComment[] = dto.comments.map((c) => ({
      ...(c.module ? { module: c.module } : {}),
      ...(c.findingRule ? { findingRule: c.findingRule } : {}),
      ...(c.findingPath ? { findingPath: c.findingPath } : {}),
      text: c.text,
    }));
    const base = envelope(actor, idempotencyKey);
    // A retry of a review the lifecycle already took (same request id) is about the version it took.
    const taken = state?.reviews.find((r) => r.requestId === base.requestId);
    const reviewed = named ?? taken?.versionId ?? latest?.id;
    const message: SubmitReview = { ...base, level: dto.level, decision: dto.decision, comments };
    if (reviewed) message.versionId = reviewed;

    let version: SummaryVersionEntity;
    let lifecycle: LifecycleState;
    try {
      // Who, when and which version (four eyes, stale version) as the workflow decides it; the
      // workflow itself answers a retry of a review it took.
      if (state && !taken) this.lifecycle.assertAllowed(state, activity, { name: 'review', body: message });
      if (!latest || !reviewed) {
        throw new ApiError(ErrorCode.MESSAGE_REFUSED, 'No summary version has been submitted for review', '尚无已提交待审的总结版本', [
          { field: 'stage', code: 'NOTHING_TO_REVIEW', message: 'submit a summary first', messageZh: '请先提交活动总结' },
        ]);
      }
      const versions = this.dataSource.getRepository(SummaryVersionEntity);
      version = reviewed === latest.id ? latest : await versions.findOneByOrFail({ activityId: activity.id, id: reviewed });
      assertCommentsMatchFindings(comments, version);
      lifecycle = await this.lifecycle.send(activity.workflowId, reviewUpdate, message);
    } catch (err) {
      throw await this.withVersionNumbers(err, activity.id, reviewed, state?.submissions.at(-1)?.versionId ?? latest?.id);
    }

    const reviewId = await this.dataSource.transaction(async (tx) => {
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(ReviewEntity)
        .values({
          id: randomUUID(),
          activityId: activity.id,
          versionId: version.id,
          level: dto.level,
          decision: dto.decision,
          reviewerId: actor.userId,
          reviewerRole: actor.role,
          requestId: message.requestId,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const newId = (inserted.raw as Array<{ id: string }>)[0]?.id;
      if (!newId) {
        // Already recorded: by an earlier attempt, or first by the worker's projection of the
        // lifecycle (activities/review-projection.ts), which does not sign. The reviewer signs here.
        const existing = await tx.findOneByOrFail(ReviewEntity, { requestId: message.requestId });
        if (existing.reviewerId === actor.userId) await this.signatures.sign(tx, version, `review_l${dto.level}`, actor, existing.id);
        return existing.id;
      }
      if (comments.length) {
        await tx.insert(
          ReviewCommentEntity,
          comments.map((c, position) => ({
            id: randomUUID(),
            reviewId: newId,
            position,
            module: c.module ?? null,
            findingRule: c.findingRule ?? null,
            findingPath: c.findingPath ?? null,
            text: c.text,
          })),
        );
      }
      await this.signatures.sign(tx, version, `review_l${dto.level}`, actor, newId);
      return newId;
    });
    const [review] = await this.list(activity.id, reviewId);
    return { activityId: activity.id, lifecycle, review: review! };
  }

  /**
   * R-10.2 the special meeting the VP chairs decides on the version under review (revise or
   * finalize); the lifecycle decides first, then the VP's signature binds the decision to it.
   */
  async recordSpecialMeeting(
    activity: ActivityEntity,
    dto: RecordSpecialMeetingDto,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<SpecialMeetingResult> {
    const message: RecordSpecialMeeting = { ...envelope(actor, idempotencyKey), ...dto };
    // The meeting day as the machine checks it (a real day from the activity's end to today): 400
    // before anything is signed. Other refusals are the workflow's to answer, as is a retry of a
    // meeting it already recorded (same request id), which only it can recognise.
    const state = await this.lifecycle.stateForPrecheck(activity.workflowId);
    const refusal = state ? this.lifecycle.refusal(state, activity, { name: 'recordSpecialMeeting', body: message }) : null;
    if (refusal?.code === 'INVALID' && refusal.field === 'date') throw refusalError(refusal);
    const lifecycle = await this.lifecycle.send(activity.workflowId, recordSpecialMeetingUpdate, message);
    const version = await this.submittedVersion(activity.id, lifecycle.submissions.at(-1)?.versionId);
    // Absent only when the summary reached the meeting by ops' signals, without the API's versions.
    const signature = version
      ? await this.dataSource.transaction((tx) => this.signatures.sign(tx, version, 'special_meeting', actor))
      : null;
    return { activityId: activity.id, lifecycle, signature };
  }

  /** Every review of the activity, oldest first, with its comments and signature (or just one). */
  async list(activityId: string, onlyId?: string): Promise<ReviewView[]> {
    const reviews = await this.dataSource.getRepository(ReviewEntity).find({
      where: { activityId, ...(onlyId ? { id: onlyId } : {}) },
      relations: { comments: true },
      order: { createdAt: 'ASC', comments: { position: 'ASC' } },
    });
    if (!reviews.length) return [];
    const ids = reviews.map((r) => r.id);
    const [signatures, versions] = await Promise.all([
      this.dataSource.getRepository(SignatureEntity).createQueryBuilder('s').where('s.review_id IN (:...ids)', { ids }).getMany(),
      this.dataSource.getRepository(SummaryVersionEntity).find({ where: { activityId }, select: { id: true, versionNo: true } }),
    ]);
    const versionNo = new Map(versions.map((v) => [v.id, v.versionNo]));
    const signatureOf = new Map(signatures.map((s) => [s.reviewId, s]));
    return reviews.map((r) => {
      const signature = signatureOf.get(r.id);
      return {
        id: r.id,
        activityId: r.activityId,
        versionId: r.versionId,
        versionNo: versionNo.get(r.versionId) ?? 0,
        level: Number(r.level) as 1 | 2 | 3,
        decision: r.decision,
        reviewer: { userId: r.reviewerId, role: r.reviewerRole },
        comments: r.comments.map((c) => ({ module: c.module, findingRule: c.findingRule, findingPath: c.findingPath, text: c.text })),
        signature: signature ? signatureView(signature) : null,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  /**
   * The version the lifecycle has under review: its last submission (the workflow is the source of
   * truth; the `submitted` flag only mirrors it). Without a workflow answer, the last version
   * marked submitted.
   */
  private async submittedVersion(activityId: string, lastSubmittedId: string | undefined): Promise<SummaryVersionEntity | null> {
    const repo = this.dataSource.getRepository(SummaryVersionEntity);
    if (lastSubmittedId) {
      const version = await repo.findOneBy({ activityId, id: lastSubmittedId });
      if (version) {
        // The flag missed the submission (its write failed after the lifecycle took it): repair it.
        if (!version.submitted) await repo.update({ id: version.id }, { submitted: true });
        return version;
      }
    }
    return repo.findOne({ where: { activityId, submitted: true }, order: { versionNo: 'DESC' } });
  }

  /** 404 for a version this activity does not have. */
  private async assertVersionOf(activityId: string, versionId: string): Promise<void> {
    const exists = await this.dataSource.getRepository(SummaryVersionEntity).existsBy({ activityId, id: versionId });
    if (!exists) {
      throw new ApiError(ErrorCode.NOT_FOUND, `Version ${versionId} not found`, `未找到总结版本 ${versionId}`, [
        { field: 'versionId', code: 'notFound', message: 'no such version of this activity', messageZh: '该活动没有此版本' },
      ]);
    }
  }

  /** A stale-version refusal names the version numbers people know rather than ids. */
  private async withVersionNumbers(
    err: unknown,
    activityId: string,
    reviewed: string | undefined,
    current: string | undefined,
  ): Promise<unknown> {
    if (!(err instanceof LifecycleRefusedError) || err.refusal.code !== 'STALE_VERSION' || !reviewed) return err;
    const rows = await this.dataSource
      .getRepository(SummaryVersionEntity)
      .find({ where: { activityId }, select: { id: true, versionNo: true } });
    const no = (id: string | undefined) => rows.find((r) => r.id === id)?.versionNo;
    const [mine, now] = [no(reviewed), no(current)];
    return new LifecycleRefusedError(
      err.refusal,
      err.code,
      `Version ${mine ?? reviewed} is not the version under review${now ? ` (version ${now} is)` : ''}`,
      `所审核的${mine ? `第 ${mine} 版` : '版本'}不是当前待审版本${now ? `(当前待审为第 ${now} 版)` : ''}`,
      err.details,
    );
  }
}

/** A comment on a finding must name one the version has (and that finding's module, if it names one). */
function assertCommentsMatchFindings(comments: ReviewComment[], version: SummaryVersionEntity): void {
  const details: ErrorDetail[] = [];
  comments.forEach((c, i) => {
    if (!c.findingRule) {
      if (c.findingPath)
        details.push({
          field: `comments.${i}.findingRule`,
          code: 'findingRuleRequired',
          message: 'findingPath needs the findingRule it belongs to',
          messageZh: '指定 findingPath 时必须同时指定 findingRule',
        });
      return;
    }
    const matches = (f: Finding) => f.rule === c.findingRule && (!c.findingPath || f.path === c.findingPath);
    const found = version.findings.filter(matches);
    if (!found.length) {
      details.push({
        field: `comments.${i}.${c.findingPath ? 'findingPath' : 'findingRule'}`,
        code: 'unknownFinding',
        message: `version ${version.versionNo} has no ${c.findingRule} finding${c.findingPath ? ` at ${c.findingPath}` : ''}`,
        messageZh: `第 ${version.versionNo} 版没有${c.findingPath ? `位于 ${c.findingPath} 的` : ''} ${c.findingRule} 检查结果`,
      });
    } else if (c.module && !found.some((f) => !f.module || f.module === c.module)) {
      details.push({
        field: `comments.${i}.module`,
        code: 'moduleMismatch',
        message: `the ${c.findingRule} finding is not about module ${c.module}`,
        messageZh: `该 ${c.findingRule} 检查结果不属于模块 ${c.module}`,
      });
    }
  });
  if (details.length)
    throw new ApiError(
      ErrorCode.VALIDATION_FAILED,
      'A comment refers to a finding the version does not have',
      '审核意见引用了该版本不存在的检查结果',
      details,
    );
}
