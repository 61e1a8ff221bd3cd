/** Guards for values that may come from an unvalidated draft. */
import { DEPARTMENT_CODE_PATTERN } from '../domain/activity.js';

/** A non-blank string. */
export function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** A non-negative integer. */
export function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isDepartmentCode(v: unknown): v is string {
  return typeof v === 'string' && DEPARTMENT_CODE_PATTERN.test(v);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(v: unknown): v is string {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}
