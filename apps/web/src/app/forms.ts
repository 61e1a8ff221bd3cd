/** Server field errors under their fields: `details[].field` (a dotted path) mapped to the form's name path. */
import type { FormInstance } from 'antd';
import { ApiError, type ErrorDetail } from '../api/client';

export type NamePath = (string | number)[];

export function toNamePath(field: string): NamePath {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts each detail whose field the form has under that field, and returns the messages that
 * belong to no field (for an Alert at the top). `prefix` is stripped first (`document.` for a summary).
 */
export function showFieldErrors(form: FormInstance, err: unknown, prefix = ''): string[] {
  if (!(err instanceof ApiError)) return ['出现了意外错误，请重试'];
  const rest: string[] = [];
  const byField = new Map<string, string[]>();
  for (const d of err.details as ErrorDetail[]) {
    const field = d.field?.startsWith(prefix) ? d.field.slice(prefix.length) : d.field;
    if (field && isRendered(form, toNamePath(field))) byField.set(field, [...(byField.get(field) ?? []), d.messageZh]);
    else rest.push(d.messageZh);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: toNamePath(field), errors })));
  if (!byField.size && !rest.length) rest.push(err.messageZh);
  else if (rest.length) rest.unshift(err.messageZh);
  return rest;
}

function isRendered(form: FormInstance, name: NamePath): boolean {
  try {
    return !!form.getFieldInstance(name);
  } catch {
    return false;
  }
}

/** Form values kept in the browser while typing, so an expired sign-in or a reload loses nothing. */
export const drafts = {
  load<T>(storage: Storage, key: string): T | null {
    try {
      const raw = storage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  },
  save(storage: Storage, key: string, value: unknown): void {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Full storage: the form still works, only the draft is not kept.
    }
  },
  clear(storage: Storage, key: string): void {
    storage.removeItem(key);
  },
};
