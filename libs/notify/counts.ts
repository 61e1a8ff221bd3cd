/**
 * What a wave of escalations cost in messages, from the database (the bench prints these next to
 * `escalations=`): e-mails and robot messages actually sent, each individual ledger row and each
 * digest counted once; inbox rows written.
 */

export interface DeliveryCounts {
  /** Escalations and reminders fired between `since` and now (rows dated later are imported or test data, not fired). */
  escalations: number;
  /** E-mails sent: individual ones plus digests. */
  emails: number;
  /** Robot messages sent (every robot): individual ones plus digests. */
  robotMessages: number;
  /** Digests sent, every channel (each part counts). */
  digests: number;
  /** In-app inbox rows written. */
  inboxRows: number;
  /** E-mail and robot rows still held for a digest (not sent yet). */
  heldForDigest: number;
}

/** Anything with `query`: a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export async function deliveryCounts(db: Queryable, since: Date): Promise<DeliveryCounts> {
  const [row] = (await db.query(
    `SELECT
       (SELECT count(*) FROM escalations WHERE fired_at >= $1 AND fired_at <= now())::int AS escalations,
       (SELECT count(*) FROM notifications WHERE created_at >= $1 AND escalation_id IS NOT NULL)::int AS inbox_rows,
       (SELECT count(*) FROM notification_deliveries
         WHERE status = 'sent' AND sent_at >= $1 AND digest_id IS NULL AND channel = 'email')::int AS emails,
       (SELECT count(*) FROM notification_deliveries
         WHERE status = 'sent' AND sent_at >= $1 AND digest_id IS NULL AND channel IN ('wecom', 'dingtalk', 'feishu'))::int AS robots,
       (SELECT count(*) FROM notification_digests WHERE status = 'sent' AND sent_at >= $1 AND channel = 'email')::int AS email_digests,
       (SELECT count(*) FROM notification_digests WHERE status = 'sent' AND sent_at >= $1 AND channel <> 'email')::int AS robot_digests,
       (SELECT count(*) FROM notification_deliveries
         WHERE status = 'pending' AND held_at IS NOT NULL AND created_at >= $1)::int AS held`,
    [since],
  )) as Array<Record<'escalations' | 'inbox_rows' | 'emails' | 'robots' | 'email_digests' | 'robot_digests' | 'held', number>>;
  const r = row!;
  return {
    escalations: r.escalations,
    emails: r.emails + r.email_digests,
    robotMessages: r.robots + r.robot_digests,
    digests: r.email_digests + r.robot_digests,
    inboxRows: r.inbox_rows,
    heldForDigest: r.held,
  };
}
