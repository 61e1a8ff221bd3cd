/**
 * what a final summary's improvement suggestions become as tracked items, and when the
 * final version was formed. Pure: unit-tested without a database.
 */
import type { LifecycleState } from '../domain/lifecycle.js';
import type { Suggestion } from '../summary/document.js';

/** One row of `suggestions` as taken from the final version (status pending). */
export interface SuggestionRowInput {
  position: number;
  measure: string;
  responsibleDepartment: string;
  cooperatingDepartments: string[];
  /** YYYY-MM-DD */
  dueDate: string;
  resourceNeeds: string;
}

/** The document's suggestions in their order; position is the index in `improvements.suggestions`. */
export function suggestionRows(document: { improvements?: { suggestions?: Suggestion[] } } | null | undefined): SuggestionRowInput[] {
  const list = document?.improvements?.suggestions;
  if (!Array.isArray(list)) return [];
  return list.map((s, position) => ({
    position,
    measure: s.measure ?? '',
    responsibleDepartment: s.responsibleDepartment,
    cooperatingDepartments: s.coordinatingDepartment ? [s.coordinatingDepartment] : [],
    dueDate: s.deadline,
    resourceNeeds: s.resourceNeeds ?? '',
  }));
}

type FinalizingState = Partial<Pick<LifecycleState, 'stageHistory' | 'deadlines' | 'reviews' | 'specialMeetings'>>;

/**
 * When the final version was formed: when the lifecycle entered ARCHIVING. Lifecycles recorded
 * before the stage history existed fall back on the met `final` deadline, then on the third
 * level's approval or the special meeting that finalized; null when the state shows none.
 */
export function finalizedAt(state: FinalizingState): string | null {
  const entered = state.stageHistory?.find((h) => h.stage === 'ARCHIVING');
  if (entered) return entered.at;
  const met = state.deadlines?.filter((d) => d.key === 'final' && d.metAt).at(-1);
  if (met?.metAt) return met.metAt;
  const approved = state.reviews?.filter((r) => r.level === 3 && r.decision === 'approve').at(-1);
  const finalized = state.specialMeetings?.filter((m) => m.decision === 'finalize').at(-1);
  const candidates = [approved?.at, finalized?.at].filter((a): a is string => typeof a === 'string');
  return candidates.sort().at(-1) ?? null;
}
