/** the suggestion statuses and their transitions; the report periods in Asia/Shanghai. */
import {
  canTransition,
  changeProblems,
  parsePeriod,
  periodOf,
  SUGGESTION_STATUS_ZH,
  SUGGESTION_STATUSES,
  type SuggestionStatus,
} from '../../../libs/suggestions/status.js';

describe('suggestion statuses (R-5.5)', () => {
  it('has the four statuses with their Chinese labels', () => {
    expect(SUGGESTION_STATUSES.map((s) => [s, SUGGESTION_STATUS_ZH[s]])).toEqual([
      ['pending', '待落实'],
      ['in_progress', '落实中'],
      ['implemented', '已落实'],
      ['rejected', '不采纳'],
    ]);
  });

  it('allows exactly the documented transitions', () => {
    const allowed = SUGGESTION_STATUSES.flatMap((from) =>
      SUGGESTION_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'pending→in_progress',
      'pending→implemented',
      'pending→rejected',
      'in_progress→in_progress',
      'in_progress→implemented',
      'in_progress→rejected',
      'rejected→pending',
    ]);
  });

  it('a rejection needs a reason, and only a rejection takes one', () => {
    expect(changeProblems('pending', { to: 'rejected', reason: '经费不足' })).toEqual([]);
    for (const reason of [undefined, null, '', '   ']) {
      expect(changeProblems('pending', { to: 'rejected', reason })).toEqual([
        expect.objectContaining({ kind: 'input', field: 'reason', code: 'reasonRequired', messageZh: '不采纳须填写理由' }),
      ]);
    }
    expect(changeProblems('pending', { to: 'in_progress', reason: '为何' })).toEqual([
      expect.objectContaining({ kind: 'input', field: 'reason', code: 'reasonOnlyWhenRejected' }),
    ]);
  });

  it('a progress update of a suggestion in progress needs a note', () => {
    expect(changeProblems('in_progress', { to: 'in_progress' })).toEqual([
      expect.objectContaining({ field: 'note', code: 'noteRequired' }),
    ]);
    expect(changeProblems('in_progress', { to: 'in_progress', note: '已完成一半' })).toEqual([]);
  });

  it('refuses a transition the current status does not allow, naming the current status', () => {
    const refusals: Array<[SuggestionStatus, SuggestionStatus]> = [
      ['implemented', 'pending'],
      ['implemented', 'in_progress'],
      ['rejected', 'implemented'],
      ['pending', 'pending'],
      ['rejected', 'rejected'],
    ];
    for (const [from, to] of refusals) {
      const problems = changeProblems(from, { to, ...(to === 'rejected' ? { reason: '理由' } : {}) });
      expect(problems).toEqual([expect.objectContaining({ kind: 'transition', code: 'transitionNotAllowed' })]);
      expect(problems[0]!.message).toContain(`is ${from}`);
      expect(problems[0]!.messageZh).toContain(`当前为“${SUGGESTION_STATUS_ZH[from]}”`);
    }
    expect(changeProblems('implemented', { to: 'pending' })[0]!.messageZh).toContain('最终状态');
  });

  it('reports input problems before the transition (a refused input never reaches the conflict)', () => {
    expect(changeProblems('implemented', { to: 'rejected' })).toEqual([expect.objectContaining({ kind: 'input', code: 'reasonRequired' })]);
  });
});

describe('report periods (Asia/Shanghai)', () => {
  it('parses quarters and half-years as half-open ranges from 00:00 +08:00', () => {
    expect(parsePeriod('2026-Q4')).toEqual({
      name: '2026-Q4',
      from: new Date('2026-10-01T00:00:00+08:00'),
      to: new Date('2027-01-01T00:00:00+08:00'),
    });
    expect(parsePeriod('2026-Q1')).toMatchObject({
      from: new Date('2026-01-01T00:00:00+08:00'),
      to: new Date('2026-04-01T00:00:00+08:00'),
    });
    expect(parsePeriod('2026-H1')).toMatchObject({
      from: new Date('2026-01-01T00:00:00+08:00'),
      to: new Date('2026-07-01T00:00:00+08:00'),
    });
    expect(parsePeriod('2026-H2')).toMatchObject({
      from: new Date('2026-07-01T00:00:00+08:00'),
      to: new Date('2027-01-01T00:00:00+08:00'),
    });
    // Years below 100 are not read as 19xx.
    expect(parsePeriod('0050-Q1')!.from.getUTCFullYear()).toBe(49);
    for (const bad of ['2026-Q0', '2026-Q5', '2026-H3', '2026Q1', '26-Q1', '2026-q1', '']) expect(parsePeriod(bad)).toBeNull();
  });

  it('places an instant in its Shanghai quarter and half-year, at the boundaries too', () => {
    expect(periodOf(new Date('2026-09-30T15:59:59.999Z'), 'quarter')).toBe('2026-Q3'); // 23:59:59.999 in Shanghai
    expect(periodOf(new Date('2026-09-30T16:00:00Z'), 'quarter')).toBe('2026-Q4'); // 00:00 on 1 October in Shanghai
    expect(periodOf(new Date('2026-12-31T16:00:00Z'), 'quarter')).toBe('2027-Q1');
    expect(periodOf(new Date('2026-06-30T16:00:00Z'), 'half')).toBe('2026-H2');
    expect(periodOf(new Date('2026-06-30T15:59:59Z'), 'half')).toBe('2026-H1');
  });

  it('periodOf and parsePeriod agree: every instant lies in the period it is named by', () => {
    for (let t = Date.parse('2025-12-31T00:00:00Z'); t < Date.parse('2027-01-02T00:00:00Z'); t += 3_600_000 * 7) {
      for (const kind of ['quarter', 'half'] as const) {
        const p = parsePeriod(periodOf(new Date(t), kind))!;
        expect(p.from.getTime() <= t && t < p.to.getTime()).toBe(true);
      }
    }
  });
});
