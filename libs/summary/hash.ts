/**
 * Content hash of a summary version (R-6.4: a signature binds the hash of the exact version
 * signed). node:crypto is fine: libs/summary is never imported by workflow code.
 */
import { createHash } from 'node:crypto';
import type { SummaryDraft } from './document.js';

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  const normalize = (v: unknown): unknown => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: () => unknown }).toJSON();
    }
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalize(x)));
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, normalize(x)]));
  };
  return JSON.stringify(normalize(value));
}

/** sha256 of the canonical JSON, lowercase hex: identical content gives an identical hash. */
export function contentHash(doc: SummaryDraft): string {
  return createHash('sha256').update(canonicalJson(doc), 'utf8').digest('hex');
}
