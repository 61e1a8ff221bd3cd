/**
 * Writes digests into `notification_digests`; the delivery ledger sends them.
 *
 * - Batch digests: the held ledger rows of one recipient and channel (over the limit of
 *   libs/notify/batching.ts) become one digest as soon as the window has room for one more
 *   message. One transaction, under the recipient's and channel's lock, writes the digest and
 *   marks each held row with it (`digest_id`, set once): a crash before the COMMIT leaves the rows
 *   held for the next round, after it the digest is in the ledger and is sent like any row, and a
 *   row is never in two digests. A digest names every row it takes; when they do not fit one robot
 *   message or one e-mail, it is written as several parts (each naming its own).
 * - Daily digests (optional, NOTIFY_DAILY_DIGEST): from 09:00 Asia/Shanghai on working days, each
 *   user with an e-mail address gets the open overdue escalations they were told of, and each group
 *   robot one message counting them per department. One per day, channel and recipient: written
 *   under a lock after checking that day's row, and a unique index behind it.
 *
 * Runs in the worker's delivery round (apps/worker/src/delivery-retrier.ts), not as a workflow:
 * what matters is in the ledger, and the locks let several workers do it side by side.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createCalendar, shanghaiDate, workingDaysBetween, type WorkingCalendar } from '../libs/calendar/index.js';
import type { DeadlineKey } from '../libs/domain/lifecycle.js';
import { batchDecision, rateKey, type BatchPolicy } from '../libs/notify/batching.js';
import { batchingOf, type NotifyConfig } from '../libs/notify/config.js';
import { digestKey, type NotifyChannel } from '../libs/notify/dedupe.js';
import { renderDigest, renderGroupDailyDigest, splitDigest, type DigestInput, type DigestItem } from '../libs/notify/digest.js';
import type { RenderedMessage } from '../libs/notify/message.js';
import { groupRobots } from '../libs/notify/plan.js';
import type { NotifyKind } from '../libs/notify/recipients.js';
import type { DeliveryLedger, LedgerLogger } from './delivery-ledger.js';
import { lockRateKeys, recentSends } from './notification-batching.js';

export interface DigestKeeperDeps {
  dataSource: DataSource;
  notify: NotifyConfig;
  /** Sends what is written here; its channels are the ones this process can send. */
  ledger: Pick<DeliveryLedger, 'channels' | 'kickRobots'>;
  /** Base of the links (AppConfig.api.publicUrl). */
  publicUrl?: string;
  /** Working days late, and which days are working days (the daily digest). */
  calendar?: () => Promise<WorkingCalendar>;
  logger?: LedgerLogger;
  /** The daily digest's clock (tests). */
  now?: () => Date;
}

interface ItemRow {
  id: string;
  user_id: string | null;
  address: string | null;
  escalation_id: string;
  deadline_key: DeadlineKey;
  kind: NotifyKind;
  due_at: Date;
  activity_id: string;
  activity_name: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export function createDigestKeeper(deps: DigestKeeperDeps) {
  const { dataSource, notify, ledger } = deps;
  const policy: BatchPolicy = batchingOf(notify);
  const publicUrl = (deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const clock = deps.now ?? (() => new Date());
  let fallbackCalendar: WorkingCalendar | undefined;
  const calendar = deps.calendar ?? (async () => (fallbackCalendar ??= createCalendar()));
  const channels = () => ledger.channels.filter((c): c is Exclude<NotifyChannel, 'inbox'> => c !== 'inbox');
  let dailyDoneFor: string | undefined;

  /** Working days from the deadline's day to `at`'s day; calendar days where the calendar has no data. */
  function lateness(cal: WorkingCalendar, r: Pick<ItemRow, 'kind' | 'due_at'>, at: Date): number | null {
    if (r.kind !== 'overdue') return null;
    try {
      return Math.max(0, workingDaysBetween(cal, r.due_at, at).days);
    } catch {
      return Math.max(0, Math.floor((at.getTime() - r.due_at.getTime()) / DAY_MS));
    }
  }

  const toItem = (cal: WorkingCalendar, at: Date) => (r: ItemRow) =>
    ({
      activityId: r.activity_id,
      activityName: r.activity_name,
      deadlineKey: r.deadline_key,
      kind: r.kind,
      dueAt: r.due_at.toISOString(),
      overdueDays: lateness(cal, r, at),
    }) satisfies DigestItem;

  async function insertDigest(
    em: EntityManager,
    d: {
      kind: 'batch' | 'daily';
      channel: NotifyChannel;
      recipient: string;
      userId: string | null;
      address: string | null;
      date: string | null;
      part: number;
      parts: number;
      items: string[];
      message: RenderedMessage;
      dedupeKey: string;
    },
  ): Promise<string> {
    const id = randomUUID();
    await em.query(
      `INSERT INTO notification_digests
         (id, kind, channel, recipient, user_id, address, digest_date, part, parts, item_count, items, message, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        d.kind,
        d.channel,
        d.recipient,
        d.userId,
        d.address,
        d.date,
        d.part,
        d.parts,
        d.items.length,
        JSON.stringify(d.items),
        JSON.stringify(d.message),
        d.dedupeKey,
      ],
    );
    return id;
  }

  /** One recipient's held rows on one channel into a digest, if the window has room; the parts written. */
  async function flushOne(channel: Exclude<NotifyChannel, 'inbox'>, recipient: string, cal: WorkingCalendar): Promise<number> {
    return dataSource.transaction(async (em) => {
      await lockRateKeys(em, [rateKey(channel, recipient)]);
      const { now, recent } = await recentSends(em, channel, recipient, policy);
      if (batchDecision(recent, now, policy) === 'hold') return 0;
      const rows = (await em.query(
        `SELECT d.id, d.user_id, d.address, e.id AS escalation_id, e.deadline_key, e.kind, e.due_at,
                a.id AS activity_id, a.name AS activity_name
           FROM notification_deliveries d
           JOIN escalations e ON e.id = d.escalation_id
           JOIN activities a ON a.id = e.activity_id
          WHERE d.channel = $1 AND d.recipient = $2 AND d.held_at IS NOT NULL AND d.digest_id IS NULL AND d.status = 'pending'
          ORDER BY d.held_at, d.id
          FOR UPDATE OF d`,
        [channel, recipient],
      )) as ItemRow[];
      if (!rows.length) return 0;
      const at = new Date(now);
      const byItem = new Map<DigestItem, ItemRow>();
      for (const r of rows) byItem.set(toItem(cal, at)(r), r);
      const input: DigestInput = { kind: 'batch', items: [...byItem.keys()], publicUrl, policy };
      const parts = splitDigest(input, channel);
      const newest = rows[rows.length - 1]!; // its address: the one the user gave last
      for (const [n, part] of parts.entries()) {
        const ids = part.map((i) => byItem.get(i)!.id);
        const digestId = await insertDigest(em, {
          kind: 'batch',
          channel,
          recipient,
          userId: newest.user_id,
          address: newest.address,
          date: null,
          part: n + 1,
          parts: parts.length,
          items: part.map((i) => byItem.get(i)!.escalation_id),
          message: renderDigest({ ...input, items: part, part: { index: n + 1, of: parts.length } }),
          dedupeKey: digestKey(['batch', channel, recipient, ...[...ids].sort()]),
        });
        const [{ n: taken }] = (await em.query(
          `WITH t AS (UPDATE notification_deliveries SET digest_id = $1
                       WHERE id = ANY($2) AND digest_id IS NULL AND held_at IS NOT NULL RETURNING id)
           SELECT count(*)::int AS n FROM t`,
          [digestId, ids],
        )) as [{ n: number }];
        // Under the lock nobody else takes them; if somebody did, nothing of this digest stands.
        if (taken !== ids.length) throw new Error(`digest ${digestId}: ${ids.length - taken} of its items were taken meanwhile`);
      }
      return parts.length;
    });
  }

  /**
   * Every recipient's and channel's held rows that may go now, as digests. Returns the digests
   * (parts) written; robot senders are woken, e-mail ones go with the round's `sendDue`.
   */
  async function flushHeld(): Promise<number> {
    const of = channels();
    // With batching turned off since, rows held before still go (the window always has room then).
    if (!of.length) return 0;
    const groups = (await dataSource.query(
      `SELECT DISTINCT channel, recipient FROM notification_deliveries
        WHERE held_at IS NOT NULL AND digest_id IS NULL AND status = 'pending' AND channel = ANY($1)`,
      [of],
    )) as Array<{ channel: Exclude<NotifyChannel, 'inbox'>; recipient: string }>;
    if (!groups.length) return 0;
    const cal = await calendar();
    let written = 0;
    let failure: unknown;
    for (const g of groups) {
      // One recipient's trouble does not hold up the others' digests.
      written += await flushOne(g.channel, g.recipient, cal).catch((err: unknown) => {
        failure ??= err;
        return 0;
      });
    }
    if (written) ledger.kickRobots();
    if (failure) throw failure;
    return written;
  }

  /** `date` (YYYY-MM-DD) and minutes since midnight, in Asia/Shanghai. */
  function shanghaiNow(at: Date): { date: string; minutes: number } {
    const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
    return { date: shanghaiDate(at), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
  }

  /** Writes one recipient's daily digest on one channel unless that day's is written; the parts written. */
  async function writeDaily(
    channel: NotifyChannel,
    recipient: string,
    date: string,
    build: () => Array<{ message: RenderedMessage; items: string[] }>,
    who: { userId: string | null; address: string | null },
  ): Promise<number> {
    return dataSource.transaction(async (em) => {
      await lockRateKeys(em, [`daily:${rateKey(channel, recipient)}`]);
      const [done] = (await em.query(
        `SELECT 1 FROM notification_digests WHERE kind = 'daily' AND digest_date = $1 AND channel = $2 AND recipient = $3 LIMIT 1`,
        [date, channel, recipient],
      )) as unknown[];
      if (done) return 0;
      const parts = build();
      for (const [n, p] of parts.entries()) {
        await insertDigest(em, {
          kind: 'daily',
          channel,
          recipient,
          ...who,
          date,
          part: n + 1,
          parts: parts.length,
          items: p.items,
          message: p.message,
          dedupeKey: digestKey(['daily', date, channel, recipient, n + 1]),
        });
      }
      return parts.length;
    });
  }

  /** The morning digest, once per working day from the configured time; the digests (parts) written. */
  async function dailyIfDue(): Promise<number> {
    const daily = notify.dailyDigest;
    if (!daily?.enabled) return 0;
    const at = clock();
    const { date, minutes } = shanghaiNow(at);
    if (minutes < daily.hour * 60 + daily.minute || dailyDoneFor === date) return 0;
    const cal = await calendar();
    let working: boolean;
    try {
      working = cal.isWorkingDay(date);
    } catch {
      // A day outside the calendar's years: Monday to Friday.
      working = [1, 2, 3, 4, 5].includes(new Date(`${date}T12:00:00+08:00`).getUTCDay());
    }
    if (!working) {
      dailyDoneFor = date;
      return 0;
    }
    let written = 0;
    if (channels().includes('email')) {
      const rows = (await dataSource.query(
        `SELECT u.id AS user_id, u.username, p.email AS address, e.id AS escalation_id, e.deadline_key, e.kind, e.due_at,
                a.id AS activity_id, a.name AS activity_name
           FROM notifications n
           JOIN escalations e ON e.id = n.escalation_id
           JOIN activities a ON a.id = e.activity_id
           JOIN users u ON u.id = n.user_id
           JOIN user_notification_prefs p ON p.user_id = u.id
          WHERE e.kind = 'overdue' AND e.resolved_at IS NULL AND u.active AND p.email IS NOT NULL AND p.wants_email
          ORDER BY u.username`,
      )) as Array<ItemRow & { username: string }>;
      const byUser = new Map<string, Array<ItemRow & { username: string }>>();
      for (const r of rows) byUser.set(r.username, [...(byUser.get(r.username) ?? []), r]);
      for (const [username, own] of byUser) {
        written += await writeDaily(
          'email',
          username,
          date,
          () => {
            const byItem = new Map(own.map((r) => [toItem(cal, at)(r), r]));
            const input: DigestInput = { kind: 'daily', items: [...byItem.keys()], publicUrl, date };
            const parts = splitDigest(input, 'email');
            return parts.map((part, n) => ({
              message: renderDigest({ ...input, items: part, part: { index: n + 1, of: parts.length } }),
              items: part.map((i) => byItem.get(i)!.escalation_id),
            }));
          },
          { userId: own[0]!.user_id, address: own[0]!.address },
        );
      }
    }
    const robots = groupRobots(notify).filter((k) => channels().includes(k));
    if (robots.length) {
      const counts = (await dataSource.query(
        `SELECT COALESCE(d.name_zh, e.lead_department) AS department, e.deadline_key, count(*)::int AS count,
                array_agg(e.id::text) AS ids
           FROM escalations e LEFT JOIN departments d ON d.code = e.lead_department
          WHERE e.kind = 'overdue' AND e.resolved_at IS NULL
          GROUP BY 1, 2`,
      )) as Array<{ department: string; deadline_key: DeadlineKey; count: number; ids: string[] }>;
      if (counts.length) {
        const message = renderGroupDailyDigest({
          date,
          publicUrl,
          rows: counts.map((c) => ({ department: c.department, deadlineKey: c.deadline_key, count: c.count })),
        });
        const items = counts.flatMap((c) => c.ids);
        for (const kind of robots) {
          written += await writeDaily(kind, 'group', date, () => [{ message, items }], { userId: null, address: null });
        }
      }
    }
    dailyDoneFor = date;
    if (written) ledger.kickRobots();
    return written;
  }

  return {
    flushHeld,
    dailyIfDue,
    /** One round: batch digests, then the daily one when due. */
    async round(): Promise<number> {
      const [batch, daily] = await Promise.allSettled([flushHeld(), dailyIfDue()]);
      for (const r of [batch, daily]) if (r.status === 'rejected') throw r.reason;
      return (batch as PromiseFulfilledResult<number>).value + (daily as PromiseFulfilledResult<number>).value;
    },
  };
}

export type DigestKeeper = ReturnType<typeof createDigestKeeper>;
