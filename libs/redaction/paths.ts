/**
 * The text fields of a summary a compiler may mark confidential (`confidential: [paths]`), as
 * dotted paths with array indexes (`lessons.problems.1.description`). Numbers, dates, department
 * codes, enums and attachment ids are structure, not prose: they cannot be marked.
 */
import type { SummaryDraft } from '../summary/document.js';

/** Every free-text field, `*` standing for an array index. */
export const CONFIDENTIAL_TEXT_FIELDS = [
  'overview.basicInfo.place',
  'overview.basicInfo.organizer',
  'overview.basicInfo.host',
  'overview.basicInfo.coOrganizers.*',
  'overview.goals.background',
  'overview.goals.targets.*.indicator',
  'overview.participation.staffRoles.*.role',
  'overview.participation.staffRoles.*.duty',
  'overview.participation.keyOrganisations.*',
  'execution.preparation.plan',
  'execution.preparation.resources',
  'execution.preparation.riskPlans.*',
  'execution.implementation.segments.*.segment',
  'execution.implementation.onSiteManagement',
  'execution.implementation.technicalSupport',
  'execution.closing.inventoryReturn',
  'execution.closing.feedbackCollection',
  'effectiveness.qualitative.industryImpact',
  'effectiveness.qualitative.socialValue',
  'effectiveness.qualitative.memberFeedback',
  'lessons.highlights.*.practice',
  'lessons.problems.*.description',
  'improvements.suggestions.*.measure',
  'improvements.suggestions.*.resourceNeeds',
] as const;

const PATTERNS = CONFIDENTIAL_TEXT_FIELDS.map((f) => new RegExp(`^${f.replace(/\./g, '\\.').replace(/\*/g, '(?:0|[1-9]\\d{0,3})')}$`));

/** `path` names a free-text field (whether or not the document has it). */
export function isConfidentialTextPath(path: string): boolean {
  return PATTERNS.some((p) => p.test(path));
}

/** The value at a dotted path, or undefined. */
export function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export interface ConfidentialPathProblem {
  /** Index in the `confidential` list. */
  index: number;
  path: string;
  message: string;
  messageZh: string;
}

/**
 * What is wrong with the document's `confidential` list: each path must name a free-text field
 * the document has, once.
 */
export function confidentialPathProblems(doc: SummaryDraft): ConfidentialPathProblem[] {
  const paths = doc.confidential;
  if (paths === undefined) return [];
  if (!Array.isArray(paths))
    return [{ index: -1, path: '', message: 'confidential must be a list of paths', messageZh: '保密字段须为路径列表' }];
  return paths.flatMap((path, index): ConfidentialPathProblem[] => {
    if (typeof path !== 'string' || !isConfidentialTextPath(path)) {
      return [
        {
          index,
          path: String(path),
          message: `"${String(path)}" is not a text field that can be marked confidential (e.g. effectiveness.qualitative.industryImpact)`,
          messageZh: `“${String(path)}”不是可标记为保密的文字字段(例如 effectiveness.qualitative.industryImpact)`,
        },
      ];
    }
    if (typeof valueAt(doc, path) !== 'string') {
      return [{ index, path, message: `The document has no text at "${path}"`, messageZh: `总结中不存在字段“${path}”` }];
    }
    if (paths.indexOf(path) !== index) {
      return [{ index, path, message: `"${path}" is listed twice`, messageZh: `保密字段“${path}”重复` }];
    }
    return [];
  });
}
