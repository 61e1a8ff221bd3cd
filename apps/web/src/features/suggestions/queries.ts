/** tracked improvement suggestions: the list, one with its history, and a status change; server state in TanStack Query. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import type { Session } from '../../api/session';
import type { Suggestion } from '../../api/views';
import { SUGGESTION_UPDATER_ROLES } from '../../app/nav';

/** The filters of GET /api/suggestions: department (responsible), status, quarter (2026-Q4), activityId, page, pageSize. */
export type SuggestionFilters = NonNullable<operations['SuggestionsController_list']['parameters']['query']>;

export function useSuggestions(filters: SuggestionFilters, enabled = true) {
  return useQuery({
    queryKey: ['suggestions', 'list', filters],
    queryFn: () => call(api.GET('/api/suggestions', { params: { query: filters } })),
    placeholderData: (prev) => prev,
    enabled,
  });
}

/** One suggestion with every status change, read when its row is expanded. */
export function useSuggestion(id: string) {
  return useQuery({
    queryKey: ['suggestions', 'detail', id],
    queryFn: () => call(api.GET('/api/suggestions/{id}', { params: { path: { id } } })),
  });
}

export type StatusChangeInput = Schemas['UpdateSuggestionStatusDto'];

export function useChangeSuggestionStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: StatusChangeInput }) =>
      call(api.POST('/api/suggestions/{id}/status', { params: { path: { id } }, body })),
    onSuccess: (detail) => {
      queryClient.setQueryData(['suggestions', 'detail', detail.id], detail);
      return queryClient.invalidateQueries({ queryKey: ['suggestions', 'list'] });
    },
  });
}

/** Only the responsible department's staff or head records the implementation (the API answers 403 to anyone else). */
export function canUpdate(session: Session | null, s: Pick<Suggestion, 'responsibleDepartment'>): boolean {
  return !!session && SUGGESTION_UPDATER_ROLES.includes(session.user.role) && session.user.department === s.responsibleDepartment;
}
