/**
 * R-12 the archive names: `<活动名称>总结<YYYYMMDD>` (the end day in Asia/Shanghai), the folder
 * `活动总结/<年>/<活动类型中文名>/`, the paper label `<活动名称>活动总结档案`, and the suffix that
 * keeps two activities with the same name and day apart.
 */
import { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS_ZH } from '../../../libs/domain/activity.js';
import { archiveNaming, collisionSuffix, electronicLocation, safeSegment, shanghaiCompactDate } from '../../../libs/archive/naming.js';

const subject = (o: Partial<Parameters<typeof archiveNaming>[0]> = {}) => ({
  id: '3f1c0e7a-9b2d-4c61-8e0f-0123456789ab',
  name: '2026青年导演论坛',
  type: 'seminar' as const,
  endAt: new Date('2026-11-20T17:30:00+08:00'),
  ...o,
});

describe('archive names (R-12)', () => {
  it('names the electronic copy, its folder, its key and the paper label as SPEC §5 says', () => {
    expect(archiveNaming(subject())).toEqual({
      electronicName: '2026青年导演论坛总结20261120',
      folder: '活动总结/2026/学术研讨/',
      paperLabel: '2026青年导演论坛活动总结档案',
      key: '活动总结/2026/学术研讨/2026青年导演论坛总结20261120.docx',
    });
    expect(electronicLocation(archiveNaming(subject()))).toBe('活动总结/2026/学术研讨/2026青年导演论坛总结20261120');
  });

  it.each([
    // 23:30 on 31 Dec in Shanghai is still 15:30 UTC the same day; 00:30 on 1 Jan in Shanghai is 16:30 UTC the day before.
    ['2026-12-31T23:30:00+08:00', '20261231', '2026'],
    ['2027-01-01T00:30:00+08:00', '20270101', '2027'],
    ['2026-12-31T16:30:00Z', '20270101', '2027'],
    ['2026-12-31T15:59:59Z', '20261231', '2026'],
  ])('dates are the end day in Asia/Shanghai, not UTC: %s → %s', (endAt, day, year) => {
    const n = archiveNaming(subject({ endAt: new Date(endAt) }));
    expect(shanghaiCompactDate(new Date(endAt))).toBe(day);
    expect(n.electronicName).toBe(`2026青年导演论坛总结${day}`);
    expect(n.folder).toBe(`活动总结/${year}/学术研讨/`);
  });

  it.each(ACTIVITY_TYPES.map((t) => [t, ACTIVITY_TYPE_LABELS_ZH[t]]))('type %s is filed under its Chinese name %s', (type, zh) => {
    expect(archiveNaming(subject({ type })).folder).toBe(`活动总结/2026/${zh}/`);
  });

  it('a second activity with the same name and day gets the first 8 hex digits of its id, so the two never share a file', () => {
    const first = archiveNaming(subject());
    const second = archiveNaming(subject({ id: 'AB12CD34-0000-4000-8000-000000000000' }), { withSuffix: true });
    expect(collisionSuffix('AB12CD34-0000-4000-8000-000000000000')).toBe('-ab12cd34');
    expect(second.electronicName).toBe('2026青年导演论坛总结20261120-ab12cd34');
    expect(second.key).not.toBe(first.key);
    expect(second.folder).toBe(first.folder);
    // The label is about the activity, not the file: the same for both.
    expect(second.paperLabel).toBe(first.paperLabel);
    // Deterministic: the same activity always gets the same suffixed name.
    expect(archiveNaming(subject({ id: 'AB12CD34-0000-4000-8000-000000000000' }), { withSuffix: true })).toEqual(second);
  });

  it('a name with path separators or reserved characters stays one file inside its folder', () => {
    const n = archiveNaming(subject({ name: '../A/B:论坛*?' }));
    expect(n.electronicName).toBe('__A_B_论坛__总结20261120');
    expect(n.key.split('/')).toHaveLength(4);
    expect(n.paperLabel).toBe('../A/B:论坛*?活动总结档案');
    expect(safeSegment('   ')).toBe('_');
    expect(safeSegment('.hidden')).toBe('_hidden');
  });
});
