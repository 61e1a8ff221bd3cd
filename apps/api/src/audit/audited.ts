/**
 * Refusals whose audit row the handler already wrote (a failed sign-in is `auth.login_failed`):
 * DeniedRequestsFilter records every other 401 and 403 as `auth.denied`, and these not twice.
 */
const audited = new WeakSet<object>();

export function markAudited<E extends object>(error: E): E {
  audited.add(error);
  return error;
}

export function isAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && audited.has(error);
}
