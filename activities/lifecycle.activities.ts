import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { QueryFailedError, type DataSource } from 'typeorm';
import { ActivityEntity } from '../libs/db/entities/activity.entity.js';
import { CALENDAR_INPUT_FAILURE, UNKNOWN_ACTIVITY_FAILURE } from '../libs/domain/failures.js';
import { isDestroyed, withoutDestroyedContent } from '../libs/domain/destroyed.js';
import type { DeadlineKey, LifecycleState, Stage } from '../libs/domain/lifecycle.js';
import {
  stateAfterNotices,
  stateAfterStep,
  type DeadlineToOpen,
  type OpenedDeadline,
  type ProjectedStep,
} from '../libs/domain/lifecycle-machine.js';
import { dedupeKey } from '../libs/notify/dedupe.js';
import { recipientRolesFor, type RecipientRule } from '../libs/notify/recipients.js';
import { projectReviews } from './review-projection.js';
import { ARCHIVED_STAGES, type ArchiveSteward } from './archive.activities.js';

export interface LifecycleActivityDeps {
  dataSource: DataSource;
  /** Delivers recorded notices to people (activities/notification.activities.ts); none: record only. */
  deliverNotices?: (
    notices: Array<DeadlineNotice & { escalationId: string; rules: RecipientRule[] }>,
    options?: { sendBudgetMs?: number },
  ) => Promise<unknown>;
  /** How long a registration's row may take to appear; REGISTRATION_GRACE_MS unless a test shortens it. */
  registrationGraceMs?: number;
  /** Stores the archive copy and carries out a destruction as the projected stage asks (archive.activities.ts). */
  archive?: Pick<ArchiveSteward, 'reconcile'>;
  /** The calendar's due times (deadline.activities.ts), for `computeDeadlinesAndProject`. */
  computeDeadlines?: (open: DeadlineToOpen[]) => Promise<OpenedDeadline[]>;
}

/**
 * The API's registering transaction ends within seconds of the workflow's start, committed or
 * not: its Temporal start and each statement have deadlines (TEMPORAL_RPC_TIMEOUT_MS, the
 * database timeouts in libs/db/data-source.ts). A row still missing this long after the first
 * check never comes.
 */
export const REGISTRATION_GRACE_MS = 120_000;

/** What `computeDeadlinesAndProject` answers: the deadlines, the state projected (null: left to the workflow), and the step's time. */
export interface StepComputed {
  opened: OpenedDeadline[];
  projected: LifecycleState | null;
  now: string;
}

/** A step into a stage whose archive work (the final version's copy, a destruction) `reconcile` does. */
function needsArchiveStep(before: LifecycleState, after: LifecycleState): boolean {
  const archivedBefore = ARCHIVED_STAGES.includes(before.stage);
  return (!archivedBefore && ARCHIVED_STAGES.includes(after.stage)) || (!isDestroyed(before) && isDestroyed(after));
}

/**
 * How long `computeDeadlinesAndProject` waits for its projection: a message waits on it (within the
 * API's patience), so a slow write is left to the workflow's own projection (a late write changes
 * nothing: projections are monotonic by version).
 */
const STEP_PROJECTION_MS = 1_000;

function withinMs<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export interface DeadlineNotice {
  workflowId: string;
  activityId: string;
  leadDepartment: string;
  deadlineKey: DeadlineKey;
  occurrence: number;
  kind: 'overdue' | 'reminder';
  dueAt: string;
  firedAt: string;
  /** The stage when it fired: a reminder goes to whoever holds the summary then (absent in notices scheduled before). */
  stage?: Stage;
}

/**
 * What `notifyDeadlinesAndProject` answers: each notice's recipients, in order, the state it
 * projected (or null), and the notices themselves: run as a local activity its input is not in
 * history, and the R-17 timeline reads what was sent from here.
 */
export interface NoticesSent {
  sent: Array<{ recipients: string[] }>;
  projected: LifecycleState | null;
  notices: DeadlineNotice[];
}

/** Role-level recipient names: `dept_head@publicity` for department roles, `admin` otherwise. */
export function recipientNames(rules: RecipientRule[], leadDepartment: string): string[] {
  return rules.map((r) => `${r.role}${r.headOnly ? ':head' : ''}${r.scope === 'lead_department' ? `@${leadDepartment}` : ''}`);
}

/** Whether this runs as a local activity (a direct call outside any activity, as in tests: no). */
function isLocalActivity(): boolean {
  try {
    return Context.current().info.isLocal;
  } catch {
    return false;
  }
}

/** The activity row of a lifecycle is not (yet) in PostgreSQL. */
const ACTIVITY_NOT_RECORDED = 'ActivityNotRecorded';

/** PostgreSQL foreign_key_violation: the activity row is gone, and no retry brings it back. */
const FOREIGN_KEY_VIOLATION = '23503';

async function insertOrUnknown(activityId: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (err) {
    if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
      throw ApplicationFailure.nonRetryable(`activity ${activityId} is not recorded`, UNKNOWN_ACTIVITY_FAILURE);
    }
    throw err;
  }
}

export function createLifecycleActivities({
  dataSource,
  deliverNotices,
  registrationGraceMs = REGISTRATION_GRACE_MS,
  archive,
  computeDeadlines,
}: LifecycleActivityDeps) {
  const activities = dataSource.getRepository(ActivityEntity);

  /**
   * Writes the state lists and reports read, and the reviews the lifecycle took. Idempotent and
   * monotonic: an older version (a retried or delayed attempt) never overwrites a newer one.
   */
  async function writeProjection(state: LifecycleState): Promise<void> {
    const pending = state.deadlines.filter((d) => d.status === 'pending').map((d) => Date.parse(d.dueAt));
    await dataSource.query(
      `UPDATE activities
          SET lifecycle = $2, projection_version = $3, stage = $4, is_major = $5, revision_count = $6,
              next_deadline_at = $7, is_overdue = $8, permanent = $9, updated_at = now()
        WHERE id = $1 AND projection_version < $3`,
      [
        state.activityId,
        JSON.stringify(withoutDestroyedContent(state)),
        state.version,
        state.stage,
        state.isMajor,
        state.revisionCount,
        pending.length ? new Date(Math.min(...pending)) : null,
        state.deadlines.some((d) => d.status === 'overdue'),
        state.permanent,
      ],
    );
    // A destroyed summary's reviews went with its versions: none is projected back.
    if (!isDestroyed(state)) await projectReviews(dataSource, state);
  }

  /**
   * The API starts the workflow inside the transaction that inserts the row, so the row may not be
   * visible yet: "not recorded" is retried until the grace period has passed since the first try,
   * then it is final (see `confirmActivityRecorded`).
   */
  async function confirmRecorded(activityId: string): Promise<void> {
    if (await activities.exists({ where: { id: activityId } })) return;
    const { scheduledTimestampMs, currentAttemptScheduledTimestampMs } = Context.current().info;
    const waitedMs = currentAttemptScheduledTimestampMs - scheduledTimestampMs;
    const final = waitedMs >= registrationGraceMs;
    throw ApplicationFailure.create({
      type: ACTIVITY_NOT_RECORDED,
      message: final ? `activity ${activityId} was never recorded (${waitedMs} ms)` : `activity ${activityId} is not recorded (yet)`,
      nonRetryable: final,
      // Expected while the API commits: no warning with a stack trace per try.
      ...(final ? {} : { category: ApplicationFailureCategory.BENIGN }),
    });
  }

  /**
   * The deadlines a step (the end, a message) opens, then the projection of the state the workflow
   * commits with them (`stateAfterStep`, the machine's own transition): one activity where there
   * were two back to back (issue #16, the history budget). Answers with the deadlines and the state
   * projected — in history, where the R-17 timeline reads it — or null when the projection could
   * not be written (the workflow's loop then projects as usual): a database outage must not refuse
   * a message whose calendar answered. A calendar failure throws as `computeDeadlines` does, with
   * nothing projected. A step that needs the archive (the final version's copy is due, or a
   * destruction) is not projected here either: rendering a Word document inside a message's 2 s
   * budget made the full chaos run refuse final approvals as UNAVAILABLE, so the loop's durable
   * `recordProjection` does it, as before. When the workflow's state changed while this ran (a
   * deadline fired meanwhile), the workflow does not count this projection and projects its own,
   * newer version right after.
   *
   * The end takes effect when its deadlines are known (`now` in the answer: an outage that delays
   * them delays the stage change too, as the stage history then says); a message keeps its own time.
   */
  async function computeAndProject(input: { open: DeadlineToOpen[]; step: ProjectedStep }): Promise<StepComputed> {
    if (!computeDeadlines) throw new Error('computeDeadlinesAndProject needs the calendar (computeDeadlines)');
    const opened = await computeDeadlines(input.open);
    const step: ProjectedStep = input.step.kind === 'ended' ? { ...input.step, now: new Date().toISOString() } : input.step;
    const { now } = step;
    const log = Context.current().log;
    let next: LifecycleState;
    try {
      next = stateAfterStep(step, opened);
    } catch (err) {
      // The workflow's own transition refuses the message the same way: nothing to project.
      log.warn(`step of ${input.step.state.activityId} not projected: ${String(err)}`);
      return { opened, projected: null, now };
    }
    if (needsArchiveStep(input.step.state, next)) return { opened, projected: null, now };
    try {
      await withinMs(writeProjection(next), STEP_PROJECTION_MS);
    } catch (err) {
      log.warn(`projection of ${next.activityId} v${next.version} left to the workflow: ${String(err)}`);
      return { opened, projected: null, now };
    }
    return { opened, projected: withoutDestroyedContent(next), now };
  }

  /** The archive step of a projected state; never holds up the projection: what fails here the worker's ArchiveSweeper does later. */
  function reconcileArchive(state: LifecycleState): Promise<void> {
    const log = Context.current().log;
    return (archive?.reconcile(state) ?? Promise.resolve()).then(
      () => undefined,
      (err: unknown) => log.warn(`archive step of ${state.activityId} (${state.stage}) left to the sweeper: ${String(err)}`),
    );
  }

  /**
   * Records reminders and overdue escalations (SPEC §3 recipients), each exactly once per
   * (workflow, deadline, occurrence, kind): the dedupe key is unique in the table. Then delivers
   * them (inbox, e-mail, robots), each exactly once per recipient and channel; send failures do
   * not fail this activity (they are retried outside the workflow), so the workflow's one call per
   * wake stays one call. Everything a wake found due goes in the same few statements: one for the
   * escalation rows, then the deliveries' (issue #16: the deadline wave's worker and database
   * time were mostly round trips, a dozen per notice). Answers each notice's recipients, in order.
   */
  async function notifyAll(notices: DeadlineNotice[]): Promise<Array<{ recipients: string[] }>> {
    if (!notices.length) return [];
    const planned = notices.map((notice) => {
      const rules = recipientRolesFor(notice.deadlineKey, notice.kind, notice.stage);
      const key = dedupeKey({
        workflowId: notice.workflowId,
        deadlineKey: notice.deadlineKey,
        kind: notice.kind,
        recipient: '*',
        channel: 'inbox',
        occurrence: notice.occurrence,
      });
      return { notice, rules, recipients: recipientNames(rules, notice.leadDepartment), key };
    });
    const keys = planned.map((p) => p.key);
    // The rows inserted now or (a retry) the ones an earlier try inserted, whose ids the
    // deliveries then go under. The SELECT reads the snapshot before the INSERT: no row twice.
    let ids = new Map<string, string>();
    await insertOrUnknown(notices[0]!.activityId, async () => {
      const rows = (await dataSource.query(
        `WITH ins AS (
           INSERT INTO escalations
             (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients,
              due_at, fired_at, resolved_at, dedupe_key)
           SELECT r.id, r.activity_id, r.workflow_id, r.lead_department, r.deadline_key, r.occurrence, r.kind,
                  r.recipients::jsonb, r.due_at, r.fired_at, NULL, r.dedupe_key
             FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                         $9::timestamptz[], $10::timestamptz[], $11::text[])
                  AS r (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients,
                        due_at, fired_at, dedupe_key)
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING id, dedupe_key)
         SELECT id, dedupe_key FROM ins UNION ALL SELECT id, dedupe_key FROM escalations WHERE dedupe_key = ANY($11)`,
        [
          planned.map(() => randomUUID()),
          planned.map((p) => p.notice.activityId),
          planned.map((p) => p.notice.workflowId),
          planned.map((p) => p.notice.leadDepartment),
          planned.map((p) => p.notice.deadlineKey),
          planned.map((p) => p.notice.occurrence),
          planned.map((p) => p.notice.kind),
          planned.map((p) => JSON.stringify(p.recipients)),
          planned.map((p) => p.notice.dueAt),
          planned.map((p) => p.notice.firedAt),
          keys,
        ],
      )) as Array<{ id: string; dedupe_key: string }>;
      ids = new Map(rows.map((r) => [r.dedupe_key, r.id]));
    });
    const missing = keys.filter((k) => !ids.has(k));
    if (missing.length) {
      // Another try of these notices inserted the rows and committed while this statement waited
      // on them: its snapshot could not see them, a fresh statement can.
      const rows = (await dataSource.query(`SELECT id, dedupe_key FROM escalations WHERE dedupe_key = ANY($1)`, [missing])) as Array<{
        id: string;
        dedupe_key: string;
      }>;
      for (const r of rows) ids.set(r.dedupe_key, r.id);
    }
    if (deliverNotices) {
      const lost = keys.find((k) => !ids.has(k));
      if (lost) throw new Error(`escalation ${lost} vanished after insert`);
      // A local activity holds its workflow task: its sends go on without it (leased, recorded,
      // retried by the worker's DeliveryRetrier) rather than waiting for a slow mail server.
      await deliverNotices(
        planned.map((p) => ({ ...p.notice, escalationId: ids.get(p.key)!, rules: p.rules })),
        isLocalActivity() ? { sendBudgetMs: 0 } : {},
      );
    }
    return planned.map((p) => ({ recipients: p.recipients }));
  }

  return {
    /**
     * The API starts the workflow inside the transaction that inserts the row, so the row may
     * not be visible yet: "not recorded" is retried until the grace period has passed since the
     * first try, then it is final and the workflow closes as an orphan (the API crashed, or lost
     * PostgreSQL, between start and commit). Time is measured between the first try and this
     * one, on the server's clock (a local activity's: the worker's). A database that cannot be
     * reached is no answer: retried without limit (however long the outage lasts, a recorded
     * activity is never taken for an orphan).
     */
    async confirmActivityRecorded(activityId: string): Promise<void> {
      await confirmRecorded(activityId);
    },

    /**
     * `confirmActivityRecorded`, then `computeDeadlinesAndProject` for the end (issue #16: one
     * activity for a lifecycle registered after its activity ended). Only a row that never came
     * fails for good: a calendar input error leaves the deadlines unset, as the end's own
     * computation does, and an unreadable calendar is retried like the check.
     */
    async confirmRecordedAndComputeDeadlines(input: {
      activityId: string;
      open: DeadlineToOpen[];
      step: ProjectedStep;
    }): Promise<StepComputed> {
      await confirmRecorded(input.activityId);
      try {
        return await computeAndProject(input);
      } catch (err) {
        if (!(err instanceof ApplicationFailure) || err.type !== CALENDAR_INPUT_FAILURE) throw err;
        Context.current().log.error(`deadlines at the end of ${input.activityId} could not be computed: ${err.message}`);
        return { opened: [], projected: null, now: new Date().toISOString() };
      }
    },

    /**
     * Writes the state lists and reports read, and the reviews the lifecycle took. Idempotent
     * and monotonic: an older version (a retried or delayed attempt) never overwrites a newer one.
     */
    async recordProjection(state: LifecycleState): Promise<void> {
      await writeProjection(state);
      await reconcileArchive(state);
    },

    /**
     * The deadlines a step (the end, a message) opens, then the projection of the state the workflow
     * commits with them (`stateAfterStep`, the machine's own transition): one activity where there
     * were two back to back (issue #16, the history budget). Answers with the deadlines and the
     * state projected — in history, where the R-17 timeline reads it — or null when the projection
     * could not be written (the workflow's loop then projects as usual): a database outage must
     * not refuse a message whose calendar answered. A calendar failure throws as `computeDeadlines`
     * does, with nothing projected. The archive step runs in the background, so a message waiting
     * on this activity does not wait for a Word document.
     */
    computeDeadlinesAndProject: computeAndProject,

    /** One reminder or escalation (runs recorded before the lean history; `notifyAll`). */
    async notifyDeadline(notice: DeadlineNotice): Promise<{ recipients: string[] }> {
      const [sent] = await notifyAll([notice]);
      return sent!;
    },

    /**
     * `notifyDeadline` for everything a lifecycle found due at one instant (the lean history: one
     * activity per wake). Each notice keeps its own dedupe key, so a retry of the whole batch
     * records and delivers nothing twice. Answers the recipients of each notice, in order.
     */
    async notifyDeadlines(notices: DeadlineNotice[]): Promise<Array<{ recipients: string[] }>> {
      return await notifyAll(notices);
    },

    /**
     * `notifyDeadlines`, then the projection of the state the workflow commits with the recipients
     * (`stateAfterNotices`, the machine's own step): one activity and one workflow task per wake
     * where there were two of each (issue #16). The projection is best-effort like
     * `computeDeadlinesAndProject`'s: null when it could not be written in time, and the loop then
     * projects as usual. Firing a deadline never moves the stage, so no archive step is due here;
     * the workflow counts this projection only when the state it was given had been projected
     * already (a step into the archive goes through `recordProjection`).
     */
    async notifyDeadlinesAndProject(input: { notices: DeadlineNotice[]; state: LifecycleState }): Promise<NoticesSent> {
      const sent = await notifyAll(input.notices);
      const next = stateAfterNotices(
        input.state,
        input.notices.map((n, i) => ({
          deadlineKey: n.deadlineKey,
          occurrence: n.occurrence,
          kind: n.kind,
          firedAt: n.firedAt,
          ...sent[i]!,
        })),
      );
      const { notices } = input;
      if (needsArchiveStep(input.state, next)) return { sent, projected: null, notices };
      try {
        await withinMs(writeProjection(next), STEP_PROJECTION_MS);
      } catch (err) {
        Context.current().log.warn(`projection of ${next.activityId} v${next.version} left to the workflow: ${String(err)}`);
        return { sent, projected: null, notices };
      }
      return { sent, projected: withoutDestroyedContent(next), notices };
    },

    /** An escalation resolves when the late step is done. */
    async resolveEscalations(input: {
      workflowId: string;
      deadlineKey: DeadlineKey;
      occurrence: number;
      resolvedAt: string;
    }): Promise<void> {
      await dataSource.query(
        `UPDATE escalations SET resolved_at = $4
          WHERE workflow_id = $1 AND deadline_key = $2 AND occurrence = $3 AND kind = 'overdue' AND resolved_at IS NULL`,
        [input.workflowId, input.deadlineKey, input.occurrence, new Date(input.resolvedAt)],
      );
    },
  };
}
