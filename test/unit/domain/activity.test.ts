import { isMajorActivity, isPermanentRetention, lifecycleWorkflowId } from '../../../libs/domain/activity.js';

describe('activity rules', () => {
  it.each([
    [{ online: 250, offline: 250 }, false, false],
    [{ online: 250, offline: 251 }, false, true],
    [{ online: 0, offline: 10 }, true, true],
  ])('R-10.2 planned %j, policy release %s → major %s', (plannedParticipants, releasesPolicy, major) => {
    expect(isMajorActivity({ plannedParticipants, releasesPolicy })).toBe(major);
  });

  it('R-10.2 actual participants above 500 make an activity major even when planned below', () => {
    expect(
      isMajorActivity({
        plannedParticipants: { online: 0, offline: 100 },
        actualParticipants: { online: 400, offline: 101 },
        releasesPolicy: false,
      }),
    ).toBe(true);
  });

  it.each([
    [false, false, false],
    [true, false, true],
    [false, true, true],
  ])('R-13.1 anniversary %s, national-level %s → permanent %s', (anniversary, nationalLevel, permanent) => {
    expect(isPermanentRetention({ anniversary, nationalLevel })).toBe(permanent);
  });

  it('one workflow per activity, id activity-<id>', () => {
    expect(lifecycleWorkflowId('42')).toBe('activity-42');
  });
});
