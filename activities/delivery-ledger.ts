/**
 * Sends what the ledger (`notification_deliveries`) holds as pending, for e-mail and the group
 * robots. Both `deliverNotices` (the notify steps' deliveries) and the worker's DeliveryRetrier send through here.
 *
 * Exactly once: a row is sent only by whoever claimed it (a lease, taken with one UPDATE … WHERE
 * status = 'pending' AND the lease is free … RETURNING), and a row marked `sent` is never claimed
 * again. The one gap: a crash after the server accepted a message and before its row is marked
 * `sent` leaves the row pending; once the lease expires it is sent again. A crash can catch several
 * such rows: the claimed rows are sent concurrently, and while PostgreSQL is away every accepted
 * message waits for its record (`recordSent`), so a worker killed during an outage repeats all of
 * them. The SMTP Message-ID is derived from the dedupe key, so a receiving system can drop repeats.
 *
 * Digests (`notification_digests`, written by notification-digests.ts) are sent the same way, and
 * their items (the held ledger rows they took) are marked sent in the same statement.
 *
 * Robots are paced: each configured robot has one sender loop per ledger ("drain") that waits for
 * a token of the process's bucket for that webhook (libs/notify/token-bucket.ts) before it claims
 * a row, so a lease never runs out while waiting for its turn. E-mail is sent at once.
 */
import type { DataSource } from 'typeorm';
import { createEmailSender, type EmailSender } from '../libs/notify/channels/email.js';
import { buildRobotRequest, sendRobot, type RobotKind } from '../libs/notify/channels/webhook.js';
import { robotRateOf, type NotifyConfig } from '../libs/notify/config.js';
import type { NotifyChannel } from '../libs/notify/dedupe.js';
import type { RenderedMessage } from '../libs/notify/message.js';
import { groupRobots } from '../libs/notify/plan.js';
import { isDatabaseUnavailable } from '../libs/db/availability.js';
import { backoffDelay, deliver } from '../libs/notify/retry.js';
import { robotPacer, type Pacer } from '../libs/notify/token-bucket.js';

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
  /** Set for a digest (its id is then a notification_digests id). */
  digest?: true;
}

/** Ledger rows (one escalation, recipient and channel) or digests (many escalations). */
type Source = 'delivery' | 'digest';

interface ClaimedRow {
  source: Source;
  id: string;
  channel: NotifyChannel;
  address: string | null;
  message: RenderedMessage;
  dedupe_key: string;
  attempts: number;
}

const silent: LedgerLogger = { info() {}, warn() {} };

/** How long `stop` waits for e-mail still being sent: the budget an activity waits for its own. */
const STOP_SEND_WAIT_MS = 15_000;

const MARK_SENT = `
  UPDATE notification_deliveries
     SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL, claimed_until = NULL
   WHERE id = $1`;
/** A digest and the held rows it took are sent together. */
const MARK_DIGEST_SENT = `
  WITH digest AS (
    UPDATE notification_digests
       SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL, claimed_until = NULL
     WHERE id = $1
    RETURNING id)
  UPDATE notification_deliveries
     SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL, claimed_until = NULL
   WHERE digest_id IN (SELECT id FROM digest) AND status <> 'sent'`;
// `status <> 'sent'`: a slow sender whose lease ran out never undoes another's success.
const MARK_FAILURE = `
  UPDATE notification_deliveries
     SET status = $2, attempts = $3, last_error = $4, claimed_until = NULL,
         next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
   WHERE id = $1 AND status <> 'sent'`;
/** The digest's items show its error (channel health) and, once it is given up, fail with it. */
const MARK_DIGEST_FAILURE = `
  WITH digest AS (
    UPDATE notification_digests
       SET status = $2, attempts = $3, last_error = $4, claimed_until = NULL,
           next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
     WHERE id = $1 AND status <> 'sent'
    RETURNING id)
  UPDATE notification_deliveries
     SET status = $2, attempts = $3, last_error = $4, last_attempt_at = now()
   WHERE digest_id IN (SELECT id FROM digest) AND status <> 'sent'`;

export function createDeliveryLedger(deps: DeliveryLedgerDeps) {
  const { dataSource, notify } = deps;
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  const logger = deps.logger ?? silent;
  const email: EmailSender | null = notify.email ? createEmailSender(notify.email) : null;
  const emailChannels: NotifyChannel[] = email ? ['email'] : [];
  const robots = groupRobots(notify);
  /** Channels this process can send; rows of other channels are left to a process that can. */
  const channels: NotifyChannel[] = [...emailChannels, ...robots];
  const pacers = new Map<RobotKind, Pacer>(robots.map((k) => [k, robotPacer(notify.robots[k]!.url, robotRateOf(notify))]));
  const stopping = new AbortController();

  /**
   * Claims up to `limit` due rows of `channels`: ledger rows not held for a digest (of the given
   * escalations, or of any when `escalationIds` is null), or digests.
   */
  async function claim(source: Source, of: NotifyChannel[], escalationIds: string[] | null, limit: number): Promise<ClaimedRow[]> {
    if (!of.length || escalationIds?.length === 0) return [];
    const table = source === 'delivery' ? 'notification_deliveries' : 'notification_digests';
    const own = source === 'delivery' ? `AND held_at IS NULL AND ($4::uuid[] IS NULL OR escalation_id = ANY($4::uuid[]))` : '';
    const rows = (await dataSource.query(
      `WITH claimed AS (
         UPDATE ${table} d
            SET claimed_until = now() + make_interval(secs => $1::double precision / 1000), last_attempt_at = now()
          WHERE d.id IN (
            SELECT id FROM ${table}
             WHERE status = 'pending' AND channel = ANY($2) AND next_attempt_at <= now()
               AND (claimed_until IS NULL OR claimed_until < now()) ${own}
             ORDER BY next_attempt_at
             LIMIT $3
             FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d.channel, d.address, d.message, d.dedupe_key, d.attempts)
       SELECT * FROM claimed`,
      source === 'delivery' ? [policy.leaseMs, of, limit, escalationIds] : [policy.leaseMs, of, limit],
    )) as Omit<ClaimedRow, 'source'>[];
    return rows.map((r) => ({ ...r, source }));
  }

  async function sendOne(row: ClaimedRow, tryNo: number): Promise<void> {
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
    // The first try was paid for before the claim (drainRobot); a retry waits for a token of its own.
    if (tryNo > 1) await pacers.get(kind)?.take(stopping.signal);
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
        await dataSource.query(row.source === 'delivery' ? MARK_SENT : MARK_DIGEST_SENT, [row.id, attempts]);
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || Date.now() + wait > until) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** Sends one claimed row and records the outcome; never throws. */
  async function attempt(row: ClaimedRow): Promise<SendResult> {
    const outcome = await deliver((tryNo) => sendOne(row, tryNo), { attempts: policy.triesPerClaim, baseMs: 500, maxMs: 2_000 });
    const attempts = row.attempts + outcome.attempts;
    const result = (status: SendResult['status'], error?: string): SendResult => ({
      id: row.id,
      channel: row.channel,
      status,
      ...(error === undefined ? {} : { error }),
      ...(row.source === 'digest' ? { digest: true as const } : {}),
    });
    try {
      if (outcome.ok) {
        await recordSent(row, attempts);
        return result('sent');
      }
      const status = outcome.permanent || attempts >= policy.maxAttempts ? 'failed' : 'pending';
      const delay = backoffDelay(attempts, { baseMs: policy.retryBaseMs, maxMs: policy.retryMaxMs });
      await dataSource.query(row.source === 'delivery' ? MARK_FAILURE : MARK_DIGEST_FAILURE, [
        row.id,
        status,
        attempts,
        outcome.error.slice(0, 1000),
        delay,
      ]);
      const meta = {
        [row.source === 'delivery' ? 'deliveryId' : 'digestId']: row.id,
        channel: row.channel,
        attempts,
        error: outcome.error,
      };
      if (status === 'failed') logger.warn('notification delivery failed; given up', meta);
      else logger.info('notification delivery failed; will retry', meta);
      return result(status, outcome.error);
    } catch (err) {
      // The database is away: the lease expires and the row is claimed again later.
      logger.warn('could not record a delivery outcome', { deliveryId: row.id, error: String(err) });
      return result('pending', String(err));
    }
  }

  /** E-mail sends of `sendForEscalations` still running. */
  const inFlight = new Set<Promise<unknown>>();
  const drains = new Map<RobotKind, Promise<void>>();
  const again = new Set<RobotKind>();

  /**
   * Sends a robot's due rows and digests one at a time, each after a token of its webhook's bucket,
   * until none is left; a call while it runs makes it look once more before it ends. Never throws.
   */
  function drainRobot(kind: RobotKind): Promise<void> {
    const pacer = pacers.get(kind);
    if (!pacer || stopping.signal.aborted) return Promise.resolve();
    const running = drains.get(kind);
    if (running) {
      again.add(kind);
      return running;
    }
    const run = (async () => {
      do {
        again.delete(kind);
        while (!stopping.signal.aborted) {
          await pacer.take(stopping.signal);
          // Escalations sent on their own first, then digests.
          let [row] = await claim('delivery', [kind], null, 1);
          row ??= (await claim('digest', [kind], null, 1))[0];
          if (!row) {
            pacer.giveBack();
            break;
          }
          await attempt(row);
        }
      } while (again.has(kind) && !stopping.signal.aborted);
    })()
      .catch((err: unknown) => {
        if (!stopping.signal.aborted) logger.warn(`${kind} robot sending paused until the next round`, { error: String(err) });
      })
      .finally(() => drains.delete(kind));
    drains.set(kind, run);
    return run;
  }

  /** Wakes every robot's sender (not waiting for it: a wave takes minutes at 20 a minute). */
  function kickRobots(): void {
    for (const kind of robots) void drainRobot(kind);
  }

  return {
    channels,

    /**
     * Sends the pending e-mail of the escalations (one claim for all of them), waiting at most
     * `budgetMs`: the activity must end well inside its start-to-close timeout. Sends still running
     * go on and record themselves; only finished ones are in the result. Their robot rows go to the
     * robots' paced senders.
     */
    async sendForEscalations(escalationIds: string[], budgetMs = 15_000): Promise<SendResult[]> {
      const rows = await claim('delivery', emailChannels, escalationIds, 100 * escalationIds.length);
      kickRobots();
      const done: SendResult[] = [];
      const all = Promise.all(rows.map((r) => attempt(r).then((res) => void done.push(res))));
      // `stop` waits for them: a send the mail server accepted must be recorded before the database goes.
      inFlight.add(all);
      void all.finally(() => inFlight.delete(all));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
      clearTimeout(timer);
      return done;
    },

    /**
     * Sends up to `limit` e-mail rows and up to `limit` e-mail digests whose backoff has elapsed,
     * oldest first, and wakes the robots' senders (their rows are paced, not batched).
     */
    async sendDue(limit: number): Promise<SendResult[]> {
      kickRobots();
      const rows = [...(await claim('delivery', emailChannels, null, limit)), ...(await claim('digest', emailChannels, null, limit))];
      return Promise.all(rows.map(attempt));
    },

    /** Wakes the robots' senders, e.g. once digests for them are written. */
    kickRobots,

    /** Stops the robots' senders (a message in flight finishes and is recorded) and closes the SMTP transport. */
    async stop(): Promise<void> {
      stopping.abort(new Error('the delivery ledger is stopping'));
      await Promise.all(drains.values());
      // E-mail still on its way from an activity that returned before it (a local step waits for none).
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_SEND_WAIT_MS)));
      await Promise.race([Promise.allSettled([...inFlight]), bound]);
      clearTimeout(timer);
      email?.close();
    },

    /** `stop` without waiting. */
    close(): void {
      stopping.abort(new Error('the delivery ledger is stopping'));
      email?.close();
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;
