import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '../../../../libs/domain/roles.js';
import { containsPattern, countUpTo } from '../common/query.js';
import type { EscalationsQuery } from './notifications.dto.js';
import type { ChannelHealthList, ChannelResult, EscalationPage, EscalationRecipient } from './notification-views.dto.js';

/** Who may see recipients' user ids: the admin, who manages users; everyone else sees names and roles. */
const seesUserIds = (actor: Actor): boolean => actor.role === 'admin';

interface EscalationRow {
  id: string;
  activity_id: string;
  activity_name: string | null;
  lead_department: string;
  deadline_key: string;
  occurrence: number;
  kind: 'overdue' | 'reminder';
  recipients: string[];
  due_at: Date;
  fired_at: Date;
  resolved_at: Date | null;
}

interface DeliveryRow {
  escalation_id: string;
  recipient: string;
  user_id: string | null;
  display_name: string | null;
  role: Role | null;
  channel: string;
  status: ChannelResult['status'];
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  sent_at: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Escalations with who got them over which channel, read from the delivery ledger. */
@Injectable()
export class EscalationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(q: EscalationsQuery, actor: Actor): Promise<EscalationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.activityId) add('e.activity_id = ?', q.activityId);
    if (q.q) add('a.name ILIKE ?', containsPattern(q.q));
    if (q.department) add('e.lead_department = ?', q.department);
    if (q.deadlineKey) add('e.deadline_key = ?', q.deadlineKey);
    if (q.kind) add('e.kind = ?', q.kind);
    if (q.open !== undefined) where.push(q.open ? 'e.resolved_at IS NULL' : 'e.resolved_at IS NOT NULL');
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The page walks an index in (fired_at DESC, id) order and stops after pageSize rows (the name
    // is joined to those rows only; the inner join is left out unless the name is filtered on). The
    // count is its own query, in parallel and capped (countUpTo): count(*) OVER () read and joined
    // every match. Without a name filter PostgreSQL leaves its join out (one activity per escalation).
    const [rows, total] = await Promise.all([
      this.dataSource.query(
        `SELECT p.*, a.name AS activity_name
           FROM (SELECT e.id, e.activity_id, e.lead_department, e.deadline_key, e.occurrence, e.kind, e.recipients, e.due_at,
                        e.fired_at, e.resolved_at
                   FROM escalations e LEFT JOIN activities a ON a.id = e.activity_id
                  ${filter}
                  ORDER BY e.fired_at DESC, e.id
                  LIMIT $${params.length + 1} OFFSET $${params.length + 2}) p
           LEFT JOIN activities a ON a.id = p.activity_id
          ORDER BY p.fired_at DESC, p.id`,
        [...params, pageSize, (page - 1) * pageSize],
      ) as Promise<EscalationRow[]>,
      countUpTo(this.dataSource, `SELECT 1 FROM escalations e LEFT JOIN activities a ON a.id = e.activity_id ${filter}`, params),
    ]);
    const byEscalation = await this.recipients(
      rows.map((r) => r.id),
      seesUserIds(actor),
    );
    const items = rows.map((r) => ({
      id: r.id,
      activityId: r.activity_id,
      /** Shown on the board without a request per row; null only for an orphaned ledger row. */
      activityName: r.activity_name,
      leadDepartment: r.lead_department,
      deadlineKey: r.deadline_key,
      occurrence: r.occurrence,
      kind: r.kind,
      recipientRoles: r.recipients,
      recipients: byEscalation.get(r.id) ?? [],
      dueAt: iso(r.due_at),
      firedAt: iso(r.fired_at),
      resolvedAt: iso(r.resolved_at),
      open: r.resolved_at === null,
    }));
    return { items, ...total, page, pageSize };
  }

  private async recipients(ids: string[], withUserIds: boolean): Promise<Map<string, EscalationRecipient[]>> {
    const out = new Map<string, EscalationRecipient[]>();
    if (!ids.length) return out;
    const rows = (await this.dataSource.query(
      `SELECT d.escalation_id, d.recipient, d.user_id, u.display_name, u.role, d.channel, d.status, d.attempts,
              d.last_error, d.last_attempt_at, d.sent_at
         FROM notification_deliveries d LEFT JOIN users u ON u.id = d.user_id
        WHERE d.escalation_id = ANY($1)
        ORDER BY d.recipient = 'group', d.recipient, d.channel`,
      [ids],
    )) as DeliveryRow[];
    for (const d of rows) {
      const list = out.get(d.escalation_id) ?? [];
      out.set(d.escalation_id, list);
      let who = list.find((x) => x.recipient === d.recipient);
      if (!who) {
        who = {
          recipient: d.recipient,
          ...(withUserIds ? { userId: d.user_id } : {}),
          displayName: d.display_name,
          role: d.role,
          channels: [],
        };
        list.push(who);
      }
      who.channels.push({
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        lastError: d.last_error,
        lastAttemptAt: iso(d.last_attempt_at),
        sentAt: iso(d.sent_at),
      });
    }
    return out;
  }

  /**
   * Channels with deliveries still unsent after an error: `retrying` ones will be tried again,
   * `failed` ones were given up (permanent error or too many attempts). `lastSentAt` shows
   * whether the channel has worked since.
   */
  async channelHealth(): Promise<ChannelHealthList> {
    const rows = (await this.dataSource.query(
      `SELECT f.channel, f.retrying, f.failed, f.last_error, f.last_failure_at, f.failing_since, s.last_sent_at
         FROM (SELECT channel,
                      count(*) FILTER (WHERE status = 'pending')::int AS retrying,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed,
                      (array_agg(last_error ORDER BY last_attempt_at DESC NULLS LAST))[1] AS last_error,
                      max(last_attempt_at) AS last_failure_at,
                      min(created_at) AS failing_since
                 FROM notification_deliveries
                WHERE status <> 'sent' AND last_error IS NOT NULL
                GROUP BY channel) f
         LEFT JOIN (SELECT channel, max(sent_at) AS last_sent_at FROM notification_deliveries
                     WHERE status = 'sent' AND channel <> 'inbox' GROUP BY channel) s USING (channel)
        ORDER BY f.channel`,
    )) as Array<{
      channel: string;
      retrying: number;
      failed: number;
      last_error: string | null;
      last_failure_at: Date | null;
      failing_since: Date | null;
      last_sent_at: Date | null;
    }>;
    return {
      items: rows.map((r) => ({
        channel: r.channel,
        retrying: r.retrying,
        failed: r.failed,
        lastError: r.last_error,
        lastFailureAt: iso(r.last_failure_at),
        failingSince: iso(r.failing_since),
        lastSentAt: iso(r.last_sent_at),
      })),
    };
  }
}
