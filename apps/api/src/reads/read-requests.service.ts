import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import {
  approverSteps,
  describeStep,
  newReadRequestState,
  READ_DAYS_DEFAULT,
  REMIND_AFTER_WORKING_DAYS,
  STATUS_ZH,
  type ApproverStep,
  type DecisionRecord,
  type ReadRequestInput,
  type ReadRequestKind,
  type ReadRequestState,
  type ReadRequestStatus,
  type StoredLetter,
} from '../../../../workflows/read-request-rules.js';
import { departmentNameZh, upsertReadRequestRow } from '../../../../libs/reads/read-request-row.js';
import { ActivityLookup } from '../activities/activity-lookup.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { storedName } from '../attachments/download-headers.js';
import { CONTENT_TYPES, sniff } from '../attachments/sniff.js';
import { forbidden } from '../auth/auth-errors.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import type { CreateExternalReadRequestDto, CreateReadRequestDto, ReadDecisionDto, ReadRequestsQuery } from './dto/read-request.dto.js';
import type { ReadRequestPage, ReadRequestView } from './dto/read-request-view.dto.js';
import { READS_EVERY_SUMMARY, ReadAccessService } from './read-access.service.js';
import { ReadRequestClient, ReadRequestClosedError, ReadRequestRefusedError } from './read-request.client.js';

interface Row {
  id: string;
  kind: ReadRequestKind;
  activity_id: string;
  activity_name: string | null;
  requester_id: string;
  requester_name: string | null;
  reader_id: string;
  reader_name: string | null;
  organisation: string | null;
  purpose: string;
  content: string;
  days: number;
  letter: StoredLetter | null;
  status: ReadRequestStatus;
  steps: ApproverStep[];
  current_step: number | null;
  approver_department: string | null;
  /** The current approver's department's Chinese name (joined). */
  approver_department_name: string | null;
  decisions: DecisionRecord[];
  reminders: Array<{ step: number; at: string }>;
  grant_id: string | null;
  granted_at: Date | null;
  expires_at: Date | null;
  view_only: boolean;
  closed_at: Date | null;
  created_at: Date;
  total?: string;
}

/** Letters are scans or PDFs. */
export const LETTER_TYPES: readonly string[] = [CONTENT_TYPES.pdf, CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.webp];

const SELECT = `SELECT r.*, a.name AS activity_name, rq.display_name AS requester_name, rd.display_name AS reader_name,
                       ad.name_zh AS approver_department_name
                  FROM read_requests r
                  LEFT JOIN activities a ON a.id = r.activity_id
                  LEFT JOIN users rq ON rq.id = r.requester_id
                  LEFT JOIN users rd ON rd.id = r.reader_id
                  LEFT JOIN departments ad ON ad.code = r.approver_department`;

/** Roles that see every read request (oversight, the archive, the external flow's approver). */
const SEES_EVERY_REQUEST: readonly Role[] = [...READS_EVERY_SUMMARY, 'secretary_general'];

function refused(code: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.READ_REQUEST_REFUSED, message, messageZh, [{ code, message, messageZh }]);
}

/**
 * read requests: filed here, decided by their workflow (an update answers the new state),
 * listed from the projection. Each check the workflow makes is made first here on the projection,
 * so a refusal answers without a round trip; the workflow's validator stays the authority.
 */
@Injectable()
export class ReadRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivityLookup,
    private readonly access: ReadAccessService,
    private readonly client: ReadRequestClient,
    private readonly store: AttachmentStore,
  ) {}

  async createInternal(actor: Actor, dto: CreateReadRequestDto): Promise<ReadRequestView> {
    const activity = await this.activities.findOr404(dto.activityId);
    if (await this.access.readsByRole(actor, activity)) {
      throw refused('ALREADY_READABLE', 'You may already read this summary: no request is needed', '您已有权查阅该活动总结,无需申请');
    }
    await this.assertNoOpenRequest(actor.userId, activity.id);
    return this.file({
      kind: 'internal',
      activityId: activity.id,
      leadDepartment: activity.leadDepartment,
      requester: actor,
      reader: actor,
      organisation: null,
      purpose: dto.purpose,
      content: dto.content,
      days: dto.days ?? READ_DAYS_DEFAULT,
      letter: null,
    });
  }

  async createExternal(actor: Actor, dto: CreateExternalReadRequestDto, file: Express.Multer.File | undefined): Promise<ReadRequestView> {
    const activity = await this.activities.findOr404(dto.activityId);
    const [reader] = (await this.dataSource.query(`SELECT id, role, active, display_name FROM users WHERE id = $1`, [
      dto.readerUserId,
    ])) as Array<{
      id: string;
      role: Role;
      active: boolean;
      display_name: string;
    }>;
    if (!reader || reader.role !== 'external' || !reader.active) {
      const message = 'readerUserId must name an active account of an outside body (role external)';
      const messageZh = 'readerUserId 必须是有效的外部单位账号';
      throw new ApiError(ErrorCode.VALIDATION_FAILED, message, messageZh, [
        { field: 'readerUserId', code: 'notExternalUser', message, messageZh },
      ]);
    }
    if (!file) {
      const message = 'The official letter (multipart field "letter") is required';
      const messageZh = '缺少公函(multipart 字段 letter)';
      throw new ApiError(ErrorCode.VALIDATION_FAILED, message, messageZh, [{ field: 'letter', code: 'isDefined', message, messageZh }]);
    }
    const sniffed = sniff(file.buffer);
    if (!sniffed.contentType || !LETTER_TYPES.includes(sniffed.contentType)) {
      const message = 'The official letter must be a PDF or an image (JPEG, PNG, WebP)';
      const messageZh = '公函须为 PDF 或图片(JPEG、PNG、WebP)';
      throw new ApiError(ErrorCode.VALIDATION_FAILED, message, messageZh, [
        { field: 'letter', code: 'unsupportedType', message, messageZh },
      ]);
    }
    await this.assertNoOpenRequest(reader.id, activity.id);
    const requestId = randomUUID();
    const { storageKey, sha256 } = await this.store.write(activity.id, `read-letter-${requestId}`, file.buffer);
    return this.file(
      {
        kind: 'external',
        activityId: activity.id,
        leadDepartment: activity.leadDepartment,
        requester: actor,
        reader: { userId: reader.id, role: 'external', department: null, displayName: reader.display_name },
        organisation: dto.organisation,
        purpose: dto.purpose,
        content: dto.content,
        days: dto.days ?? READ_DAYS_DEFAULT,
        letter: {
          storageKey,
          sha256,
          contentType: sniffed.contentType,
          size: file.size,
          originalName: storedName(file.originalname, sniffed.contentType),
        },
      },
      requestId,
    );
  }

  async decide(actor: Actor, id: string, dto: ReadDecisionDto): Promise<ReadRequestView> {
    const row = await this.findOr404(id);
    if (row.status !== 'pending' || row.current_step === null) throw closed(row);
    const step = row.steps[row.current_step]!;
    const own = actor.userId === row.requester_id || actor.userId === row.reader_id;
    if (own || actor.role !== step.role || (step.department !== null && actor.department !== step.department)) {
      throw forbiddenApprover(describeStep(step, row.approver_department_name), own);
    }
    let state: ReadRequestState;
    try {
      state = await this.client.decide(id, { decisionId: randomUUID(), actor, decision: dto.decision, comment: dto.comment ?? '' });
    } catch (err) {
      if (err instanceof ReadRequestClosedError) throw closed({ ...row, status: (await this.findOr404(id)).status });
      if (err instanceof ReadRequestRefusedError) {
        if (err.refusal.code === 'CLOSED') throw refused('CLOSED', err.refusal.message, err.refusal.messageZh);
        throw new ApiError(ErrorCode.FORBIDDEN, err.refusal.message, err.refusal.messageZh, [
          { code: 'WRONG_APPROVER', message: err.refusal.message, messageZh: err.refusal.messageZh },
        ]);
      }
      throw err;
    }
    const next = state.currentStep === null ? null : state.steps[state.currentStep]!;
    const department = next?.department ?? null;
    return toView({
      ...row,
      status: state.status,
      current_step: state.currentStep,
      approver_department: department,
      approver_department_name:
        department === row.approver_department ? row.approver_department_name : await departmentNameZh(this.dataSource, department),
      decisions: state.decisions,
      reminders: state.reminders,
      grant_id: state.grant?.id ?? null,
      granted_at: state.grant ? new Date(state.grant.grantedAt) : null,
      expires_at: state.grant ? new Date(state.grant.expiresAt) : null,
      view_only: state.grant?.viewOnly ?? false,
      closed_at: state.closedAt ? new Date(state.closedAt) : null,
    });
  }

  /** The caller's own requests (as requester or reader) and those waiting for their decision, newest first. */
  async list(actor: Actor, q: ReadRequestsQuery): Promise<ReadRequestPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const me = param(actor.userId);
    const mine = `(r.requester_id = ${me} OR r.reader_id = ${me})`;
    const waiting = () =>
      `(r.status = 'pending' AND r.approver_role = ${param(actor.role)}
        AND (r.approver_department IS NULL OR r.approver_department = ${param(actor.department ?? '')})
        AND r.requester_id <> ${me} AND r.reader_id <> ${me})`;
    let where = q.scope === 'mine' ? mine : q.scope === 'waiting' ? waiting() : `(${mine} OR ${waiting()})`;
    if (q.status) where += ` AND r.status = ${param(q.status)}`;
    params.push(pageSize, (page - 1) * pageSize);
    const rows = (await this.dataSource.query(
      `SELECT x.*, count(*) OVER () AS total FROM (${SELECT} WHERE ${where}) x
        ORDER BY x.created_at DESC, x.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as Row[];
    const total = rows[0]
      ? Number(rows[0].total)
      : Number(
          (
            (await this.dataSource.query(`SELECT count(*) AS n FROM read_requests r WHERE ${where}`, params.slice(0, -2))) as Array<{
              n: string;
            }>
          )[0]?.n ?? 0,
        );
    return { items: rows.map(toView), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<ReadRequestView> {
    const row = await this.findOr404(id);
    if (!this.sees(actor, row)) throw notYours(id);
    return toView(row);
  }

  /** The official letter's bytes, for those who see the request (never its reader). */
  async letter(actor: Actor, id: string): Promise<{ bytes: Buffer; letter: StoredLetter }> {
    const row = await this.findOr404(id);
    if (!this.sees(actor, row) || actor.userId === row.reader_id) throw notYours(id);
    if (!row.letter) throw new ApiError(ErrorCode.NOT_FOUND, `Read request ${id} has no letter`, `查阅申请 ${id} 没有公函`);
    const bytes = await this.store.read(row.letter.storageKey);
    if (!bytes) throw new ApiError(ErrorCode.NOT_FOUND, `The letter of read request ${id} is missing`, `查阅申请 ${id} 的公函文件已丢失`);
    return { bytes, letter: row.letter };
  }

  private sees(actor: Actor, row: Row): boolean {
    if (SEES_EVERY_REQUEST.includes(actor.role)) return true;
    if (actor.userId === row.requester_id || actor.userId === row.reader_id) return true;
    return row.steps.some((s) => s.role === actor.role && (s.department === null || s.department === actor.department));
  }

  private async findOr404(id: string): Promise<Row> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE r.id = $1`, [id])) as Row[];
    if (!row) throw notFound(id);
    return row;
  }

  private async assertNoOpenRequest(readerId: string, activityId: string): Promise<void> {
    const [open] = (await this.dataSource.query(
      `SELECT id, status FROM read_requests
        WHERE reader_id = $1 AND activity_id = $2 AND (status = 'pending' OR (status = 'granted' AND expires_at > now())) LIMIT 1`,
      [readerId, activityId],
    )) as Array<{ id: string; status: ReadRequestStatus }>;
    if (open) {
      throw refused(
        'ALREADY_REQUESTED',
        `Read request ${open.id} for this summary is already ${open.status}`,
        `该活动总结已有${STATUS_ZH[open.status]}的查阅申请 ${open.id}`,
      );
    }
  }

  /**
   * Starts the workflow (which projects the full row itself), then writes the row's first state the
   * same way, so that the answer and lists agree at once.
   */
  private async file(
    fields: Omit<ReadRequestInput, 'requestId' | 'steps' | 'filedAt' | 'remindAfterWorkingDays'>,
    requestId: string = randomUUID(),
  ): Promise<ReadRequestView> {
    const input: ReadRequestInput = {
      ...fields,
      requestId,
      steps: approverSteps(fields.kind, fields.requester),
      filedAt: new Date().toISOString(),
      remindAfterWorkingDays: REMIND_AFTER_WORKING_DAYS,
    };
    await this.client.start(input);
    await upsertReadRequestRow(this.dataSource, input, newReadRequestState(input));
    return toView(await this.findOr404(input.requestId));
  }
}

function notFound(id: string): ApiError {
  return new ApiError(ErrorCode.NOT_FOUND, `Read request ${id} not found`, `未找到查阅申请 ${id}`);
}

function notYours(id: string): ApiError {
  return forbidden(
    'notYourRequest',
    `Read request ${id} is neither yours nor waiting for your role`,
    `查阅申请 ${id} 不是您的申请,也不由您审批`,
  );
}

function closed(row: Pick<Row, 'id' | 'status'>): ApiError {
  return refused(
    'CLOSED',
    `Read request ${row.id} is closed (${row.status})`,
    `查阅申请 ${row.id} 已办结(${STATUS_ZH[row.status]}),不能再审批`,
  );
}

function forbiddenApprover(who: { en: string; zh: string }, own: boolean): ApiError {
  const err = forbidden(
    'WRONG_APPROVER',
    `This read request waits for ${who.en}${own ? '; nobody approves their own request' : ''}`,
    `该查阅申请当前应由${who.zh}审批${own ? ',申请人不能审批自己的申请' : ''}`,
  );
  return err;
}

function toView(r: Row): ReadRequestView {
  const step = r.status === 'pending' && r.current_step !== null ? r.steps[r.current_step] : undefined;
  const departmentName = step?.department && step.department === r.approver_department ? r.approver_department_name : null;
  const who = step ? describeStep(step, departmentName) : null;
  return {
    id: r.id,
    kind: r.kind,
    activityId: r.activity_id,
    activityName: r.activity_name,
    requester: { userId: r.requester_id, displayName: r.requester_name },
    reader: { userId: r.reader_id, displayName: r.reader_name },
    organisation: r.organisation,
    purpose: r.purpose,
    content: r.content,
    days: r.days,
    status: r.status,
    statusZh: STATUS_ZH[r.status],
    steps: r.steps,
    currentStep: r.status === 'pending' ? r.current_step : null,
    waitingFor:
      step && who ? { role: step.role, department: step.department, departmentName, description: who.en, descriptionZh: who.zh } : null,
    decisions: r.decisions,
    reminders: r.reminders,
    grant:
      r.grant_id && r.granted_at && r.expires_at
        ? {
            id: r.grant_id,
            grantedAt: r.granted_at.toISOString(),
            expiresAt: r.expires_at.toISOString(),
            viewOnly: r.view_only,
            live: r.status === 'granted' && r.expires_at.getTime() > Date.now(),
          }
        : null,
    letter: r.letter
      ? { contentType: r.letter.contentType, size: r.letter.size, sha256: r.letter.sha256, originalName: r.letter.originalName }
      : null,
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}
