/**
 * confidential parts of a summary — the fields its compiler marked and every personal
 * datum in any text — are read only by `management`; every other reader gets 【已隐去】 in their
 * place, in JSON, DOCX and HTML alike. Pure: no I/O, the input is never changed.
 */
import type { Role } from '../domain/roles.js';
import type { SummaryDocument } from '../summary/document.js';
import { isConfidentialTextPath, valueAt } from './paths.js';
import { REDACTED, redactText } from './personal-data.js';

export { MASKED_NAME, REDACTED, maskText, redactText, hasPersonalData, validResidentId18 } from './personal-data.js';
export { CONFIDENTIAL_TEXT_FIELDS, confidentialPathProblems, isConfidentialTextPath, type ConfidentialPathProblem } from './paths.js';

export interface RedactionOptions {
  reader: Role;
}

/** The only role that reads confidential content (SPEC §1, R-13.2.3). */
export function seesConfidential(reader: Role): boolean {
  return reader === 'management';
}

/**
 * Keys whose strings are structure (ids, dates, codes, enums, the list of paths), not prose: a
 * pattern in them is never personal data, and rewriting them would break the document's shape.
 */
const STRUCTURAL_KEYS = new Set([
  'attachments',
  'confidential',
  'startAt',
  'endAt',
  'deadline',
  'responsibleDepartment',
  'coordinatingDepartment',
  'department',
  'kind',
  'unit',
]);

/** `doc` as `reader` may see it: unchanged for management, else marked fields and personal data 【已隐去】. */
export function redactDocument<T extends SummaryDocument>(doc: T, { reader }: RedactionOptions): T {
  if (seesConfidential(reader)) return doc;
  const marked = new Set((Array.isArray(doc.confidential) ? doc.confidential : []).filter(isConfidentialTextPath));
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') return marked.has(path) ? REDACTED : redactText(value);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, join(path, String(i))));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, STRUCTURAL_KEYS.has(k) ? v : walk(v, join(path, k))]),
    );
  };
  return walk(doc, '') as T;
}

/** Whether a reader would see `path` redacted because it is marked (for labels such as "保密"). */
export function isMarkedConfidential(doc: SummaryDocument, path: string): boolean {
  return Array.isArray(doc.confidential) && doc.confidential.includes(path) && typeof valueAt(doc, path) === 'string';
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
