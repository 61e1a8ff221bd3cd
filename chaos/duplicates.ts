/**
 * Exactly once, counted where it shows: for the given activities, how many escalations, ledger
 * rows and inbox items exist more than once for one key, and how many e-mails and robot messages
 * the receivers got more than once. The chaos run and the deadline-wave bench both print these.
 */
import type { ChaosStack } from './stack.js';

export interface Duplicates {
  duplicate_escalations: number;
  duplicate_ledger: number;
  duplicate_inbox: number;
  duplicate_smtp: number;
  duplicate_webhook: number;
}

/** Rows of a query: node-postgres' `(await client.query(...)).rows`, or TypeORM's `dataSource.query`. */
export type RowsOf = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export async function countDuplicates(rows: RowsOf, ids: string[], stack: Pick<ChaosStack, 'mails' | 'robot'>): Promise<Duplicates> {
  const dupes = async (sql: string) => Number((await rows(`SELECT count(*) AS n FROM (${sql}) d`, [ids]))[0]?.n ?? 0);
  const repeated = (keys: string[]) => {
    const seen = new Map<string, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen.values()].filter((n) => n > 1).length;
  };
  return {
    duplicate_escalations: await dupes(
      `SELECT 1 FROM escalations WHERE activity_id = ANY($1) GROUP BY activity_id, deadline_key, occurrence, kind HAVING count(*) > 1`,
    ),
    duplicate_ledger: await dupes(
      `SELECT 1 FROM notification_deliveries d JOIN escalations e ON e.id = d.escalation_id
        WHERE e.activity_id = ANY($1) GROUP BY d.escalation_id, d.recipient, d.channel HAVING count(*) > 1`,
    ),
    duplicate_inbox: await dupes(
      `SELECT 1 FROM notifications WHERE activity_id = ANY($1) GROUP BY user_id, escalation_id HAVING count(*) > 1`,
    ),
    duplicate_smtp: repeated(stack.mails.map((m) => /^message-id:\s*(\S+)/im.exec(m.raw)?.[1] ?? m.raw)),
    duplicate_webhook: repeated(stack.robot.requests.map((r) => JSON.stringify(r.body.markdown ?? r.body.text ?? r.body))),
  };
}
