import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The activity an event ran, as fetched from Temporal: the type scheduled, or the type a local
 * activity's marker names when it holds a result (a failed local try, with no result, ran
 * nothing: its durable retry is scheduled after it). Anything else: ''.
 */
export function activityTypeOf(e: HistoryEvent): string {
  const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name;
  const marker = e.markerRecordedEventAttributes;
  if (scheduled || marker?.markerName !== 'core_local_activity' || !marker.details?.result) return scheduled ?? '';
  const data = marker.details?.data?.payloads?.[0]?.data;
  return data ? ((JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type ?? '') : '';
}
