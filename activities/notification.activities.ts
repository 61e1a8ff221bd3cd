/**
 * Turns recorded escalations and reminders (those a lifecycle found due at one instant) into
 * messages that reach people: resolves SPEC §3's roles to users at send time, writes their inbox
 * rows and the delivery ledger (idempotently, by dedupe key), then sends e-mail and robot messages.
 * A failed send never fails the activity: the row stays pending for the DeliveryRetrier, so the
 * workflow's notify step completes once.
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
  /** Per notice, in order: usernames that got an inbox row (now or on an earlier try). */
  notices: Array<{ users: string[] }>;
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

/** Rules and the lead department they are read against: one audience to resolve. */
interface Audience {
  rules: readonly RecipientRule[];
  leadDepartment: string;
}

/**
 * Active holders of each audience's roles, in its lead department for departmental rules, in one
 * statement for all audiences (a wake's notices and the people who must act on them). A `headOnly`
 * rule (R-12.3: the head of the administration department) picks the active holders flagged
 * `is_head`; when none is flagged it falls back to every active holder, so the escalation is never
 * lost to a directory nobody has kept up (no head set yet, or the head left).
 */
async function resolveAudiences(db: DataSource | EntityManager, audiences: readonly Audience[]): Promise<RecipientUser[][]> {
  const rules = audiences.flatMap((a, set) => a.rules.map((r) => ({ set, rule: r, leadDepartment: a.leadDepartment })));
  const found: RecipientUser[][] = audiences.map(() => []);
  if (!rules.length) return found;
  const rows = (await db.query(
    `WITH rules (set_no, role, departmental, head_only, department) AS (
            SELECT * FROM unnest($1::int[], $2::text[], $3::boolean[], $4::boolean[], $5::text[])),
          holders AS (
            SELECT u.*, r.set_no, r.head_only FROM users u
              JOIN rules r ON u.role = r.role AND (NOT r.departmental OR u.department_code = r.department)
             WHERE u.active),
          picked AS (
            SELECT h.* FROM holders h
             WHERE NOT h.head_only OR h.is_head
                OR NOT EXISTS (SELECT 1 FROM holders x WHERE x.set_no = h.set_no AND x.head_only AND x.is_head AND x.role = h.role))
     SELECT DISTINCT u.set_no, u.id, u.username, u.display_name, u.role, u.department_code, p.email,
            COALESCE(p.wants_email, true) AS wants_email
       FROM picked u LEFT JOIN user_notification_prefs p ON p.user_id = u.id
      ORDER BY u.set_no, u.username`,
    [
      rules.map((r) => r.set),
      rules.map((r) => r.rule.role),
      rules.map((r) => r.rule.scope === 'lead_department'),
      rules.map((r) => r.rule.headOnly === true),
      rules.map((r) => r.leadDepartment),
    ],
  )) as Array<RecipientUser & { set_no: number }>;
  for (const { set_no, ...user } of rows) found[set_no]!.push(user);
  return found;
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

  /** The activities' and departments' names the notices' messages show: one statement for all. */
  async function namesOf(ns: readonly NoticeToDeliver[]): Promise<Array<{ activity: string | null; department: string | null }>> {
    return (await dataSource.query(
      `SELECT (SELECT name FROM activities WHERE id = r.activity_id) AS activity,
              (SELECT name_zh FROM departments WHERE code = r.department) AS department
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS r (activity_id, department, n)
        ORDER BY r.n`,
      [ns.map((n) => n.activityId), ns.map((n) => n.leadDepartment)],
    )) as Array<{ activity: string | null; department: string | null }>;
  }

  /** Each notice's recipients and message; who must act is read with the recipients, in one statement. */
  async function prepare(ns: readonly NoticeToDeliver[]): Promise<Prepared[]> {
    const actRules = ns.map((n) => recipientRolesFor(n.deadlineKey, 'reminder', n.stage));
    const [audiences, names] = await Promise.all([
      resolveAudiences(dataSource, [
        ...ns.map((n) => ({ rules: n.rules, leadDepartment: n.leadDepartment })),
        ...ns.map((n, i) => ({ rules: actRules[i]!, leadDepartment: n.leadDepartment })),
      ]),
      namesOf(ns),
    ]);
    return ns.map((n, i) => {
      const message = renderMessage({
        activityName: names[i]?.activity ?? n.activityId,
        deadlineKey: n.deadlineKey,
        kind: n.kind,
        dueAt: n.dueAt,
        mustAct: describeWhoMustAct(actRules[i]!, audiences[ns.length + i]!, names[i]?.department ?? n.leadDepartment),
        link: `${publicUrl}/activities/${n.activityId}`, // the web page of the activity (apps/web)
      });
      return { n, users: audiences[i]!, message, messageJson: JSON.stringify(message) };
    });
  }

  /**
   * Inbox rows (sent as written) and pending e-mail / robot rows of all the notices, in one
   * transaction, all ON CONFLICT DO NOTHING. Each kind of row is one statement for every notice
   * and recipient (unnest): the deadline wave's worker CPU was mostly round trips to PostgreSQL
   * (issue #16). Each e-mail or robot row is admitted (sent on its own) or held for a digest, by
   * its recipient's and channel's recent messages (notification-batching.ts).
   */
  async function record(prepared: readonly Prepared[]): Promise<void> {
    const inbox: LedgerRow[] = [];
    const outgoing: LedgerRow[] = [];
    const inboxItems: Array<{ p: Prepared; user: RecipientUser; dedupeKey: string }> = [];
    for (const p of prepared) {
      const key = (recipient: string, channel: NotifyChannel) =>
        dedupeKey({
          workflowId: p.n.workflowId,
          deadlineKey: p.n.deadlineKey,
          kind: p.n.kind,
          recipient,
          channel,
          occurrence: p.n.occurrence,
        });
      for (const u of p.users) {
        inboxItems.push({ p, user: u, dedupeKey: key(u.id, 'inbox') });
        for (const channel of personalChannels({ email: u.email, wantsEmail: u.wants_email }, notify)) {
          const row = {
            p,
            userId: u.id,
            recipient: u.username,
            channel,
            address: channel === 'email' ? u.email : null,
            dedupeKey: key(u.id, channel),
          };
          (channel === 'inbox' ? inbox : outgoing).push(row);
        }
      }
      // One message per group and event, whoever the people are.
      for (const robot of groupRobots(notify)) {
        outgoing.push({ p, userId: null, recipient: 'group', channel: robot, address: null, dedupeKey: key('group', robot) });
      }
    }
    await dataSource.transaction(async (em) => {
      if (inboxItems.length) {
        await em.query(
          `INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                                $9::text[], $10::text[])
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [
            inboxItems.map(() => randomUUID()),
            inboxItems.map((i) => i.user.id),
            inboxItems.map((i) => i.p.n.activityId),
            inboxItems.map((i) => i.p.n.escalationId),
            inboxItems.map((i) => i.p.n.deadlineKey),
            inboxItems.map((i) => i.p.n.kind),
            inboxItems.map((i) => i.p.message.title),
            inboxItems.map((i) => i.p.message.text),
            inboxItems.map((i) => i.p.message.link),
            inboxItems.map((i) => i.dedupeKey),
          ],
        );
      }
      await ledgerRows(
        em,
        inbox.map((row) => ({ row, state: 'sent' as const })),
      );
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
     * Delivers the escalations and reminders a lifecycle found due at one instant (one, or a late
     * registration's three), each under its own dedupe keys. Idempotent: a retried or repeated
     * call finds every row by its dedupe key and sends only rows still pending and not leased, so
     * nobody gets a message twice.
     */
    async deliverNotices(ns: NoticeToDeliver[], options: { sendBudgetMs?: number } = {}): Promise<DeliverySummary> {
      if (!ns.length) return { notices: [], sends: [] };
      const prepared = await prepare(ns);
      await record(prepared);
      const sends = await ledger.sendForEscalations(
        ns.map((n) => n.escalationId),
        options.sendBudgetMs ?? deps.sendBudgetMs,
      );
      return { notices: prepared.map((p) => ({ users: p.users.map((u) => u.username) })), sends };
    },
  };
}

interface Prepared {
  n: NoticeToDeliver;
  users: RecipientUser[];
  message: RenderedMessage;
  /** The message as its ledger rows store it, serialised once for all of them. */
  messageJson: string;
}

/** A ledger row to write: its notice's escalation and message, and whom it goes to on which channel. */
interface LedgerRow {
  p: Prepared;
  userId: string | null;
  recipient: string;
  channel: NotifyChannel;
  address: string | null;
  dedupeKey: string;
}

/** Ledger rows of any notices, one statement: sent (inbox), to send, or held for a digest. */
function ledgerRows(em: EntityManager, rows: Array<{ row: LedgerRow; state: 'sent' | 'send' | 'hold' }>): Promise<unknown> {
  if (!rows.length) return Promise.resolve();
  return em.query(
    `INSERT INTO notification_deliveries
       (id, escalation_id, user_id, recipient, channel, address, message, dedupe_key,
        status, attempts, sent_at, admitted_at, held_at)
     SELECT r.id, r.escalation_id, r.user_id, r.recipient, r.channel, r.address, r.message::jsonb, r.dedupe_key,
            CASE WHEN r.state = 'sent' THEN 'sent' ELSE 'pending' END,
            CASE WHEN r.state = 'sent' THEN 1 ELSE 0 END,
            CASE WHEN r.state = 'sent' THEN clock_timestamp() END,
            CASE WHEN r.state = 'send' THEN clock_timestamp() END,
            CASE WHEN r.state = 'hold' THEN clock_timestamp() END
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS r (id, escalation_id, user_id, recipient, channel, address, message, dedupe_key, state)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      rows.map(() => randomUUID()),
      rows.map(({ row }) => row.p.n.escalationId),
      rows.map(({ row }) => row.userId),
      rows.map(({ row }) => row.recipient),
      rows.map(({ row }) => row.channel),
      rows.map(({ row }) => row.address),
      rows.map(({ row }) => row.p.messageJson),
      rows.map(({ row }) => row.dedupeKey),
      rows.map(({ state }) => state),
    ],
  );
}
