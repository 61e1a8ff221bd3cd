import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { renderSampleDocx } from '../../../../libs/supervision/docx.js';
import type {
  ArchiveCompleteness,
  SampleItem,
  SampleReport,
  SampleSummary,
  SignatureCheck,
  SuggestionRecord,
  TimelineEventView,
  TimelineView,
} from '../../../../libs/supervision/report.js';
import { drawSample, newSeed } from '../../../../libs/supervision/sample.js';
import { buildTimeline, deadlinesOf } from '../../../../libs/supervision/timeline.js';
import { LifecycleClient } from '../activities/lifecycle.client.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import { APP_CONFIG } from '../tokens.js';
import type { CreateSampleDto } from './dto/supervision.dto.js';

interface SampleRow {
  id: string;
  period_from: string;
  period_to: string;
  size: number;
  seed: string;
  population: number;
  activity_ids: string[];
  created_by: string;
  created_by_role: string;
  created_at: Date;
}

/** R-17 the supervisor's evidence: timelines from workflow history, random samples and their export. */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
    private readonly signatures: SignaturesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The evidence timeline of one activity, from every run of its lifecycle's history, with the reviews' signatures checked. */
  async timeline(activity: ActivityEntity): Promise<TimelineView> {
    const runs = await this.lifecycle.historyChain(activity.workflowId);
    if (!runs) {
      return {
        activityId: activity.id,
        workflowId: activity.workflowId,
        historyAvailable: false,
        runs: 0,
        events: [],
        deadlines: deadlinesOf(activity.lifecycle),
      };
    }
    const t = buildTimeline(runs);
    const events: TimelineEventView[] = t.events.map((e) => ({ ...e }));
    await this.withSignatures(events);
    await this.withNames(events, activity);
    return {
      activityId: activity.id,
      workflowId: activity.workflowId,
      historyAvailable: true,
      runs: runs.length,
      events,
      deadlines: t.deadlines,
    };
  }

  /** Each review's stored signature (found by the review's request id), verified like GET …/signatures does. */
  private async withSignatures(events: TimelineEventView[]): Promise<void> {
    const reviews = events.filter((e) => e.kind === 'reviewed' || e.kind === 'returned');
    if (!reviews.length) return;
    const rows = (await this.dataSource.query(`SELECT id, version_id, request_id FROM reviews WHERE request_id = ANY($1)`, [
      reviews.map((e) => e.requestId).filter((r): r is string => !!r),
    ])) as Array<{ id: string; version_id: string; request_id: string }>;
    const byRequest = new Map(rows.map((r) => [r.request_id, r]));
    const verified = new Map<string, Awaited<ReturnType<SignaturesService['forVersion']>>>();
    for (const r of rows) if (!verified.has(r.version_id)) verified.set(r.version_id, await this.signatures.forVersion(r.version_id));
    for (const e of reviews) {
      const row = e.requestId ? byRequest.get(e.requestId) : undefined;
      const sig = row ? verified.get(row.version_id)?.find((s) => s.reviewId === row.id) : undefined;
      e.signature = sig
        ? ({
            signatureId: sig.id,
            signerName: sig.signer.name,
            signedAt: sig.signedAt,
            keyId: sig.keyId,
            valid: sig.valid,
            problems: sig.problems,
          } satisfies SignatureCheck)
        : null;
    }
  }

  /** Display names of the senders (users the service knows); the registration's sender from the activity row. */
  private async withNames(events: TimelineEventView[], activity: ActivityEntity): Promise<void> {
    const registered = events.find((e) => e.kind === 'registered');
    const ids = [...new Set([...events.map((e) => e.actor?.userId), activity.createdBy].filter((id): id is string => !!id && isUuid(id)))];
    if (!ids.length) return;
    const users = (await this.dataSource.query(
      `SELECT id::text, display_name, role, department_code AS department FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ id: string; display_name: string; role: Actor['role']; department: string | null }>;
    const byId = new Map(users.map((u) => [u.id, u]));
    // The registration is not a workflow message: its sender is the activity row's creator.
    const creator = activity.createdBy ? byId.get(activity.createdBy) : undefined;
    if (registered && creator) registered.actor = { userId: creator.id, role: creator.role, department: creator.department };
    for (const e of events) {
      const u = e.actor && byId.get(e.actor.userId);
      if (u && e.actor) e.actor = { ...e.actor, displayName: u.display_name };
    }
  }

  /** Draws and stores a sample of the activities that ended in [from, to] (Asia/Shanghai days) and have ended by now. */
  async createSample(dto: CreateSampleDto, actor: Actor): Promise<SampleSummary> {
    if (dto.from > dto.to) {
      const message = '`to` must not be before `from`';
      throw new ApiError(ErrorCode.VALIDATION_FAILED, message, '结束日期不能早于开始日期', [
        { field: 'to', code: 'periodOrder', message, messageZh: '结束日期不能早于开始日期' },
      ]);
    }
    const candidates = (await this.dataSource.query(
      `SELECT id FROM activities
        WHERE end_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND end_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND end_at <= now()`,
      [dto.from, dto.to],
    )) as Array<{ id: string }>;
    const seed = dto.seed ?? newSeed();
    const drawn = drawSample(
      candidates.map((c) => c.id),
      dto.size,
      seed,
    );
    const id = randomUUID();
    const [row] = (await this.dataSource.query(
      `INSERT INTO supervision_samples (id, period_from, period_to, size, seed, population, activity_ids, created_by, created_by_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9) RETURNING *, period_from::text AS period_from, period_to::text AS period_to`,
      [id, dto.from, dto.to, dto.size, seed, candidates.length, drawn, actor.userId, actor.role],
    )) as SampleRow[];
    return summary(row!);
  }

  async sample(id: string): Promise<SampleReport> {
    const [row] = (await this.dataSource.query(
      `SELECT *, period_from::text AS period_from, period_to::text AS period_to FROM supervision_samples WHERE id = $1`,
      [id],
    )) as SampleRow[];
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Sample ${id} not found`, `未找到抽查记录 ${id}`);
    const activities = await this.dataSource
      .getRepository(ActivityEntity)
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids)', { ids: row.activity_ids })
      .getMany();
    const byId = new Map(activities.map((a) => [a.id, a]));
    const names = await this.departmentNames(activities.map((a) => a.leadDepartment));
    const items: SampleItem[] = [];
    // In the order drawn; an activity deleted since (cascade) is left out.
    for (const activityId of row.activity_ids) {
      const a = byId.get(activityId);
      if (!a) continue;
      items.push({
        activity: {
          id: a.id,
          name: a.name,
          type: a.type,
          leadDepartment: a.leadDepartment,
          leadDepartmentName: names.get(a.leadDepartment) ?? a.leadDepartment,
          endAt: a.endAt.toISOString(),
          stage: a.stage,
        },
        timeline: await this.timeline(a),
        archive: await this.archiveCompleteness(a),
        suggestions: await this.suggestions(a.id),
      });
    }
    return { ...summary(row), items };
  }

  async sampleDocx(id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const report = await this.sample(id);
    const bytes = await renderSampleDocx(report, this.config.document.associationName);
    return { bytes, fileName: `监督抽查报告-${report.from}至${report.to}-${report.id.slice(0, 8)}.docx` };
  }

  private async departmentNames(codes: string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(`SELECT code, name_zh FROM departments WHERE code = ANY($1)`, [
      [...new Set(codes)],
    ])) as Array<{
      code: string;
      name_zh: string;
    }>;
    return new Map(rows.map((r) => [r.code, r.name_zh]));
  }

  /** Both copies confirmed in the lifecycle and the final DOCX stored in the archive folder. */
  private async archiveCompleteness(a: ActivityEntity): Promise<ArchiveCompleteness> {
    const copies = a.lifecycle?.archive ?? [];
    const paper = copies.find((c) => c.medium === 'paper')?.at ?? null;
    const electronic = copies.find((c) => c.medium === 'electronic')?.at ?? null;
    const [rec] = (await this.dataSource.query(`SELECT stored_at, sha256 FROM archive_records WHERE activity_id = $1`, [a.id])) as Array<{
      stored_at: Date | null;
      sha256: string | null;
    }>;
    const storedAt = rec?.stored_at ? rec.stored_at.toISOString() : null;
    return {
      complete: !!paper && !!electronic && !!storedAt,
      paperConfirmedAt: paper,
      electronicConfirmedAt: electronic,
      storedAt,
      sha256: rec?.sha256 ?? null,
    };
  }

  /** The activity's suggestions with every status change, oldest first. */
  private async suggestions(activityId: string): Promise<SuggestionRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.measure, s.responsible_department, s.due_date::text AS due_date, s.status, s.status_reason,
              coalesce(json_agg(json_build_object('at', u.at, 'actorUserId', u.actor_user_id, 'actorRole', u.actor_role,
                'fromStatus', u.from_status, 'toStatus', u.to_status, 'note', u.note) ORDER BY u.at, u.id)
                FILTER (WHERE u.id IS NOT NULL), '[]') AS updates
         FROM suggestions s LEFT JOIN suggestion_updates u ON u.suggestion_id = s.id
        WHERE s.activity_id = $1 GROUP BY s.id ORDER BY s.position`,
      [activityId],
    )) as Array<{
      id: string;
      measure: string;
      responsible_department: string;
      due_date: string;
      status: SuggestionRecord['status'];
      status_reason: string | null;
      updates: Array<SuggestionRecord['updates'][number]>;
    }>;
    return rows.map((r) => ({
      id: r.id,
      measure: r.measure,
      responsibleDepartment: r.responsible_department,
      dueDate: r.due_date,
      status: r.status,
      statusReason: r.status_reason,
      updates: r.updates.map((u) => ({ ...u, at: new Date(u.at).toISOString() })),
    }));
  }
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function summary(r: SampleRow): SampleSummary {
  return {
    id: r.id,
    from: r.period_from,
    to: r.period_to,
    size: r.size,
    seed: r.seed,
    population: r.population,
    activityIds: r.activity_ids,
    createdBy: r.created_by,
    createdByRole: r.created_by_role,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
