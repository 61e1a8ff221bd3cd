/**
 * Turns one recorded escalation or reminder into messages that reach people: resolves SPEC §3's
 * roles to users at send time, writes their inbox rows and the delivery ledger (idempotently, by
 * dedupe key), then sends e-mail and robot messages. A failed send never fails the activity: the
 * row stays pending for the DeliveryRetrier, so the workflow's notifyDeadline completes once.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { batchingOf, type NotifyConfig } from '../libs/notify/config.js';
import { dedupeKey, type NotifyChannel } from '../libs/notify/dedupe.js';
import { renderMessage, type RenderedMessage } from '../libs/notify/message.js';
import { groupRobots, personalChannels } from '../libs/notify/plan.js';
import { ROLE_LABELS_ZH } from '../libs/domain/roles.js';
import { recipientRolesFor, type RecipientRule } from '../libs/notify/recipients.js';
import { createDeliveryLedger, type DeliveryLedger, type DeliveryLedgerDeps, type SendResult } from './delivery-ledger.js';
import type { DeadlineNotice } from './lifecycle.activities.js';
import { admitOrHold } from './notification-batching.js';

export const NO_CHANNELS: NotifyConfig = { email: null, robots: { wecom: null, dingtalk: null, feishu: null } };

export interface NotificationActivityDeps extends Omit<DeliveryLedgerDeps, 'notify'> {
  /** Channels of this deployment; without it only the inbox is used. */
  notify?: NotifyConfig;
  /** Base of the links in messages (AppConfig.api.publicUrl). */
  publicUrl?: string;
  /** Shared with the worker's DeliveryRetrier; built from the deps otherwise. */
  ledger?: DeliveryLedger;
  /** How long the activity waits for its sends before leaving them to finish on their own. */
  sendBudgetMs?: number;
}

export interface NoticeToDeliver extends DeadlineNotice {
  escalationId: string;
  rules: RecipientRule[];
}

export interface DeliverySummary {
  /** Usernames that got an inbox row (now or on an earlier try). */
  users: string[];
  sends: SendResult[];
}

interface RecipientUser {
  id: string;
  username: string;
  display_name: string;
  role: string;
  department_code: string | null;
  email: string | null;
  wants_email: boolean;
}

/**
 * Active holders of the rules' roles, in the lead department for departmental rules. A `headOnly`
 * rule (R-12.3: the head of the administration department) picks the active holders flagged
 * `is_head`; when none is flagged it falls back to every active holder, so the escalation is never
 * lost to a directory nobody has kept up (no head set yet, or the head left).
 */
async function resolveUsers(
  db: DataSource | EntityManager,
  rules: readonly RecipientRule[],
  leadDepartment: string,
): Promise<RecipientUser[]> {
  if (!rules.length) return [];
  return (await db.query(
    `WITH rules (role, departmental, head_only) AS (SELECT * FROM unnest($1::text[], $2::boolean[], $3::boolean[])),
          holders AS (
            SELECT u.*, r.head_only FROM users u
              JOIN rules r ON u.role = r.role AND (NOT r.departmental OR u.department_code = $4)
             WHERE u.active),
          picked AS (
            SELECT h.* FROM holders h
             WHERE NOT h.head_only OR h.is_head
                OR NOT EXISTS (SELECT 1 FROM holders x WHERE x.head_only AND x.is_head AND x.role = h.role))
     SELECT DISTINCT u.id, u.username, u.display_name, u.role, u.department_code, p.email, COALESCE(p.wants_email, true) AS wants_email
       FROM picked u LEFT JOIN user_notification_prefs p ON p.user_id = u.id
      ORDER BY u.username`,
    [rules.map((r) => r.role), rules.map((r) => r.scope === 'lead_department'), rules.map((r) => r.headOnly === true), leadDepartment],
  )) as RecipientUser[];
}

/** "编制人 张三（宣传部）": who must act on the deadline, i.e. its reminder's recipients. */
function describeWhoMustAct(rules: readonly RecipientRule[], users: RecipientUser[], departmentZh: string): string {
  return rules
    .map((r) => {
      const names = users.filter((u) => u.role === r.role).map((u) => u.display_name);
      const who = [ROLE_LABELS_ZH[r.role], ...(names.length ? [names.join('、')] : [])].join(' ');
      return r.scope === 'lead_department' ? `${who}（${departmentZh}）` : who;
    })
    .join('；');
}

export function createNotificationActivities(deps: NotificationActivityDeps) {
  const { dataSource } = deps;
  const notify = deps.notify ?? NO_CHANNELS;
  const ledger = deps.ledger ?? createDeliveryLedger({ ...deps, notify });
  const publicUrl = (deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');

  async function render(n: NoticeToDeliver): Promise<RenderedMessage> {
    const [names] = (await dataSource.query(
      `SELECT (SELECT name FROM activities WHERE id = $1) AS activity, (SELECT name_zh FROM departments WHERE code = $2) AS department`,
      [n.activityId, n.leadDepartment],
    )) as Array<{ activity: string | null; department: string | null }>;
    const actRules = recipientRolesFor(n.deadlineKey, 'reminder', n.stage);
    const actors = await resolveUsers(dataSource, actRules, n.leadDepartment);
    return renderMessage({
      activityName: names?.activity ?? n.activityId,
      deadlineKey: n.deadlineKey,
      kind: n.kind,
      dueAt: n.dueAt,
      mustAct: describeWhoMustAct(actRules, actors, names?.department ?? n.leadDepartment),
      link: `${publicUrl}/activities/${n.activityId}`, // the web page of the activity (apps/web)
    });
  }

  /**
   * Inbox rows (sent as written) and pending e-mail / robot rows, all ON CONFLICT DO NOTHING. Each
   * e-mail or robot row is admitted (sent on its own) or held for a digest, by its recipient's and
   * channel's recent messages (notification-batching.ts).
   */
  async function record(n: NoticeToDeliver, users: RecipientUser[], message: RenderedMessage): Promise<void> {
    const key = (recipient: string, channel: NotifyChannel) =>
      dedupeKey({ workflowId: n.workflowId, deadlineKey: n.deadlineKey, kind: n.kind, recipient, channel, occurrence: n.occurrence });
    interface Row {
      userId: string | null;
      recipient: string;
      channel: NotifyChannel;
      address: string | null;
      dedupeKey: string;
    }
    // Each kind of row is written by one statement for all its recipients (unnest): the deadline
    // wave's worker CPU was mostly one round trip to PostgreSQL per row (issue #16).
    const ledgerRows = (em: EntityManager, rows: Array<{ row: Row; state: 'sent' | 'send' | 'hold' }>) =>
      rows.length
        ? em.query(
            `INSERT INTO notification_deliveries
               (id, escalation_id, user_id, recipient, channel, address, message, dedupe_key,
                status, attempts, sent_at, admitted_at, held_at)
             SELECT r.id, $1, r.user_id, r.recipient, r.channel, r.address, $2, r.dedupe_key,
                    CASE WHEN r.state = 'sent' THEN 'sent' ELSE 'pending' END,
                    CASE WHEN r.state = 'sent' THEN 1 ELSE 0 END,
                    CASE WHEN r.state = 'sent' THEN clock_timestamp() END,
                    CASE WHEN r.state = 'send' THEN clock_timestamp() END,
                    CASE WHEN r.state = 'hold' THEN clock_timestamp() END
               FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                    AS r (id, user_id, recipient, channel, address, dedupe_key, state)
             ON CONFLICT (dedupe_key) DO NOTHING`,
            [
              n.escalationId,
              JSON.stringify(message),
              rows.map(() => randomUUID()),
              rows.map(({ row }) => row.userId),
              rows.map(({ row }) => row.recipient),
              rows.map(({ row }) => row.channel),
              rows.map(({ row }) => row.address),
              rows.map(({ row }) => row.dedupeKey),
              rows.map(({ state }) => state),
            ],
          )
        : Promise.resolve();
    await dataSource.transaction(async (em) => {
      const outgoing: Row[] = [];
      const inbox: Row[] = [];
      for (const u of users) {
        for (const channel of personalChannels({ email: u.email, wantsEmail: u.wants_email }, notify)) {
          const row = {
            userId: u.id,
            recipient: u.username,
            channel,
            address: channel === 'email' ? u.email : null,
            dedupeKey: key(u.id, channel),
          };
          (channel === 'inbox' ? inbox : outgoing).push(row);
        }
      }
      if (users.length) {
        await em.query(
          `INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key)
           SELECT r.id, r.user_id, $3, $4, $5, $6, $7, $8, $9, r.dedupe_key
             FROM unnest($1::uuid[], $2::uuid[], $10::text[]) AS r (id, user_id, dedupe_key)
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [
            users.map(() => randomUUID()),
            users.map((u) => u.id),
            n.activityId,
            n.escalationId,
            n.deadlineKey,
            n.kind,
            message.title,
            message.text,
            message.link,
            users.map((u) => key(u.id, 'inbox')),
          ],
        );
      }
      await ledgerRows(
        em,
        inbox.map((row) => ({ row, state: 'sent' as const })),
      );
      // One message per group and event, whoever the people are.
      for (const robot of groupRobots(notify)) {
        outgoing.push({ userId: null, recipient: 'group', channel: robot, address: null, dedupeKey: key('group', robot) });
      }
      // Last, so the per-recipient locks are held only for the few statements up to COMMIT.
      const decisions = await admitOrHold(em, batchingOf(notify), outgoing);
      await ledgerRows(
        em,
        outgoing.flatMap((row) => {
          const state = decisions.get(row.dedupeKey);
          return state ? [{ row, state }] : [];
        }),
      );
    });
  }

  return {
    /**
     * Idempotent: a retried or repeated call finds every row by its dedupe key and sends only
     * rows still pending and not leased, so nobody gets a message twice.
     */
    async deliverNotice(n: NoticeToDeliver, options: { sendBudgetMs?: number } = {}): Promise<DeliverySummary> {
      const users = await resolveUsers(dataSource, n.rules, n.leadDepartment);
      const message = await render(n);
      await record(n, users, message);
      const sends = await ledger.sendForEscalation(n.escalationId, options.sendBudgetMs ?? deps.sendBudgetMs);
      return { users: users.map((u) => u.username), sends };
    },
  };
}
