/**
 * R-17 the supervisor's evidence timeline, rebuilt from a lifecycle's workflow history: what was
 * accepted, by whom and when, from registration to archive and beyond, and the deadlines side by
 * side. Pure: it reads the history events in protobufjs' object form (enums as names, 64-bit
 * numbers and bytes as strings — what test/workflows/histories/*.json hold and what the API makes
 * of `fetchHistory()`), one run after the other, oldest first.
 *
 * What counts as evidence:
 *   - an update counts when its outcome completed with success. A validator's refusal never
 *     reaches history; a refusal in the handler (e.g. the calendar could not be read) completes
 *     with a failure and is left out;
 *   - a signal counts when its effect shows in a later state of the lifecycle: a refused signal
 *     changes nothing, so no record of the state matches it. The states are those the workflow
 *     wrote to history itself: the projection activity's input (or the state a
 *     `computeDeadlinesAndProject` or `notifyDeadlinesAndProject` projected, in its result), each update's result, the
 *     continue-as-new input and the final result;
 *   - a message whose request id was already processed (a retry) counts once, at its first time;
 *   - reminders and escalations are the `notifyDeadline`, `notifyDeadlines` and `notifyDeadlinesAndProject` activities,
 *     with the recipients reached;
 *   - a local activity (the end's step, a wake's notices) is a marker holding its answer only: the
 *     answer carries the state projected and the notices sent.
 * Details carry the process facts only (who decided what, counts of comments), never the text
 * people wrote: a destroyed summary's content must not come back through its timeline.
 */
import type { DeadlineKey, DeadlineStatus, LifecycleState } from '../domain/lifecycle.js';
import type { Actor } from '../domain/roles.js';

export const TIMELINE_KINDS = [
  'registered',
  'ended',
  'baseData',
  'submitted',
  'reviewed',
  'returned',
  'specialMeeting',
  'archived',
  'feedback',
  'disposal',
  'permanentSet',
  'reminded',
  'escalated',
  'calendarChanged',
  'closed',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type DetailValue = string | number | boolean | null | string[];

export interface TimelineEvent {
  /** ISO instant: the lifecycle's own time of the fact when its state records one, else the history event's time. */
  at: string;
  kind: TimelineKind;
  /** Who sent the message; null for what the lifecycle did by itself (end, reminders, escalations). */
  actor: Actor | null;
  detail: Record<string, DetailValue>;
  /** How it entered the history. */
  source: 'update' | 'signal' | 'workflow';
  /** The message's request id (updates and signals). */
  requestId: string | null;
  /** Where in the history: the run and the event id, for the Temporal UI. */
  runId: string;
  eventId: number;
}

export interface TimelineDeadline {
  key: DeadlineKey;
  occurrence: number;
  dueAt: string;
  status: DeadlineStatus;
  metAt: string | null;
  /** Met after its due time, or overdue. */
  late: boolean;
  reminderSentAt: string | null;
  escalatedAt: string | null;
  provisional: boolean;
  description: string;
}

/** A message the history holds that did not count, and why (for tests and the curious). */
export interface NotCounted {
  name: string;
  source: 'update' | 'signal';
  requestId: string | null;
  eventId: number;
  runId: string;
  why: 'failed' | 'refused' | 'duplicate' | 'unknown';
}

export interface Timeline {
  events: TimelineEvent[];
  deadlines: TimelineDeadline[];
  /** The last state the history holds (null when none was recorded yet). */
  state: LifecycleState | null;
  notCounted: NotCounted[];
}

/* ---- the history's object form (the parts read here) ---- */

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}
interface JsonPayloads {
  payloads?: JsonPayload[];
}
export interface HistoryEventJson {
  eventId: string | number;
  eventTime?: { seconds?: string | number; nanos?: number } | string;
  eventType: string;
  [attributes: string]: unknown;
}
export interface HistoryRun {
  runId: string;
  events: HistoryEventJson[];
}

/** Activities that compute a step's deadlines and project the state it leads to: input `{ open, step }`, result `{ opened, projected }`. */
const STEP_PROJECTIONS = new Set(['computeDeadlinesAndProject', 'confirmRecordedAndComputeDeadlines']);
/** The marker a local activity leaves in history (the Rust core's name); its details hold `data` (the activity type) and `result`. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

const MESSAGE_KINDS = {
  submitBaseData: 'baseData',
  submitDraft: 'submitted',
  review: 'reviewed', // or 'returned'
  recordSpecialMeeting: 'specialMeeting',
  confirmArchive: 'archived',
  submitFeedback: 'feedback',
  decideDisposal: 'disposal',
  setPermanent: 'permanentSet',
} as const satisfies Record<string, TimelineKind>;
type MessageName = keyof typeof MESSAGE_KINDS;
const isMessageName = (n: string): n is MessageName => Object.hasOwn(MESSAGE_KINDS, n);

/** A JSON payload's value (`json/plain`), or undefined (`binary/null`, anything else). */
export function decodePayload(p: JsonPayload | undefined): unknown {
  if (!p?.data) return undefined;
  const encoding = p.metadata?.encoding ? Buffer.from(p.metadata.encoding, 'base64').toString('utf8') : 'json/plain';
  if (encoding !== 'json/plain') return undefined;
  return JSON.parse(Buffer.from(p.data, 'base64').toString('utf8'));
}

const first = (ps: JsonPayloads | undefined): unknown => decodePayload(ps?.payloads?.[0]);

export function eventTimeIso(e: HistoryEventJson): string {
  const t = e.eventTime;
  if (!t) return new Date(0).toISOString();
  if (typeof t === 'string') return new Date(t).toISOString();
  const ms = Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

const attrs = <T>(e: HistoryEventJson, name: string): T => (e[name] ?? {}) as T;

/* ---- state records a message leaves, to match signals (and to date messages) ---- */

interface Msg {
  name: MessageName;
  body: Record<string, unknown> & { requestId?: string; actor?: Actor };
}
interface Found {
  at: string;
  identity: string;
  record: Record<string, unknown>;
}

const byId = (r: Record<string, unknown>): string | undefined => ((r.by ?? r.recordedBy ?? r.reviewer) as Actor | undefined)?.userId;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every record of `name`'s kind in a state, with an identity that stays the same across states. */
function recordsOf(name: MessageName, s: LifecycleState): Array<Record<string, unknown> & { at: string }> {
  const list = (xs: unknown[] | null | undefined) => (xs ?? []) as Array<Record<string, unknown> & { at: string }>;
  switch (name) {
    case 'submitBaseData':
      return list([...(s.baseDataHistory ?? []), ...(s.baseData ? [s.baseData] : [])]);
    case 'submitDraft':
      return list(s.submissions);
    case 'review':
      return list(s.reviews);
    case 'recordSpecialMeeting':
      return list(s.specialMeetings);
    case 'confirmArchive':
      return list(s.archive);
    case 'submitFeedback':
      return list(s.feedback ? [s.feedback] : []);
    case 'decideDisposal':
      return list(s.disposals);
    case 'setPermanent':
      return list(s.retentionChanges);
  }
}

/** Does `record` (of the state) come from `msg`? Matched on what the message fixed, not on text a destruction replaces. */
function matches(msg: Msg, record: Record<string, unknown>): boolean {
  const b = msg.body;
  if (byId(record) !== b.actor?.userId) return false;
  switch (msg.name) {
    case 'submitBaseData':
      return sameJson(record.participants, b.participants) && record.expenseSettled === b.expenseSettled;
    case 'submitDraft':
      return record.versionId === b.versionId;
    case 'review':
      if (typeof record.requestId === 'string') return record.requestId === b.requestId;
      return record.level === b.level && record.decision === b.decision && (b.versionId === undefined || record.versionId === b.versionId);
    case 'recordSpecialMeeting':
      return record.decision === b.decision && record.date === b.date;
    case 'confirmArchive':
      return record.medium === b.medium && record.location === b.location;
    case 'submitFeedback':
      return (record.recordId ?? null) === (b.recordId ?? null);
    case 'decideDisposal':
      return record.decision === b.decision && (record.extendYears ?? null) === (b.extendYears ?? null);
    case 'setPermanent':
      return record.permanent === b.permanent && record.reason === b.reason;
  }
}

/* ---- details: process facts, no written text ---- */

function detailOf(msg: Msg, record: Record<string, unknown> | null): Record<string, DetailValue> {
  const b = msg.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (msg.name) {
    case 'submitBaseData':
      return {
        online: num(b.participants?.online),
        offline: num(b.participants?.offline),
        expenseSettled: Boolean(b.expenseSettled),
        hasNotes: typeof b.notes === 'string' && b.notes.trim() !== '',
      };
    case 'submitDraft':
      return {
        versionId: str(b.versionId),
        submissionKind: str(record?.kind),
        compiledBy: str(b.compiledBy),
        warningFindings: num(b.warningFindings),
      };
    case 'review':
      return {
        level: num(b.level),
        decision: str(b.decision),
        versionId: str(record?.versionId ?? b.versionId),
        comments: Array.isArray(b.comments) ? b.comments.length : 0,
      };
    case 'recordSpecialMeeting':
      return { decision: str(b.decision), date: str(b.date), attendees: Array.isArray(b.attendees) ? b.attendees.length : 0 };
    case 'confirmArchive':
      return { medium: str(b.medium), location: str(b.location) };
    case 'submitFeedback':
      return { recordId: str(b.recordId) };
    case 'decideDisposal':
      return { decision: str(b.decision), extendYears: num(b.extendYears), reason: str(b.reason) };
    case 'setPermanent':
      return { permanent: Boolean(b.permanent), reason: str(b.reason) };
  }
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function actorOf(v: unknown): Actor | null {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  if (typeof a.userId !== 'string' || typeof a.role !== 'string') return null;
  return {
    userId: a.userId,
    role: a.role as Actor['role'],
    department: typeof a.department === 'string' ? a.department : null,
    ...(typeof a.displayName === 'string' ? { displayName: a.displayName } : {}),
  };
}

/* ---- the parser ---- */

interface Candidate {
  msg: Msg;
  source: 'update' | 'signal';
  runId: string;
  eventId: number;
  /** Position in the whole chain, to find the states after it. */
  seq: number;
  time: string;
}

/**
 * The timeline of a lifecycle from the histories of its runs, oldest first (the chain of
 * continue-as-new runs of workflow `activity-<id>`). Events are in history order.
 */
export function buildTimeline(runs: HistoryRun[], now: Date = new Date()): Timeline {
  const states: Array<{ seq: number; state: LifecycleState }> = [];
  const candidates: Candidate[] = [];
  const events: Array<TimelineEvent & { seq: number }> = [];
  const notCounted: NotCounted[] = [];
  const pendingUpdates = new Map<string, Candidate>();
  const notices = new Map<string, { seq: number; runId: string; eventId: number; notices: Array<Record<string, unknown>> }>();
  /** `computeDeadlinesAndProject` activities scheduled, whose result holds the state they projected. */
  const stepProjections = new Set<string>();
  let seq = 0;
  let ended = false;
  /** The end the lifecycle was registered with (its start's input). */
  let runEndAt: string | null = null;
  /** When the current workflow task started: the workflow's clock while it ran (local activities included). */
  let taskTime: string | null = null;
  let processed = new Set<string>();

  for (const run of runs) {
    for (const e of run.events) {
      seq++;
      const eventId = Number(e.eventId);
      const time = eventTimeIso(e);
      const at = { runId: run.runId, eventId, seq };
      switch (e.eventType) {
        case 'EVENT_TYPE_WORKFLOW_TASK_STARTED':
          taskTime = time;
          break;
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED': {
          const input = first(attrs<{ input?: JsonPayloads }>(e, 'workflowExecutionStartedEventAttributes').input) as
            (Record<string, unknown> & { resume?: { state?: LifecycleState; processedRequestIds?: string[] } }) | undefined;
          if (!input) break;
          runEndAt = str(input.endAt) ?? runEndAt;
          if (input.resume?.state) {
            states.push({ seq, state: input.resume.state });
            // The first run we read may be a continuation: what it carried was processed before it.
            if (!candidates.length) processed = new Set(input.resume.processedRequestIds ?? []);
            if (input.resume.state.stage !== 'AWAITING_END') ended = true;
            break;
          }
          events.push({
            ...at,
            at: time,
            kind: 'registered',
            actor: null,
            source: 'workflow',
            requestId: null,
            detail: {
              name: str(input.name),
              type: str(input.type),
              leadDepartment: str(input.leadDepartment),
              endAt: str(input.endAt),
              isMajor: Boolean(input.isMajor),
              permanent: Boolean(input.permanent),
            },
          });
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
          const a = attrs<{
            protocolInstanceId?: string;
            acceptedRequest?: { meta?: { updateId?: string }; input?: { name?: string; args?: JsonPayloads } };
          }>(e, 'workflowExecutionUpdateAcceptedEventAttributes');
          const name = a.acceptedRequest?.input?.name ?? '';
          const updateId = a.acceptedRequest?.meta?.updateId ?? a.protocolInstanceId ?? '';
          if (!isMessageName(name)) break;
          const body = (first(a.acceptedRequest?.input?.args) ?? {}) as Msg['body'];
          pendingUpdates.set(updateId, { msg: { name, body }, source: 'update', ...at, time });
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
          const a = attrs<{ meta?: { updateId?: string }; outcome?: { success?: JsonPayloads; failure?: unknown } }>(
            e,
            'workflowExecutionUpdateCompletedEventAttributes',
          );
          const c = pendingUpdates.get(a.meta?.updateId ?? '');
          if (!c) break;
          pendingUpdates.delete(a.meta?.updateId ?? '');
          if (a.outcome?.success) {
            const s = first(a.outcome.success) as LifecycleState | undefined;
            if (s) states.push({ seq, state: s });
            candidates.push(c);
          } else {
            notCounted.push({
              name: c.msg.name,
              source: 'update',
              requestId: str(c.msg.body.requestId),
              eventId: c.eventId,
              runId: c.runId,
              why: 'failed',
            });
          }
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED': {
          const a = attrs<{ signalName?: string; input?: JsonPayloads }>(e, 'workflowExecutionSignaledEventAttributes');
          const name = a.signalName ?? '';
          const body = first(a.input);
          if (name === 'calendarChanged') {
            const reason = str((body as { reason?: unknown } | undefined)?.reason);
            events.push({ ...at, at: time, kind: 'calendarChanged', actor: null, source: 'signal', requestId: null, detail: { reason } });
            break;
          }
          if (!isMessageName(name)) break;
          if (!body || typeof body !== 'object' || typeof (body as { requestId?: unknown }).requestId !== 'string') {
            notCounted.push({ name, source: 'signal', requestId: null, eventId, runId: run.runId, why: 'refused' });
            break;
          }
          candidates.push({ msg: { name, body: body as Msg['body'] }, source: 'signal', ...at, time });
          break;
        }
        case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED': {
          const a = attrs<{ activityType?: { name?: string }; input?: JsonPayloads }>(e, 'activityTaskScheduledEventAttributes');
          const type = a.activityType?.name;
          if (type === 'recordProjection') {
            const s = first(a.input) as LifecycleState | undefined;
            if (s) states.push({ seq, state: s });
          } else if ((type === 'computeDeadlines' || (type && STEP_PROJECTIONS.has(type))) && !ended) {
            if (type !== 'computeDeadlines') stepProjections.add(`${run.runId}#${eventId}`);
            // The first deadlines a fresh run computes are those the end opens (base data, draft, final: R-7).
            const input = first(a.input) as { open?: unknown } | unknown[] | undefined;
            const open = (Array.isArray(input) ? input : input?.open) as Array<{ key?: string; anchor?: { from?: string } }> | undefined;
            if (Array.isArray(open) && open.some((o) => o.key === 'baseData')) {
              ended = true;
              events.push(endedEvent(at, time, str(open[0]?.anchor?.from)));
            }
          } else if (type && STEP_PROJECTIONS.has(type)) {
            stepProjections.add(`${run.runId}#${eventId}`);
          } else if (type === 'notifyDeadline') {
            const notice = first(a.input) as Record<string, unknown> | undefined;
            if (notice) notices.set(`${run.runId}#${eventId}`, { ...at, notices: [notice] });
          } else if (type === 'notifyDeadlines') {
            const batch = first(a.input) as Array<Record<string, unknown>> | undefined;
            if (Array.isArray(batch)) notices.set(`${run.runId}#${eventId}`, { ...at, notices: batch });
          } else if (type === 'notifyDeadlinesAndProject') {
            const batch = (first(a.input) as { notices?: Array<Record<string, unknown>> } | undefined)?.notices;
            if (Array.isArray(batch)) notices.set(`${run.runId}#${eventId}`, { ...at, notices: batch });
          }
          break;
        }
        case 'EVENT_TYPE_MARKER_RECORDED': {
          // A local activity (LOCAL_STEPS_PATCH): its input is not in history, only its answer.
          const a = attrs<{ markerName?: string; details?: Record<string, JsonPayloads> }>(e, 'markerRecordedEventAttributes');
          if (a.markerName !== LOCAL_ACTIVITY_MARKER) break;
          const type = (first(a.details?.data) as { activity_type?: string } | undefined)?.activity_type;
          const result = first(a.details?.result) as
            | { opened?: Array<{ key?: string; anchor?: { from?: string } }>; projected?: LifecycleState | null; notices?: unknown }
            | undefined;
          if (!result) break; // failed: its durable retry follows as an activity
          if (result.projected) states.push({ seq, state: result.projected });
          if (type && STEP_PROJECTIONS.has(type) && !ended) {
            // Only the end's step runs locally (a message's waits as an activity): the deadlines it opened anchor at the end.
            // At the workflow task's time, as the workflow saw it: the notices fired in the same task carry that time too.
            ended = true;
            const endAt = str(result.opened?.find((o) => o.key === 'baseData')?.anchor?.from) ?? runEndAt;
            events.push(endedEvent(at, taskTime ?? time, endAt));
          } else if (type === 'notifyDeadlinesAndProject' && Array.isArray(result.notices)) {
            const sent = (result as { sent?: Array<{ recipients?: unknown } | undefined> }).sent ?? [];
            events.push(...noticeEvents(at, result.notices as Array<Record<string, unknown>>, sent));
          }
          break;
        }
        case 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED': {
          const a = attrs<{ scheduledEventId?: string | number; result?: JsonPayloads }>(e, 'activityTaskCompletedEventAttributes');
          if (stepProjections.delete(`${run.runId}#${Number(a.scheduledEventId)}`)) {
            const projected = (first(a.result) as { projected?: LifecycleState | null } | undefined)?.projected;
            if (projected) states.push({ seq, state: projected });
            break;
          }
          const n = notices.get(`${run.runId}#${Number(a.scheduledEventId)}`);
          if (!n) break;
          notices.delete(`${run.runId}#${Number(a.scheduledEventId)}`);
          // notifyDeadline answers `{ recipients }`, notifyDeadlines one of those per notice, and
          // notifyDeadlinesAndProject `{ sent, projected }`: those, and the state it projected.
          const result = first(a.result) as { sent?: unknown; projected?: LifecycleState | null } | unknown[] | undefined;
          const answered = result && !Array.isArray(result) && Array.isArray(result.sent) ? result : null;
          if (answered?.projected) states.push({ seq, state: answered.projected });
          const sent = (answered ? answered.sent : Array.isArray(result) ? result : [result]) as Array<
            { recipients?: unknown } | undefined
          >;
          events.push(...noticeEvents(n, n.notices, sent));
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW': {
          const input = first(attrs<{ input?: JsonPayloads }>(e, 'workflowExecutionContinuedAsNewEventAttributes').input) as
            { resume?: { state?: LifecycleState } } | undefined;
          if (input?.resume?.state) states.push({ seq, state: input.resume.state });
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED': {
          const s = first(attrs<{ result?: JsonPayloads }>(e, 'workflowExecutionCompletedEventAttributes').result) as
            LifecycleState | undefined;
          if (s) states.push({ seq, state: s });
          events.push({
            ...at,
            at: time,
            kind: 'closed',
            actor: null,
            source: 'workflow',
            requestId: null,
            detail: { stage: s?.stage ?? null },
          });
          break;
        }
      }
    }
    // A notifyDeadline that never completed (failed for good) still fired: the state recorded it.
    for (const n of notices.values()) for (const notice of n.notices) events.push(noticeEvent({ ...n, notice }, []));
    notices.clear();
  }

  // Messages in history order: the first of a request id counts; a signal counts when a later state shows its record.
  candidates.sort((a, b) => a.seq - b.seq);
  const claimed = new Set<string>();
  for (const c of candidates) {
    const requestId = str(c.msg.body.requestId);
    if (requestId && processed.has(requestId)) {
      notCounted.push({ name: c.msg.name, source: c.source, requestId, eventId: c.eventId, runId: c.runId, why: 'duplicate' });
      continue;
    }
    const found = findRecord(c, states, claimed);
    if (c.source === 'signal' && !found) {
      notCounted.push({ name: c.msg.name, source: 'signal', requestId, eventId: c.eventId, runId: c.runId, why: 'refused' });
      continue;
    }
    if (found) claimed.add(found.identity);
    if (requestId) processed.add(requestId);
    const kind: TimelineKind = c.msg.name === 'review' && c.msg.body.decision === 'return' ? 'returned' : MESSAGE_KINDS[c.msg.name];
    events.push({
      seq: c.seq,
      runId: c.runId,
      eventId: c.eventId,
      at: found?.at ?? c.time,
      kind,
      actor: actorOf(c.msg.body.actor),
      source: c.source,
      requestId,
      detail: detailOf(c.msg, found?.record ?? null),
    });
  }

  events.sort((a, b) => a.seq - b.seq);
  const state = states.sort((a, b) => a.seq - b.seq).at(-1)?.state ?? null;
  return {
    events: events.map(({ seq: _seq, ...e }) => e),
    deadlines: deadlinesOf(state, now),
    state,
    notCounted,
  };
}

function findRecord(c: Candidate, states: Array<{ seq: number; state: LifecycleState }>, claimed: Set<string>): Found | null {
  for (const { seq, state } of states) {
    if (seq < c.seq) continue;
    for (const record of recordsOf(c.msg.name, state)) {
      const identity = `${c.msg.name}|${record.at}|${byId(record) ?? ''}`;
      if (claimed.has(identity) || !matches(c.msg, record)) continue;
      // The record was made while handling this message: never before the message arrived.
      if (Date.parse(record.at) < Date.parse(c.time) - 60_000) continue;
      return { at: record.at, identity, record };
    }
  }
  return null;
}

/** The lifecycle's end taking effect, at `at` (the end's step: an activity's schedule, or the task a local one ran in). */
function endedEvent(
  pos: { seq: number; runId: string; eventId: number },
  at: string,
  endAt: string | null,
): TimelineEvent & { seq: number } {
  return { ...pos, at, kind: 'ended', actor: null, source: 'workflow', requestId: null, detail: { endAt } };
}

/** The notices a step sent, in order, each with the recipients its answer names (none when it has no answer). */
function noticeEvents(
  pos: { seq: number; runId: string; eventId: number },
  notices: Array<Record<string, unknown>>,
  sent: Array<{ recipients?: unknown } | undefined>,
): Array<TimelineEvent & { seq: number }> {
  return notices.map((notice, i) => {
    const r = sent[i]?.recipients;
    return noticeEvent({ ...pos, notice }, Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : []);
  });
}

function noticeEvent(
  n: { seq: number; runId: string; eventId: number; notice: Record<string, unknown> },
  recipients: string[],
): TimelineEvent & { seq: number } {
  const k = n.notice;
  return {
    seq: n.seq,
    runId: n.runId,
    eventId: n.eventId,
    at: str(k.firedAt) ?? new Date(0).toISOString(),
    kind: k.kind === 'overdue' ? 'escalated' : 'reminded',
    actor: null,
    source: 'workflow',
    requestId: null,
    detail: { deadlineKey: str(k.deadlineKey), occurrence: num(k.occurrence), dueAt: str(k.dueAt), stage: str(k.stage), recipients },
  };
}

/** The deadlines of the last state, each due, met or overdue, and whether it was late. */
export function deadlinesOf(state: LifecycleState | null, now: Date = new Date()): TimelineDeadline[] {
  if (!state) return [];
  return state.deadlines.map((d) => ({
    key: d.key,
    occurrence: d.occurrence,
    dueAt: d.dueAt,
    status: d.status,
    metAt: d.metAt,
    late:
      d.status === 'overdue' ||
      (d.metAt !== null && Date.parse(d.metAt) > Date.parse(d.dueAt)) ||
      (d.status === 'pending' && now.getTime() > Date.parse(d.dueAt)),
    reminderSentAt: d.reminderSentAt,
    escalatedAt: d.escalatedAt,
    provisional: d.provisional,
    description: d.description,
  }));
}
