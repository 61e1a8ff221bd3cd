/**
 * The `read_requests` row of a read request, written by the worker's projection after
 * every change and by the API right after filing (so that its answer and the lists agree at once,
 * before the workflow's first projection lands). One statement for both, so the two can never
 * write different columns.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { ReadRequestInput, ReadRequestState } from '../../workflows/read-request-rules.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * Upserts the row. Monotonic: an older state (a retried or delayed attempt, or the API's initial
 * write after the workflow already projected) never overwrites a newer one. The fixed fields come
 * from the input, so the row is complete whichever writer comes first.
 */
export async function upsertReadRequestRow(db: Db, input: ReadRequestInput, state: ReadRequestState): Promise<void> {
  const step = state.currentStep === null ? null : state.steps[state.currentStep]!;
  await db.query(
    `INSERT INTO read_requests
       (id, kind, activity_id, requester_id, requester_role, requester_department, reader_id, organisation, purpose, content,
        days, letter, status, steps, current_step, approver_role, approver_department, waiting_since, decisions, reminders,
        grant_id, granted_at, expires_at, view_only, closed_at, version, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22, $23, $24, $25, $26, $27)
     ON CONFLICT (id) DO UPDATE
       SET status = EXCLUDED.status, current_step = EXCLUDED.current_step, approver_role = EXCLUDED.approver_role,
           approver_department = EXCLUDED.approver_department, waiting_since = EXCLUDED.waiting_since,
           decisions = EXCLUDED.decisions, reminders = EXCLUDED.reminders, grant_id = EXCLUDED.grant_id,
           granted_at = EXCLUDED.granted_at, expires_at = EXCLUDED.expires_at, view_only = EXCLUDED.view_only,
           closed_at = EXCLUDED.closed_at, version = EXCLUDED.version, updated_at = now()
     WHERE read_requests.version < EXCLUDED.version`,
    [
      input.requestId,
      input.kind,
      input.activityId,
      input.requester.userId,
      input.requester.role,
      input.requester.department,
      input.reader.userId,
      input.organisation,
      input.purpose,
      input.content,
      input.days,
      input.letter ? JSON.stringify(input.letter) : null,
      state.status,
      JSON.stringify(state.steps),
      state.currentStep,
      step?.role ?? null,
      step?.department ?? null,
      state.waitingSince,
      JSON.stringify(state.decisions),
      JSON.stringify(state.reminders),
      state.grant?.id ?? null,
      state.grant?.grantedAt ?? null,
      state.grant?.expiresAt ?? null,
      state.grant?.viewOnly ?? false,
      state.closedAt,
      state.version,
      input.filedAt,
    ],
  );
}

/** A department's Chinese name (培训部) for the messages that name an approver; null when the code is unknown. */
export async function departmentNameZh(db: Db, code: string | null): Promise<string | null> {
  if (!code) return null;
  const [row] = (await db.query(`SELECT name_zh FROM departments WHERE code = $1`, [code])) as Array<{ name_zh: string }>;
  return row?.name_zh ?? null;
}
