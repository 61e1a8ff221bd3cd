/**
 * Sends what the ledger (`notification_deliveries`) holds as pending, for e-mail and the group
 * robots. Both the `deliverNotice` activity and the worker's DeliveryRetrier send through here.
 *
 * Exactly once: a row is sent only by whoever claimed it (a lease, taken with one UPDATE … WHERE
 * status = 'pending' AND the lease is free … RETURNING), and a row marked `sent` is never claimed
 * again. The one gap: a crash after the server accepted the message and before the row is marked
 * `sent` leaves it pending; once the lease expires it is sent again — at worst one duplicate per
 * crash. The SMTP Message-ID is derived from the dedupe key, so a receiving system can drop it.
 */
import type { DataSource } from 'typeorm';
import { createEmailSender, type EmailSender } from '../libs/notify/channels/email.js';
import { buildRobotRequest, sendRobot, type RobotKind } from '../libs/notify/channels/webhook.js';
import type { NotifyConfig } from '../libs/notify/config.js';
import type { NotifyChannel } from '../libs/notify/dedupe.js';
import type { RenderedMessage } from '../libs/notify/message.js';
import { groupRobots } from '../libs/notify/plan.js';
import { isDatabaseUnavailable } from '../libs/db/availability.js';
import { backoffDelay, deliver } from '../libs/notify/retry.js';

export interface DeliveryPolicy {
  /** Tries per claim, back to back (short waits): gets past a momentary hiccup. */
  triesPerClaim: number;
  /** Backoff between claims of a failing row, over its attempts so far. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** After this many attempts a transiently failing row is given up (`failed`). */
  maxAttempts: number;
  /** Longer than one claim's sends can take (SMTP socket timeout 30 s × tries). */
  leaseMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  triesPerClaim: 2,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  // ≈ a day at the one-hour cap: a mail server down over a weekend night still gets the message.
  maxAttempts: 30,
  leaseMs: 120_000,
};

export interface LedgerLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface DeliveryLedgerDeps {
  dataSource: DataSource;
  notify: NotifyConfig;
  policy?: Partial<DeliveryPolicy>;
  logger?: LedgerLogger;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

export interface SendResult {
  id: string;
  channel: NotifyChannel;
  status: 'sent' | 'pending' | 'failed';
  error?: string;
}

interface ClaimedRow {
  id: string;
  channel: NotifyChannel;
  address: string | null;
  message: RenderedMessage;
  dedupe_key: string;
  attempts: number;
}

const silent: LedgerLogger = { info() {}, warn() {} };

export function createDeliveryLedger(deps: DeliveryLedgerDeps) {
  const { dataSource, notify } = deps;
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  const logger = deps.logger ?? silent;
  const email: EmailSender | null = notify.email ? createEmailSender(notify.email) : null;
  /** Channels this process can send; rows of other channels are left to a process that can. */
  const channels: NotifyChannel[] = [...(email ? ['email' as const] : []), ...groupRobots(notify)];

  // $3: one escalation's rows, or null for any row that is due.
  const CLAIM = `
    WITH claimed AS (
      UPDATE notification_deliveries d
         SET claimed_until = now() + make_interval(secs => $1::double precision / 1000), last_attempt_at = now()
       WHERE d.id IN (
         SELECT id FROM notification_deliveries
          WHERE status = 'pending' AND channel = ANY($2) AND next_attempt_at <= now()
            AND (claimed_until IS NULL OR claimed_until < now())
            AND ($3::uuid IS NULL OR escalation_id = $3::uuid)
          ORDER BY next_attempt_at
          LIMIT $4
          FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.channel, d.address, d.message, d.dedupe_key, d.attempts)
    SELECT * FROM claimed`;

  async function claim(escalationId: string | null, limit: number): Promise<ClaimedRow[]> {
    if (!channels.length) return [];
    return (await dataSource.query(CLAIM, [policy.leaseMs, channels, escalationId, limit])) as ClaimedRow[];
  }

  async function sendOne(row: ClaimedRow): Promise<void> {
    if (row.channel === 'email') {
      if (!email || !row.address) throw new Error('no e-mail sender or address');
      const { title, text, html } = row.message;
      // html has what users typed escaped (libs/notify/message.ts); rows recorded before it existed go as text only.
      await email.send({ to: row.address, subject: title, text, html, messageId: row.dedupe_key });
      return;
    }
    if (row.channel === 'inbox') return; // written with the row; never pending
    const kind: RobotKind = row.channel;
    const robot = notify.robots[kind];
    if (!robot) throw new Error(`${kind} robot is not configured`);
    // Built per try: DingTalk and Feishu refuse signatures older than an hour.
    const request = buildRobotRequest(kind, row.message, { ...robot, now: new Date() });
    await sendRobot(request, deps.fetch);
  }

  /**
   * A message that went out must be recorded as sent, or the row is claimed and sent again once its
   * lease ends: while PostgreSQL is away the record is retried, for up to most of the lease.
   */
  async function recordSent(row: ClaimedRow, attempts: number): Promise<void> {
    const until = Date.now() + policy.leaseMs * 0.8;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await dataSource.query(
          `UPDATE notification_deliveries
              SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL, claimed_until = NULL
            WHERE id = $1`,
          [row.id, attempts],
        );
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || Date.now() + wait > until) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** Sends one claimed row and records the outcome; never throws. */
  async function attempt(row: ClaimedRow): Promise<SendResult> {
    const outcome = await deliver(() => sendOne(row), { attempts: policy.triesPerClaim, baseMs: 500, maxMs: 2_000 });
    const attempts = row.attempts + outcome.attempts;
    try {
      if (outcome.ok) {
        await recordSent(row, attempts);
        return { id: row.id, channel: row.channel, status: 'sent' };
      }
      const status = outcome.permanent || attempts >= policy.maxAttempts ? 'failed' : 'pending';
      const delay = backoffDelay(attempts, { baseMs: policy.retryBaseMs, maxMs: policy.retryMaxMs });
      // `status <> 'sent'`: a slow sender whose lease ran out never undoes another's success.
      await dataSource.query(
        `UPDATE notification_deliveries
            SET status = $2, attempts = $3, last_error = $4, claimed_until = NULL,
                next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
          WHERE id = $1 AND status <> 'sent'`,
        [row.id, status, attempts, outcome.error.slice(0, 1000), delay],
      );
      const meta = { deliveryId: row.id, channel: row.channel, attempts, error: outcome.error };
      if (status === 'failed') logger.warn('notification delivery failed; given up', meta);
      else logger.info('notification delivery failed; will retry', meta);
      return { id: row.id, channel: row.channel, status, error: outcome.error };
    } catch (err) {
      // The database is away: the lease expires and the row is claimed again later.
      logger.warn('could not record a delivery outcome', { deliveryId: row.id, error: String(err) });
      return { id: row.id, channel: row.channel, status: 'pending', error: String(err) };
    }
  }

  return {
    channels,

    /**
     * Sends the pending rows of one escalation, waiting at most `budgetMs`: the activity must end
     * well inside its start-to-close timeout. Sends still running go on and record themselves;
     * only finished ones are in the result.
     */
    async sendForEscalation(escalationId: string, budgetMs = 15_000): Promise<SendResult[]> {
      const rows = await claim(escalationId, 100);
      const done: SendResult[] = [];
      const all = Promise.all(rows.map((r) => attempt(r).then((res) => void done.push(res))));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
      clearTimeout(timer);
      return done;
    },

    /** Sends up to `limit` rows whose backoff has elapsed, oldest first. */
    async sendDue(limit: number): Promise<SendResult[]> {
      const rows = await claim(null, limit);
      return Promise.all(rows.map(attempt));
    },

    close(): void {
      email?.close();
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;
