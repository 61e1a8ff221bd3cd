/**
 * R-17 the supervisor's timeline of a recorded lifecycle matches its history: each recorded
 * history under test/workflows/histories is read back by libs/supervision/timeline.ts and checked
 * against what the history itself says, counted here independently of the parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { LifecycleState } from '../../../libs/domain/lifecycle.js';
import {
  buildTimeline,
  decodePayload,
  type HistoryEventJson,
  type JsonPayload,
  type TimelineEvent,
} from '../../../libs/supervision/timeline.js';

const dir = new URL('../../workflows/histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('read-request'));
const load = (f: string): HistoryEventJson[] =>
  (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { events: HistoryEventJson[] }).events;
const timelineOf = (f: string) => buildTimeline([{ runId: 'run-1', events: load(f) }]);

type Body = { requestId: string; actor: { userId: string }; decision?: string };
const payload = (p: unknown) => decodePayload((p as { payloads: JsonPayload[] }).payloads[0]);

/** The updates that completed with success, first of each request id, in history order: read straight off the events. */
function acceptedUpdates(events: HistoryEventJson[]): Array<{ name: string; body: Body }> {
  const accepted = new Map<string, { name: string; body: Body }>();
  const out: Array<{ name: string; body: Body }> = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED') {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes as {
        acceptedRequest: { meta: { updateId: string }; input: { name: string; args: unknown } };
      };
      accepted.set(a.acceptedRequest.meta.updateId, {
        name: a.acceptedRequest.input.name,
        body: payload(a.acceptedRequest.input.args) as Body,
      });
    }
    if (e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED') {
      const a = e.workflowExecutionUpdateCompletedEventAttributes as { meta: { updateId: string }; outcome: { success?: unknown } };
      const u = accepted.get(a.meta.updateId);
      if (u && a.outcome.success && !seen.has(u.body.requestId)) {
        seen.add(u.body.requestId);
        out.push(u);
      }
    }
  }
  return out;
}

const KIND: Record<string, string> = {
  submitBaseData: 'baseData',
  submitDraft: 'submitted',
  recordSpecialMeeting: 'specialMeeting',
  confirmArchive: 'archived',
  submitFeedback: 'feedback',
  decideDisposal: 'disposal',
  setPermanent: 'permanentSet',
};
const kindOf = (u: { name: string; body: Body }) =>
  u.name === 'review' ? (u.body.decision === 'return' ? 'returned' : 'reviewed') : KIND[u.name];
const count = (events: TimelineEvent[], ...kinds: string[]) => events.filter((e) => kinds.includes(e.kind)).length;

describe('R-17 evidence timeline from a recorded lifecycle history', () => {
  it('has lifecycle histories to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s: every accepted update appears once, in order, with its actor and kind', (f) => {
    const events = load(f);
    const t = timelineOf(f);
    const updates = t.events.filter((e) => e.source === 'update');
    expect(updates.map((e) => [e.kind, e.requestId, e.actor?.userId])).toEqual(
      acceptedUpdates(events).map((u) => [kindOf(u), u.body.requestId, u.body.actor.userId]),
    );
    // History order, and time never goes backwards.
    const ids = t.events.map((e) => e.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it.each(files.filter((f) => !timelineOf(f).state || timelineOf(f).events[0]?.kind === 'registered'))(
    '%s (whole lifecycle in one run): the events add up to the records of the final state',
    (f) => {
      const { events, state } = timelineOf(f);
      const s = state as LifecycleState;
      expect(events[0]).toMatchObject({ kind: 'registered', actor: null, source: 'workflow' });
      expect(count(events, 'reviewed', 'returned')).toBe(s.reviews.length);
      expect(count(events, 'returned')).toBe(s.reviews.filter((r) => r.decision === 'return').length);
      expect(count(events, 'submitted')).toBe(s.submissions.length);
      expect(count(events, 'baseData')).toBe((s.baseDataHistory?.length ?? 0) + (s.baseData ? 1 : 0));
      expect(count(events, 'specialMeeting')).toBe(s.specialMeetings.length);
      expect(count(events, 'archived')).toBe(s.archive.length);
      expect(count(events, 'feedback')).toBe(s.feedback ? 1 : 0);
      expect(count(events, 'disposal')).toBe(s.disposals.length);
      expect(count(events, 'permanentSet')).toBe(s.retentionChanges?.length ?? 0);
      expect(count(events, 'escalated')).toBe(s.escalations.filter((e) => e.kind === 'overdue').length);
      expect(count(events, 'reminded')).toBe(s.escalations.filter((e) => e.kind === 'reminder').length);
      // Reviews in the order and with the reviewers the state recorded them.
      expect(events.filter((e) => e.kind === 'reviewed' || e.kind === 'returned').map((e) => [e.actor?.userId, e.detail.level])).toEqual(
        s.reviews.map((r) => [r.reviewer.userId, r.level]),
      );
      // The end is recorded once, before any message.
      expect(count(events, 'ended')).toBe(s.stage === 'AWAITING_END' ? 0 : 1);
      expect(events.findIndex((e) => e.kind === 'ended')).toBe(1);
    },
  );

  // `machine-*` were recorded before the lean-history patch, `lean-*` after it (a step's deadlines
  // and its projection in one activity, whose result holds the state), `notify-and-project-*` after
  // that patch (a wake's notices and their projection in one activity), `local-steps-*` after that
  // (the end's step and the wakes as local activities: markers holding their answers): all read the same.
  const recordings = ['machine', 'lean', 'notify-and-project', 'local-steps'];

  it.each(recordings)('%s: a signal the machine refused is not evidence; the accepted one is, as a signal with its sender', (rec) => {
    const t = timelineOf(`${rec}-signals-refused-and-accepted.json`);
    expect(t.notCounted).toEqual([expect.objectContaining({ name: 'review', source: 'signal', why: 'refused' })]);
    const reviews = t.events.filter((e) => e.kind === 'reviewed');
    expect(reviews).toEqual([
      expect.objectContaining({ source: 'signal', actor: expect.objectContaining({ userId: 'u-dept-head', role: 'dept_head' }) }),
    ]);
    expect(reviews[0]!.detail).toMatchObject({ level: 1, decision: 'approve', versionId: t.state!.submissions[0]!.versionId });
    expect(reviews[0]!.at).toBe(t.state!.reviews[0]!.at);
  });

  it.each(recordings)('%s: a stale review signal is left out, the review of the current version counts (R-8)', (rec) => {
    const t = timelineOf(`${rec}-reviews-bound-to-versions.json`);
    const [v1, v2] = t.state!.submissions.map((s) => s.versionId);
    expect(t.events.filter((e) => ['submitted', 'reviewed', 'returned'].includes(e.kind)).map((e) => [e.kind, e.detail.versionId])).toEqual(
      [
        ['submitted', v1],
        ['returned', v1],
        ['submitted', v2],
        ['reviewed', v2],
      ],
    );
    expect(t.notCounted.map((n) => [n.name, n.why])).toEqual([['review', 'refused']]);
  });

  it.each(recordings)('%s: the special meeting refused for its typo (signal) is left out, the finalize counts', (rec) => {
    const t = timelineOf(`${rec}-special-meeting-typo-refused-then-finalized.json`);
    expect(t.events.filter((e) => e.kind === 'specialMeeting').map((e) => e.detail.decision)).toEqual(['finalize']);
    expect(count(t.events, 'returned')).toBe(3);
    expect(t.notCounted.map((n) => [n.name, n.source, n.why])).toEqual([['recordSpecialMeeting', 'signal', 'refused']]);
  });

  it.each(recordings)(
    '%s: escalations and reminders carry their deadline and the recipients reached; deadlines show met and late',
    (rec) => {
      const t = timelineOf(`${rec}-late-draft-escalated-then-resolved.json`);
      expect(t.events.filter((e) => e.kind === 'escalated').map((e) => [e.detail.deadlineKey, e.detail.recipients])).toEqual([
        ['baseData', ['dept_head@publicity']],
        ['draft', ['dept_head@publicity', 'admin']],
      ]);
      expect(t.deadlines.find((d) => d.key === 'draft')).toMatchObject({ status: 'met', late: true });
      expect(t.deadlines.find((d) => d.key === 'final')).toMatchObject({ status: 'pending' });
    },
  );

  it.each(recordings)('%s: archive, feedback, retention and disposal: from registration to archive and beyond', (rec) => {
    const kinds = timelineOf(`${rec}-on-time-until-retention.json`).events.map((e) => e.kind);
    expect(kinds).toEqual([
      'registered',
      'ended',
      'baseData',
      'submitted',
      'reviewed',
      'reviewed',
      'reviewed',
      'archived',
      'archived',
      'feedback',
    ]);
    const retained = timelineOf(`${rec}-permanent-undone-then-marked-again.json`);
    expect(retained.events.filter((e) => e.kind === 'permanentSet').map((e) => [e.detail.permanent, e.actor?.role])).toEqual([
      [false, 'admin'],
      [true, 'admin'],
    ]);
    const disposed = timelineOf(`${rec}-retention-run-disposed.json`).events.map((e) => e.kind);
    expect(disposed).toEqual(['reminded', 'escalated', 'disposal', 'closed']);
  });

  it.each(recordings)('%s: details hold process facts, not what people wrote (a destroyed summary stays destroyed)', (rec) => {
    const t = timelineOf(`${rec}-major-three-returns-special-meeting-revise.json`);
    const text = JSON.stringify(t.events);
    for (const r of t.state!.reviews) for (const c of r.comments) expect(text).not.toContain(c.text);
    for (const m of t.state!.specialMeetings) expect(text).not.toContain(m.minutes);
  });

  it('a retried update counts once; an update that failed in its handler does not count', () => {
    const events = load('machine-on-time-until-retention.json');
    const accepted = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')!;
    const completed = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED')!;
    const last = Number(events.at(-1)!.eventId);
    const retry = (id: number, outcome: unknown) => {
      const a = structuredClone(accepted) as HistoryEventJson & {
        workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { meta: { updateId: string } } };
      };
      a.eventId = String(id);
      a.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.meta.updateId = `retry-${id}`;
      const c = structuredClone(completed) as HistoryEventJson & {
        workflowExecutionUpdateCompletedEventAttributes: { meta: { updateId: string }; outcome: unknown };
      };
      c.eventId = String(id + 1);
      c.workflowExecutionUpdateCompletedEventAttributes.meta.updateId = `retry-${id}`;
      if (outcome) c.workflowExecutionUpdateCompletedEventAttributes.outcome = outcome;
      return [a, c];
    };
    const t = buildTimeline([{ runId: 'r', events: [...events, ...retry(last + 1, null)] }]);
    expect(count(t.events, 'baseData')).toBe(1);
    expect(t.notCounted).toEqual([expect.objectContaining({ name: 'submitBaseData', why: 'duplicate' })]);

    // The same message failing in its handler (e.g. the calendar could not be read) is no evidence.
    const firstOnly = events.filter((e) => Number(e.eventId) < Number(accepted.eventId));
    const failed = buildTimeline([
      { runId: 'r', events: [...firstOnly, ...retry(Number(accepted.eventId), { failure: { message: 'refused' } })] },
    ]);
    expect(count(failed.events, 'baseData')).toBe(0);
    expect(failed.notCounted).toEqual([expect.objectContaining({ name: 'submitBaseData', source: 'update', why: 'failed' })]);
  });

  it.each(recordings)(
    '%s: runs of a chain read oldest first: a continuation keeps the order and the request ids processed before it',
    (rec) => {
      const a = load(`${rec}-on-time-until-retention.json`);
      const b = load(`${rec}-retention-run-disposed.json`);
      const t = buildTimeline([
        { runId: 'first', events: a },
        { runId: 'second', events: b },
      ]);
      expect(t.events.map((e) => e.runId)).toEqual(
        [...t.events.filter((e) => e.runId === 'first'), ...t.events.filter((e) => e.runId === 'second')].map((e) => e.runId),
      );
      expect(t.events.at(-1)).toMatchObject({ kind: 'closed', runId: 'second' });
      expect(t.state!.stage).toBe('DISPOSED');
    },
  );
});
