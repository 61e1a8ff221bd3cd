/**
 * The batching rule (libs/notify/batching.ts) against the ledger: whether an escalation's e-mail or
 * robot row is sent on its own or held for a digest. Decided once, when the row is written, inside
 * its transaction and under a lock per recipient and channel (taken in key order, so two
 * transactions never wait on each other in a circle), so concurrent escalations for one person
 * never both take the last place in the window.
 */
import type { EntityManager } from 'typeorm';
import { batchDecision, rateKey, type BatchPolicy } from '../libs/notify/batching.js';
import type { NotifyChannel } from '../libs/notify/dedupe.js';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Transaction-scoped: released at COMMIT or ROLLBACK. One statement takes them all, in the order
 * given here (sorted, with ordinality), so two transactions never wait on each other in a circle.
 */
export async function lockRateKeys(em: Queryable, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (!sorted.length) return;
  await em.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('notify-rate:' || k.key, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS k (key, n) ORDER BY k.n`,
    [sorted],
  );
}

/**
 * The database's clock and the times of the newest messages (individual rows admitted, digests
 * written) to each recipient on each channel within the window: at most `limit` each, all the rule
 * needs. One round trip for any number of them, answered in the order asked.
 */
export async function recentSendsOf(
  em: Queryable,
  of: ReadonlyArray<{ channel: NotifyChannel; recipient: string }>,
  policy: BatchPolicy,
): Promise<Array<{ now: number; recent: number[] }>> {
  if (!of.length) return [];
  const rows = (await em.query(
    `WITH t AS (SELECT clock_timestamp() AS now)
     SELECT extract(epoch FROM t.now) * 1000 AS now,
            ARRAY(SELECT extract(epoch FROM x.at) * 1000 FROM (
                    SELECT admitted_at AS at FROM notification_deliveries
                     WHERE channel = r.channel AND recipient = r.recipient
                       AND admitted_at > t.now - make_interval(secs => $3::double precision / 1000)
                    UNION ALL
                    SELECT created_at FROM notification_digests
                     WHERE channel = r.channel AND recipient = r.recipient
                       AND created_at > t.now - make_interval(secs => $3::double precision / 1000)
                  ) x ORDER BY x.at DESC LIMIT $4) AS recent
       FROM t, unnest($1::text[], $2::text[]) WITH ORDINALITY AS r (channel, recipient, n)
      ORDER BY r.n`,
    [of.map((r) => r.channel), of.map((r) => r.recipient), policy.windowMs, Number.isFinite(policy.limit) ? policy.limit : 0],
  )) as Array<{ now: string | number; recent: Array<string | number> }>;
  return rows.map((row) => ({ now: Number(row.now), recent: row.recent.map(Number) }));
}

/** `recentSendsOf` for one recipient and channel. */
export async function recentSends(
  em: Queryable,
  channel: NotifyChannel,
  recipient: string,
  policy: BatchPolicy,
): Promise<{ now: number; recent: number[] }> {
  const [one] = await recentSendsOf(em, [{ channel, recipient }], policy);
  return one!;
}

export interface OutgoingRow {
  channel: NotifyChannel;
  recipient: string;
  dedupeKey: string;
}

/**
 * `send` or `hold` for each new row (by dedupe key); rows already in the ledger (a retried
 * activity) keep the decision they got and are left out. Call inside the transaction that then
 * inserts the rows: the locks last until it ends. Rows are decided in order, and one admitted
 * here counts against the next to the same recipient and channel (a late registration's three
 * escalations are written together).
 */
export async function admitOrHold(em: Queryable, policy: BatchPolicy, rows: readonly OutgoingRow[]): Promise<Map<string, 'send' | 'hold'>> {
  const decisions = new Map<string, 'send' | 'hold'>();
  if (!rows.length) return decisions;
  const existing = new Set(
    (
      (await em.query(`SELECT dedupe_key FROM notification_deliveries WHERE dedupe_key = ANY($1)`, [
        rows.map((r) => r.dedupeKey),
      ])) as Array<{
        dedupe_key: string;
      }>
    ).map((r) => r.dedupe_key),
  );
  const fresh = rows.filter((r) => !existing.has(r.dedupeKey));
  if (!Number.isFinite(policy.limit)) {
    for (const r of fresh) decisions.set(r.dedupeKey, 'send');
    return decisions;
  }
  const byKey = new Map<string, OutgoingRow>();
  for (const r of fresh) byKey.set(rateKey(r.channel, r.recipient), r);
  await lockRateKeys(em, byKey.keys());
  const keys = [...byKey.keys()];
  const recent = new Map(
    (await recentSendsOf(em, [...byKey.values()], policy)).map((r, i) => [keys[i]!, { now: r.now, recent: [...r.recent] }]),
  );
  for (const r of fresh) {
    const window = recent.get(rateKey(r.channel, r.recipient))!;
    const decision = batchDecision(window.recent, window.now, policy);
    decisions.set(r.dedupeKey, decision);
    if (decision === 'send') window.recent.push(window.now);
  }
  return decisions;
}
