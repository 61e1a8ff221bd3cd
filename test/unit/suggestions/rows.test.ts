/** the rows a final version's suggestions become, and when the final version was formed. */
import { finalizedAt, suggestionRows } from '../../../libs/suggestions/rows.js';
import { exampleSummary } from '../../../libs/summary/index.js';

describe('suggestionRows', () => {
  it('takes every suggestion in its order, the coordinating department as the cooperating one', () => {
    expect(suggestionRows(exampleSummary())).toEqual([
      expect.objectContaining({
        position: 0,
        responsibleDepartment: 'publicity',
        cooperatingDepartments: ['member_services'],
        dueDate: '2027-03-31',
        measure: expect.stringContaining('短视频预热'),
        resourceNeeds: expect.stringContaining('2万元'),
      }),
      expect.objectContaining({ position: 1, responsibleDepartment: 'training', cooperatingDepartments: [], dueDate: '2027-01-15' }),
      expect.objectContaining({
        position: 2,
        responsibleDepartment: 'publicity',
        cooperatingDepartments: ['admin'],
        dueDate: '2026-12-31',
      }),
    ]);
  });

  it('a document without suggestions gives none', () => {
    expect(suggestionRows(null)).toEqual([]);
    expect(suggestionRows({})).toEqual([]);
    expect(suggestionRows({ improvements: { suggestions: [] } })).toEqual([]);
  });
});

describe('finalizedAt', () => {
  const deadline = (key: string, metAt: string | null) => ({ key, metAt }) as never;

  it('is when the lifecycle entered ARCHIVING', () => {
    expect(
      finalizedAt({
        stageHistory: [
          { stage: 'DRAFTING', at: '2026-11-20T10:00:00.000Z' },
          { stage: 'ARCHIVING', at: '2026-12-01T02:00:00.000Z' },
          { stage: 'FEEDBACK', at: '2026-12-03T02:00:00.000Z' },
        ],
        deadlines: [deadline('final', '2026-11-30T00:00:00.000Z')],
      }),
    ).toBe('2026-12-01T02:00:00.000Z');
  });

  it('falls back on the met final deadline, then on the third approval or the finalizing meeting', () => {
    expect(finalizedAt({ deadlines: [deadline('draft', '2026-11-25T00:00:00.000Z'), deadline('final', '2026-11-30T00:00:00.000Z')] })).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(
      finalizedAt({
        deadlines: [deadline('final', null)],
        reviews: [{ level: 3, decision: 'approve', at: '2026-12-02T00:00:00.000Z' } as never],
        specialMeetings: [{ decision: 'finalize', at: '2026-12-05T00:00:00.000Z' } as never],
      }),
    ).toBe('2026-12-05T00:00:00.000Z');
    expect(finalizedAt({ deadlines: [deadline('final', null)], reviews: [] })).toBeNull();
  });
});
