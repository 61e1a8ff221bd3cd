/** desensitized publications of one activity: list, generate, approve (TanStack Query). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type Publication = Schemas['PublicationView'];
export type PublicationKind = Publication['kind'];

const key = (activityId: string) => ['activity', activityId, 'publications'];

/** Drafts are listed only for admin and the lead department; the others see the published ones. */
export function usePublications(activityId: string) {
  return useQuery({
    queryKey: key(activityId),
    queryFn: () => call(api.GET('/api/publications', { params: { query: { activityId, pageSize: 50 } } })),
    select: (r) => r.items,
  });
}

export function useGeneratePublication(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: PublicationKind) =>
      call(api.POST('/api/activities/{id}/publications', { params: { path: { id: activityId } }, body: { kind } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(activityId) }),
  });
}

export function useApprovePublication(activityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (publicationId: string) =>
      call(api.POST('/api/publications/{publicationId}/approve', { params: { path: { publicationId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(activityId) }),
  });
}
