/** Read requests: mine, those waiting for me, filing and deciding; server state in TanStack Query. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, fetchText, upload, type Schemas } from '../../api/client';
import type { Role } from '../../../../../libs/domain/roles';
import type { ReadRequest } from '../../api/views';

/** Who decides a step of a read request (POST …/decisions): the department head, the archivist, the SG. */
export const APPROVER_ROLES: readonly Role[] = ['dept_head', 'archivist', 'secretary_general'];

export function useReadRequests(scope: 'mine' | 'waiting', page: number, enabled = true) {
  return useQuery({
    queryKey: ['read-requests', scope, page],
    queryFn: () => call(api.GET('/api/read-requests', { params: { query: { scope, page, pageSize: 10 } } })),
    placeholderData: (prev) => prev,
    enabled,
  });
}

/** The 申请查阅 form: the request body, with the days always filled in (default 7). */
export type ReadRequestInput = Required<Schemas['CreateReadRequestDto']>;

export function useFileReadRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReadRequestInput) => call(api.POST('/api/read-requests', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['read-requests'] }),
  });
}

export function useDecideReadRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: 'approve' | 'reject'; comment?: string }) =>
      call(
        api.POST('/api/read-requests/{requestId}/decisions', {
          params: { path: { requestId: id } },
          body: { decision, ...(comment ? { comment } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['read-requests'] }),
  });
}

/** admin registers an outside body's request with its official letter (multipart). */
export function useRegisterExternal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) => upload<ReadRequest>('/api/read-requests/external', form),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['read-requests'] }),
  });
}

/** The latest version as the HTML reader, redacted and (for outside bodies) watermarked by the server. */
export function useReaderHtml(activityId: string) {
  return useQuery({
    queryKey: ['activity', activityId, 'document.html'],
    queryFn: () => fetchText(`/api/activities/${encodeURIComponent(activityId)}/document.html`),
    staleTime: 60_000,
  });
}
