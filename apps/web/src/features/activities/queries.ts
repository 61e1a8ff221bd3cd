/** Server state of one activity and its records (TanStack Query); mutations invalidate `['activity', id]`. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callAs } from '../../api/client';
import { getSession } from '../../api/session';
import type { ActivityDetail, SummaryVersion, SummaryVersionList } from '../../api/views';

export function useActivity(id: string) {
  return useQuery({
    queryKey: ['activity', id],
    queryFn: () => callAs<ActivityDetail>(api.GET('/api/activities/{id}', { params: { path: { id } } })),
    // Just registered: the lifecycle is starting, or an activity that already ended is about to enter drafting.
    refetchInterval: (q) => {
      const a = q.state.data;
      const starting = a && (!a.lifecycle || (a.lifecycle.stage === 'AWAITING_END' && Date.parse(a.endAt) <= Date.now()));
      return starting ? 1000 : false;
    },
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => call(api.GET('/api/departments')),
    staleTime: 5 * 60_000,
    select: (r) => r.items,
  });
}

/** code → 中文名 (宣传部), falling back to the code. */
export function useDepartmentName(): (code: string | null | undefined) => string {
  const { data } = useDepartments();
  return (code) => (code ? (data?.find((d) => d.code === code)?.nameZh ?? code) : '—');
}

export function useSummaries(id: string) {
  return useQuery({
    queryKey: ['activity', id, 'summaries'],
    queryFn: () => callAs<SummaryVersionList>(api.GET('/api/activities/{id}/summaries', { params: { path: { id } } })),
    select: (r) => r.items,
  });
}

export function useSummaryVersion(id: string, versionId: string | null | undefined) {
  return useQuery({
    queryKey: ['activity', id, 'summaries', versionId],
    queryFn: () =>
      callAs<SummaryVersion>(api.GET('/api/activities/{id}/summaries/{versionId}', { params: { path: { id, versionId: versionId! } } })),
    enabled: !!versionId,
    staleTime: Infinity, // versions are immutable
  });
}

export function useSignatures(id: string, versionId: string | null | undefined) {
  return useQuery({
    queryKey: ['activity', id, 'signatures', versionId],
    queryFn: () =>
      call(api.GET('/api/activities/{id}/summaries/{versionId}/signatures', { params: { path: { id, versionId: versionId! } } })),
    enabled: !!versionId,
    select: (r) => r.items,
  });
}

export function useReviews(id: string) {
  return useQuery({
    queryKey: ['activity', id, 'reviews'],
    queryFn: () => call(api.GET('/api/activities/{id}/reviews', { params: { path: { id } } })),
    select: (r) => r.items,
  });
}

export function useAttachments(id: string) {
  return useQuery({
    queryKey: ['activity', id, 'attachments'],
    queryFn: () => call(api.GET('/api/activities/{id}/attachments', { params: { path: { id } } })),
    select: (r) => r.items,
  });
}

/** After a lifecycle message: the activity, its records and every list that shows it are read again. */
export function useRefreshActivity(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['activity', id] }),
      queryClient.invalidateQueries({ queryKey: ['todo'] }),
      queryClient.invalidateQueries({ queryKey: ['activities'] }),
    ]);
}

/** R-12 the archive's generated names and confirmed copies (409 before the final version is formed). */
export function useArchive(id: string) {
  return useQuery({
    queryKey: ['activity', id, 'archive'],
    queryFn: () => call(api.GET('/api/activities/{id}/archive', { params: { path: { id } } })),
    // The worker stores the final DOCX just after the approval: ask again until it is there.
    refetchInterval: (q) => (q.state.data && !q.state.data.stored ? 1000 : false),
    retry: false,
  });
}

/** Opens the printable label (it needs the token, so it is fetched and shown from a blob). */
export function openLabel(event: { preventDefault(): void }, id: string): void {
  event.preventDefault();
  const win = window.open('', '_blank');
  void (async () => {
    const session = getSession();
    const res = await fetch(`/api/activities/${id}/archive/label.html`, {
      headers: session ? { Authorization: `Bearer ${session.token}` } : {},
    });
    const href = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    if (win) win.location.href = href;
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  })();
}
