/** a destroyed summary's lifecycle keeps the process and loses what people wrote (libs/domain/destroyed.ts). */
import { DESTROYED_TEXT, isDestroyed, withoutDestroyedContent } from '../../../libs/domain/destroyed.js';
import type { LifecycleState } from '../../../libs/domain/lifecycle.js';
import { accept, afterRetention, aState, context, message, who } from './support/lifecycle-builders.js';

const WRITTEN = ['请注明问卷发放与回收份数', '现场签到表另附', '协办部门反馈：数据核对无误', '专题会议纪要', '宣传部'];

/** A retained summary with something written at every step that keeps text. */
function written(): LifecycleState {
  const s = aState('RETAINED_ENDED');
  return {
    ...s,
    baseData: { participants: { online: 1, offline: 2 }, expenseSettled: true, notes: '现场签到表另附', by: who.staff, at: s.endAt },
    reviews: [
      {
        level: 2,
        decision: 'return',
        comments: [{ module: 'effectiveness', text: WRITTEN[0]! }],
        reviewer: who.admin,
        versionId: 'v1',
        at: s.endAt,
      },
    ],
    specialMeetings: [
      { decision: 'revise', date: '2026-11-25', attendees: ['宣传部'], minutes: '专题会议纪要', recordedBy: who.vp, at: s.endAt },
    ],
    feedback: { summary: WRITTEN[2]!, recordId: 'FK-1', by: who.staff, at: s.endAt },
  };
}

describe('R-13.1 what a destroyed lifecycle still shows', () => {
  it('R-13.1 after destroy: stages, deadlines, decisions, disposal reason stay; review comments, notes, minutes and feedback go', () => {
    const before = written();
    const t = accept(before, message.decideDisposal(who.archivist, { reason: '保管期满' }), context(), afterRetention(before));
    expect(isDestroyed(t.state)).toBe(true);
    const view = withoutDestroyedContent(t.state);
    const json = JSON.stringify(view);
    for (const text of WRITTEN) expect([text, json.includes(text)]).toEqual([text, false]);
    expect(view.reviews[0]).toMatchObject({ level: 2, decision: 'return', comments: [{ text: DESTROYED_TEXT }], reviewer: who.admin });
    expect(view.deadlines).toEqual(t.state.deadlines);
    expect(view.stageHistory).toEqual(t.state.stageHistory);
    expect(view.disposals.at(-1)).toMatchObject({ decision: 'destroy', reason: '保管期满' });
    expect(JSON.stringify(t.state)).toContain(WRITTEN[0]); // the input is left as it was
  });

  it.each([
    ['retained', () => written()],
    [
      'extended at the disposal review',
      () =>
        accept(
          written(),
          message.decideDisposal(who.archivist, { decision: 'extend', extendYears: 1 }),
          context(),
          afterRetention(written()),
        ).state,
    ],
  ])('R-13.1 %s: the state is shown as it is', (_what, state) => {
    const s = state();
    expect(isDestroyed(s)).toBe(false);
    expect(withoutDestroyedContent(s)).toBe(s);
  });
});
