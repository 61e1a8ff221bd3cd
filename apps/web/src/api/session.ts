/**
 * The signed-in user and their token, kept for the tab (sessionStorage): a new tab signs in
 * again, a reload does not. Components read it through `useSession`.
 */
import { useSyncExternalStore } from 'react';
import type { Schemas } from './client';

/** The signed-in user, as GET /api/auth/me and the sign-in answer it. */
export type SessionUser = Schemas['UserView'];

export interface Session {
  token: string;
  user: SessionUser;
  expiresAt: number;
}

const KEY = 'activity-summary.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

/** Why the user was signed out, shown once on the 登录 page. */
let signOutReason: string | null = null;
export function expireSession(reason: string): void {
  signOutReason = reason;
  setSession(null);
}
export function takeSignOutReason(): string | null {
  const r = signOutReason;
  signOutReason = null;
  return r;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
