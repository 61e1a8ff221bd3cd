/**
 * R-13.1 `destroy` deletes the summary's content; the lifecycle's own record of it goes too. What
 * a destroyed lifecycle still shows is the process — stages, deadlines, who decided what and
 * when, the disposal and its reason — without what people wrote: review comments, base-data
 * notes, meeting attendees and minutes, the feedback summary. The worker projects this view and
 * the API answers with it (the workflow's own history goes with the namespace's retention).
 * Pure: workflow-safe.
 */
import type { LifecycleState } from './lifecycle.js';

/** The text that stands where destroyed content was. */
export const DESTROYED_TEXT = '【已销毁】';

/** The archivist's last disposal decision destroyed the summary. */
export function isDestroyed(s: Pick<LifecycleState, 'stage' | 'disposals'>): boolean {
  return s.stage === 'DISPOSED' && s.disposals?.at(-1)?.decision === 'destroy';
}

/** The state without the summary's content, when it was destroyed; otherwise the state itself. */
export function withoutDestroyedContent(s: LifecycleState): LifecycleState {
  if (!isDestroyed(s)) return s;
  const baseData = (b: NonNullable<LifecycleState['baseData']>) => ({ ...b, notes: b.notes === null ? null : DESTROYED_TEXT });
  return {
    ...s,
    baseData: s.baseData && baseData(s.baseData),
    ...(s.baseDataHistory ? { baseDataHistory: s.baseDataHistory.map(baseData) } : {}),
    reviews: s.reviews.map((r) => ({ ...r, comments: r.comments.map(() => ({ text: DESTROYED_TEXT })) })),
    specialMeetings: s.specialMeetings.map((m) => ({ ...m, attendees: [], minutes: DESTROYED_TEXT })),
    feedback: s.feedback && { ...s.feedback, summary: DESTROYED_TEXT },
  };
}
