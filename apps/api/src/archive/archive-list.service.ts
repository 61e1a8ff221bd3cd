import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ActivityType } from '../../../../libs/domain/activity.js';
import type { ArchiveRecord } from '../../../../libs/domain/lifecycle.js';
import type { ArchiveListItem, ArchiveListPage, ArchiveListQuery } from './dto/archive-list.dto.js';

interface Row {
  activity_id: string;
  name: string;
  type: ActivityType;
  lead_department: string;
  end_at: Date;
  stage: string;
  folder: string;
  electronic_name: string;
  paper_label: string;
  stored: boolean;
  copies: ArchiveRecord[] | null;
  paper: { stamped: boolean; bound: boolean; attachments_included: boolean } | null;
  total: string;
}

/**
 * 档案: the archive records (archive_records) with their activities; the confirmed copies come from
 * the lifecycle the workflow last projected (activities.lifecycle), so listing asks no workflow.
 */
@Injectable()
export class ArchiveListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: ArchiveListQuery): Promise<ArchiveListPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.year !== undefined) {
      params.push(q.year);
      where.push(`extract(year FROM a.end_at AT TIME ZONE 'Asia/Shanghai') = $${params.length}`);
    }
    if (q.type) {
      params.push(q.type);
      where.push(`a.type = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    params.push(pageSize, (page - 1) * pageSize);
    const rows = (await this.dataSource.query(
      `SELECT r.activity_id, a.name, a.type, a.lead_department, a.end_at, a.stage, r.folder, r.electronic_name, r.paper_label,
              r.stored_at IS NOT NULL AS stored, a.lifecycle -> 'archive' AS copies,
              CASE WHEN p.activity_id IS NULL THEN NULL
                   ELSE json_build_object('stamped', p.stamped, 'bound', p.bound, 'attachments_included', p.attachments_included)
              END AS paper,
              count(*) OVER () AS total
         FROM archive_records r
         JOIN activities a ON a.id = r.activity_id
         LEFT JOIN archive_paper_details p ON p.activity_id = r.activity_id
        ${filter}
        ORDER BY a.end_at DESC, a.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as Row[];
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const [n] = (await this.dataSource.query(
        `SELECT count(*) AS n FROM archive_records r JOIN activities a ON a.id = r.activity_id ${filter}`,
        params.slice(0, -2),
      )) as Array<{ n: string }>;
      total = Number(n?.n ?? 0);
    }
    return { items: rows.map(toItem), total, page, pageSize };
  }
}

function toItem(r: Row): ArchiveListItem {
  return {
    activityId: r.activity_id,
    name: r.name,
    type: r.type,
    leadDepartment: r.lead_department,
    endAt: r.end_at.toISOString(),
    stage: r.stage,
    folder: r.folder,
    electronicName: r.electronic_name,
    paperLabel: r.paper_label,
    stored: r.stored,
    copies: (r.copies ?? []).map((c) => ({
      medium: c.medium,
      location: c.location,
      confirmedBy: c.by.userId,
      confirmedAt: c.at,
      ...(c.medium === 'paper' && r.paper
        ? { stamped: r.paper.stamped, bound: r.paper.bound, attachmentsIncluded: r.paper.attachments_included }
        : {}),
    })),
  };
}
