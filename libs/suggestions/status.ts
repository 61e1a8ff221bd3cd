/**
 * the status of an improvement suggestion taken from a final summary, the
 * changes the responsible department may make, and the periods (quarter, half-year) reports group
 * suggestions by. Pure: the API, the reports and the scores all use it.
 *
 * Transitions (who acts: staff or the head of the responsible department):
 *   pending 待落实      → in_progress, implemented, rejected
 *   in_progress 落实中  → in_progress (a progress note), implemented, rejected
 *   rejected 不采纳     → pending (reopened: the council may disagree with the rejection)
 *   implemented 已落实  → nothing: implemented is final, the implementation rate counts it
 * A rejection needs its reason (不采纳理由); a progress note needs its note; a reason goes only
 * with a rejection.
 */

export const SUGGESTION_STATUSES = ['pending', 'in_progress', 'implemented', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const SUGGESTION_STATUS_ZH: Record<SuggestionStatus, string> = {
  pending: '待落实',
  in_progress: '落实中',
  implemented: '已落实',
  rejected: '不采纳',
};

export const SUGGESTION_TRANSITIONS: Record<SuggestionStatus, readonly SuggestionStatus[]> = {
  pending: ['in_progress', 'implemented', 'rejected'],
  in_progress: ['in_progress', 'implemented', 'rejected'],
  implemented: [],
  rejected: ['pending'],
};

export function isSuggestionStatus(value: unknown): value is SuggestionStatus {
  return typeof value === 'string' && (SUGGESTION_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: SuggestionStatus, to: SuggestionStatus): boolean {
  return SUGGESTION_TRANSITIONS[from].includes(to);
}

export interface StatusChange {
  to: SuggestionStatus;
  note?: string | null;
  reason?: string | null;
}

/** Why a change is refused: `transition` is a conflict with the current status (409), the others are bad input (400). */
export type ChangeProblem =
  | { kind: 'transition'; code: 'transitionNotAllowed'; message: string; messageZh: string }
  | {
      kind: 'input';
      field: 'reason' | 'note';
      code: 'reasonRequired' | 'reasonOnlyWhenRejected' | 'noteRequired';
      message: string;
      messageZh: string;
    };

const present = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/** The problems of changing a suggestion in `from` as `change` asks, input problems first; [] when it may go ahead. */
export function changeProblems(from: SuggestionStatus, change: StatusChange): ChangeProblem[] {
  const out: ChangeProblem[] = [];
  const { to } = change;
  if (to === 'rejected' && !present(change.reason)) {
    out.push({
      kind: 'input',
      field: 'reason',
      code: 'reasonRequired',
      message: 'A rejected suggestion needs its reason',
      messageZh: '不采纳须填写理由',
    });
  }
  if (to !== 'rejected' && change.reason !== undefined && change.reason !== null) {
    out.push({
      kind: 'input',
      field: 'reason',
      code: 'reasonOnlyWhenRejected',
      message: 'A reason goes only with the status rejected; write a note instead',
      messageZh: '仅“不采纳”需填写理由,其他情况请填写说明',
    });
  }
  if (from === to && to === 'in_progress' && !present(change.note)) {
    out.push({
      kind: 'input',
      field: 'note',
      code: 'noteRequired',
      message: 'A progress update of a suggestion in progress needs its note',
      messageZh: '更新落实进展须填写说明',
    });
  }
  if (out.length) return out;
  if (!canTransition(from, to)) {
    const allowed = SUGGESTION_TRANSITIONS[from];
    out.push({
      kind: 'transition',
      code: 'transitionNotAllowed',
      message:
        `The suggestion is ${from} and cannot become ${to}` +
        (allowed.length ? ` (from ${from}: ${allowed.join(', ')})` : ` (${from} is final)`),
      messageZh:
        `该建议当前为“${SUGGESTION_STATUS_ZH[from]}”,不能改为“${SUGGESTION_STATUS_ZH[to]}”` +
        (allowed.length
          ? `(可改为:${allowed.map((s) => SUGGESTION_STATUS_ZH[s]).join('、')})`
          : `(“${SUGGESTION_STATUS_ZH[from]}”为最终状态)`),
    });
  }
  return out;
}

// ── periods (Asia/Shanghai) ─────────────────────────────────────────────────────────────────

export type PeriodKind = 'quarter' | 'half';

/** A period as reports name it: `2026-Q4`, `2026-H2`. */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
export const HALF_PATTERN = /^(\d{4})-H([12])$/;

/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export interface Period {
  /** `2026-Q4` or `2026-H2`. */
  name: string;
  /** First instant of the period (00:00 Asia/Shanghai of its first day). */
  from: Date;
  /** First instant after it: periods are half-open, [from, to). */
  to: Date;
}

/** 00:00 Asia/Shanghai on the first of a month (month0 may run past 11 into the next year). */
function shanghaiMidnight(year: number, month0: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, 1); // Date.UTC would read years 0–99 as 1900–1999
  return new Date(d.getTime() - SHANGHAI_OFFSET_MS);
}

/** `2026-Q4` → 2026-10-01T00:00+08:00 … 2027-01-01T00:00+08:00; `2026-H2` → July to January; null for anything else. */
export function parsePeriod(name: string): Period | null {
  const q = QUARTER_PATTERN.exec(name);
  if (q) {
    const year = Number(q[1]);
    const first = (Number(q[2]) - 1) * 3;
    return { name, from: shanghaiMidnight(year, first), to: shanghaiMidnight(year, first + 3) };
  }
  const h = HALF_PATTERN.exec(name);
  if (h) {
    const year = Number(h[1]);
    const first = (Number(h[2]) - 1) * 6;
    return { name, from: shanghaiMidnight(year, first), to: shanghaiMidnight(year, first + 6) };
  }
  return null;
}

/** The quarter or half-year (Asia/Shanghai) an instant falls in: `2026-Q4`, `2026-H2`. */
export function periodOf(instant: Date, kind: PeriodKind): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month0 = local.getUTCMonth();
  return kind === 'quarter' ? `${year}-Q${Math.floor(month0 / 3) + 1}` : `${year}-H${month0 < 6 ? 1 : 2}`;
}
