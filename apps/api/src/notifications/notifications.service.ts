import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationEntity } from '../../../../libs/db/entities/notification.entity.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import type { InboxQuery, PreferencesDto } from './notifications.dto.js';
import type { InboxItem, InboxPage, NotificationPreferences } from './notification-views.dto.js';

const toItem = (n: NotificationEntity): InboxItem => ({
  id: n.id,
  activityId: n.activityId,
  escalationId: n.escalationId,
  reportId: n.reportId,
  deadlineKey: n.deadlineKey,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** One user's inbox and channel choice; every query is scoped to that user's id. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(userId: string, q: InboxQuery): Promise<InboxPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (q.unread !== undefined) qb.andWhere(q.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (q.activityId) qb.andWhere('n.activity_id = :activityId', { activityId: q.activityId });
    const [[rows, total], unread] = await Promise.all([
      qb
        .orderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'ASC')
        .skip((page - 1) * pageSize)
        .take(pageSize)
        .getManyAndCount(),
      this.unreadCount(userId),
    ]);
    return { items: rows.map(toItem), total, page, pageSize, unread };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
    ])) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** Idempotent: reading twice keeps the first time. Another user's id is 404, not 403: no probing. */
  async markRead(userId: string, id: string): Promise<InboxItem> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE id = $1 AND user_id = $2 AND read_at IS NULL`, [
      id,
      userId,
    ]);
    const row = await this.dataSource.getRepository(NotificationEntity).findOneBy({ id, userId });
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Notification ${id} not found`, `未找到消息 ${id}`);
    return toItem(row);
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const [row] = (await this.dataSource.query(`SELECT email, wants_email FROM user_notification_prefs WHERE user_id = $1`, [
      userId,
    ])) as Array<{
      email: string | null;
      wants_email: boolean;
    }>;
    return { email: row?.email ?? null, wantsEmail: row?.wants_email ?? true };
  }

  async setPreferences(userId: string, dto: PreferencesDto): Promise<NotificationPreferences> {
    const prefs = { email: dto.email?.trim() || null, wantsEmail: dto.wantsEmail ?? true };
    await this.dataSource.query(
      `INSERT INTO user_notification_prefs (user_id, email, wants_email) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, wants_email = EXCLUDED.wants_email, updated_at = now()`,
      [userId, prefs.email, prefs.wantsEmail],
    );
    return prefs;
  }
}
