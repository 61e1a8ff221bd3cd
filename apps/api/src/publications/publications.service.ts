import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ARCHIVED_STAGES } from '../../../../activities/archive.activities.js';
import { findFinalVersion } from '../../../../libs/archive/final-version.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import {
  buildPublication,
  PUBLICATION_KIND_LABELS_ZH,
  PUBLICATION_STATUS_LABELS_ZH,
  publicationText,
  type PublicationContent,
  type PublicationKind,
  type PublicationStatus,
} from '../../../../libs/publications/index.js';
import type { SummaryDocument } from '../../../../libs/summary/document.js';
import { LifecycleClient } from '../activities/lifecycle.client.js';
import { forbidden } from '../auth/auth-errors.js';
import { assertCanActForDepartment, isDepartmentScoped } from '../auth/policy.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import type { PublicationsQuery } from './dto/publication.dto.js';
import type { PublicationPage, PublicationView } from './dto/publication-view.dto.js';

interface Row {
  id: string;
  activity_id: string;
  activity_name: string;
  lead_department: string;
  kind: PublicationKind;
  version_id: string;
  version_no: number;
  content: PublicationContent;
  status: PublicationStatus;
  created_by: string;
  created_by_name: string | null;
  created_at: Date;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  total?: string;
}

const SELECT = `SELECT p.*, a.name AS activity_name, a.lead_department, v.version_no,
                       cu.display_name AS created_by_name, au.display_name AS approved_by_name
                  FROM publications p
                  JOIN activities a ON a.id = p.activity_id
                  JOIN summary_versions v ON v.id = p.version_id
                  LEFT JOIN users cu ON cu.id = p.created_by
                  LEFT JOIN users au ON au.id = p.approved_by`;

/**
 * desensitized publications. Who does what (SPEC §1 leaves it open; decided here):
 *  - generating a draft is the lead department's work (its staff and head) or admin's;
 *  - approving — what makes it published — is admin's alone;
 *  - a published one is read by every internal role; a draft only by admin and the lead department.
 */
@Injectable()
export class PublicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleClient,
  ) {}

  /** A draft built from the final version; 409 before the final version is formed or when this one exists already. */
  async generate(actor: Actor, activity: ActivityEntity, kind: PublicationKind): Promise<PublicationView> {
    assertCanActForDepartment(actor, activity.leadDepartment);
    const stage = (await this.lifecycle.stateForPrecheck(activity.workflowId))?.stage ?? activity.stage;
    const final = ARCHIVED_STAGES.includes(stage) ? await findFinalVersion(this.dataSource, activity.id) : null;
    if (!final) {
      throw refused(
        'NO_FINAL_VERSION',
        `The final version is not formed yet (stage ${stage}): publications are built from it after the third-level approval`,
        `终稿尚未形成(当前阶段 ${stage}),会员摘要和公开简版须在终审通过后依据终稿生成`,
      );
    }
    const [version] = (await this.dataSource.query(`SELECT document FROM summary_versions WHERE id = $1`, [final.id])) as Array<{
      document: SummaryDocument;
    }>;
    const departmentNames = Object.fromEntries(
      ((await this.dataSource.query(`SELECT code, name_zh FROM departments`)) as Array<{ code: string; name_zh: string }>).map((d) => [
        d.code,
        d.name_zh,
      ]),
    );
    const content = buildPublication(kind, { document: version!.document, activity, departmentNames });
    const id = randomUUID();
    const inserted = (await this.dataSource.query(
      `INSERT INTO publications (id, activity_id, kind, version_id, content, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (activity_id, kind, version_id) DO NOTHING RETURNING id`,
      [id, activity.id, kind, final.id, JSON.stringify(content), actor.userId],
    )) as Array<{ id: string }>;
    if (!inserted.length) {
      const [existing] = (await this.dataSource.query(
        `SELECT id, status FROM publications WHERE activity_id = $1 AND kind = $2 AND version_id = $3`,
        [activity.id, kind, final.id],
      )) as Array<{ id: string; status: PublicationStatus }>;
      const status = existing?.status ?? 'draft';
      throw refused(
        'ALREADY_GENERATED',
        `The ${kind} of final version ${final.versionNo} exists already (${existing?.id}, ${status})`,
        `终稿第 ${final.versionNo} 版的${PUBLICATION_KIND_LABELS_ZH[kind]}已生成(${existing?.id},${PUBLICATION_STATUS_LABELS_ZH[status]})`,
      );
    }
    return toView(await this.findOr404(id));
  }

  /** Admin approves a draft: it is published from then on and never changes. */
  async approve(actor: Actor, id: string): Promise<PublicationView> {
    const row = await this.findOr404(id);
    const updated = (await this.dataSource.query(
      `UPDATE publications SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1 AND status = 'draft' RETURNING id`,
      [id, actor.userId],
    )) as [unknown[], number];
    // TypeORM answers an UPDATE as [rows, affected]; the WHERE makes a concurrent second approval affect none.
    if (updated[1] === 0) {
      throw refused(
        'ALREADY_APPROVED',
        `Publication ${id} was approved already (${row.approved_at?.toISOString() ?? ''})`,
        `该发布稿已于 ${row.approved_at?.toISOString() ?? ''} 审定发布,不能重复审定`,
      );
    }
    return toView(await this.findOr404(id));
  }

  async get(actor: Actor, id: string): Promise<PublicationView> {
    const row = await this.findOr404(id);
    if (row.status !== 'approved' && !seesDrafts(actor, row.lead_department)) {
      throw forbidden(
        'draftNotYours',
        `Publication ${id} is a draft: only admin and the lead department (${row.lead_department}) read it before it is approved`,
        `该发布稿尚未审定:审定前仅行政部和主办部门(${row.lead_department})可查看`,
      );
    }
    return toView(row);
  }

  /** Published ones for everyone inside; drafts too for admin, and the lead department's own for its staff and head. */
  async list(actor: Actor, q: PublicationsQuery): Promise<PublicationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (actor.role !== 'admin') {
      where.push(
        isDepartmentScoped(actor)
          ? `(p.status = 'approved' OR a.lead_department = ${param(actor.department ?? '')})`
          : `p.status = 'approved'`,
      );
    }
    if (q.status) where.push(`p.status = ${param(q.status)}`);
    if (q.kind) where.push(`p.kind = ${param(q.kind)}`);
    if (q.activityId) where.push(`p.activity_id = ${param(q.activityId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = param(pageSize);
    const offset = param((page - 1) * pageSize);
    const rows = (await this.dataSource.query(
      `SELECT x.*, count(*) OVER () AS total FROM (${SELECT} ${filter}) x ORDER BY x.created_at DESC, x.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as Row[];
    const total = rows[0]
      ? Number(rows[0].total)
      : Number(
          (
            (await this.dataSource.query(
              `SELECT count(*) AS n FROM publications p JOIN activities a ON a.id = p.activity_id ${filter}`,
              params.slice(0, -2),
            )) as Array<{ n: string }>
          )[0]?.n ?? 0,
        );
    return { items: rows.map(toView), total, page, pageSize };
  }

  private async findOr404(id: string): Promise<Row> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE p.id = $1`, [id])) as Row[];
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Publication ${id} not found`, `未找到发布稿 ${id}`);
    return row;
  }
}

/** Drafts: admin, and the lead department's staff and head. */
function seesDrafts(actor: Actor, leadDepartment: string): boolean {
  return actor.role === 'admin' || (isDepartmentScoped(actor) && actor.department === leadDepartment);
}

function refused(code: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.PUBLICATION_REFUSED, message, messageZh, [{ code, message, messageZh }]);
}

function toView(r: Row): PublicationView {
  return {
    id: r.id,
    activityId: r.activity_id,
    activityName: r.activity_name,
    leadDepartment: r.lead_department,
    kind: r.kind,
    kindZh: PUBLICATION_KIND_LABELS_ZH[r.kind],
    versionId: r.version_id,
    versionNo: r.version_no,
    status: r.status,
    statusZh: PUBLICATION_STATUS_LABELS_ZH[r.status],
    published: r.status === 'approved',
    content: r.content,
    text: publicationText(r.content),
    createdBy: { userId: r.created_by, displayName: r.created_by_name },
    createdAt: r.created_at.toISOString(),
    approvedBy: r.approved_by ? { userId: r.approved_by, displayName: r.approved_by_name } : null,
    approvedAt: r.approved_at?.toISOString() ?? null,
  };
}
