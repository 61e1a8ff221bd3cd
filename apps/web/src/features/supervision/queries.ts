/** R-17 supervision: an activity's evidence timeline, drawing a sample and reading it (TanStack Query). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type Timeline = Schemas['TimelineResponse'];
export type TimelineEvent = Schemas['TimelineEventDto'];
export type TimelineDeadline = Schemas['TimelineDeadlineDto'];
export type SampleReport = Schemas['SampleReportResponse'];
export type SampleItem = Schemas['SampleItemView'];
export type SampleInput = Schemas['CreateSampleDto'];

/** The timeline of one activity, for any reader of it. */
export function useTimeline(activityId: string, enabled = true) {
  return useQuery({
    queryKey: ['activity', activityId, 'timeline'],
    queryFn: () => call(api.GET('/api/activities/{id}/timeline', { params: { path: { id: activityId } } })),
    enabled,
  });
}

export function useDrawSample() {
  return useMutation({ mutationFn: (body: SampleInput) => call(api.POST('/api/supervision/samples', { body })) });
}

/** A drawn sample never changes: read once. */
export function useSample(id: string | null) {
  return useQuery({
    queryKey: ['supervision-sample', id],
    queryFn: () => call(api.GET('/api/supervision/samples/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    staleTime: Infinity,
  });
}
