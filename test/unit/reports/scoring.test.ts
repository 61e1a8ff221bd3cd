import {
  advancedUnits,
  annualScoring,
  implementationRate,
  isTrainingMaterial,
  rewardCandidates,
  scoreDepartments,
  type ActivityScoreInput,
  type DepartmentInput,
} from '../../../libs/reports/scoring.js';

let seq = 0;
/** An activity of `department` with nothing to score, plus what `flags` says. */
function act(department: string, flags: Partial<ActivityScoreInput> = {}): ActivityScoreInput {
  seq++;
  return {
    activityId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    activityName: `${department}-活动-${seq}`,
    department,
    lateDraft: false,
    lateFinal: false,
    returned: false,
    falsified: false,
    commended: false,
    trainingMaterial: false,
    compiler: { userId: `compiler-${seq}`, displayName: `编制人${seq}` },
    ...flags,
  };
}

function dept(department: string, activityCount: number, implemented = 0, total = 0): DepartmentInput {
  return { department, departmentName: `${department}部`, activityCount, suggestions: { implemented, total } };
}

describe('R-18 department score: each dimension from its weight, floored at 0, bonuses after the floor', () => {
  // A fixture year computed by hand: the arithmetic is written out beside each expected figure.
  const departments = [
    dept('alpha', 4, 3, 4), // 3/4 = 75 % ≥ 60 %: no deduction
    dept('beta', 6, 1, 2), // 1/2 = 50 % < 60 %: −5
    dept('gamma', 3, 0, 0), // no suggestions: no rate, no deduction
    dept('idle', 0, 0, 0), // no activities: full weights
    dept('slack', 0, 0, 3), // no activities, 0/3 implemented: −5
  ];
  const activities = [
    // alpha: 2 late drafts, 1 late final, 1 returned, 1 training material, 1 commended
    act('alpha', { lateDraft: true, lateFinal: true }),
    act('alpha', { lateDraft: true, returned: true }),
    act('alpha', { trainingMaterial: true }),
    act('alpha', { commended: true }),
    // beta: 3 late finals + 1 late draft (35 > 30: floored), 1 falsified + returned, 2 training, 1 commended
    act('beta', { lateFinal: true, lateDraft: true }),
    act('beta', { lateFinal: true }),
    act('beta', { lateFinal: true, returned: true, falsified: true }),
    act('beta', { trainingMaterial: true }),
    act('beta', { trainingMaterial: true, commended: true }),
    // gamma: 17 returns would take quality below 0 (50 − 3×17 = −1 → 0); application 20 + 5×2 + 10×1 = 40
    ...Array.from({ length: 17 }, () => act('gamma', { returned: true })),
    act('gamma', { trainingMaterial: true, commended: true }),
    act('gamma', { trainingMaterial: true }),
  ];

  const hand = {
    alpha: {
      timeliness: 30 - 5 * 2 - 10 * 1, // 10
      quality: 50 - 3 * 1, // 47
      application: 20 + 5 * 1 + 10 * 1, // 35
    },
    beta: {
      timeliness: Math.max(0, 30 - 5 * 1 - 10 * 3), // 30 − 35 → 0
      quality: 50 - 3 * 1 - 10 * 1, // 37
      application: 20 - 5 + 5 * 2 + 10 * 1, // 35
    },
    gamma: {
      timeliness: 30,
      quality: Math.max(0, 50 - 3 * 17), // 50 − 51 → 0
      application: 20 + 5 * 2 + 10 * 1, // 40
    },
    idle: { timeliness: 30, quality: 50, application: 20 },
    slack: { timeliness: 30, quality: 50, application: 20 - 5 },
  };

  const scores = scoreDepartments(departments, activities);
  const byCode = new Map(scores.map((s) => [s.department, s]));

  it.each(Object.entries(hand))('%s equals the hand table', (code, expected) => {
    const s = byCode.get(code)!;
    expect({ timeliness: s.timeliness, quality: s.quality, application: s.application }).toEqual(expected);
    expect(s.total).toBe(expected.timeliness + expected.quality + expected.application);
  });

  it('totals: bonuses lift a total above 100; every department gets a row, best first', () => {
    expect(scores.map((s) => [s.department, s.total])).toEqual([
      ['idle', 30 + 50 + 20], // 100, no deductions
      ['slack', 30 + 50 + 15], // 95
      ['alpha', 10 + 47 + 35], // 92
      ['beta', 0 + 37 + 35], // 72
      ['gamma', 30 + 0 + 40], // 70
    ]);
    expect(scoreDepartments([dept('star', 1)], [act('star', { commended: true, trainingMaterial: true })])[0]!.total).toBe(
      30 + 50 + (20 + 5 + 10), // 115
    );
  });

  it('explains itself: the arithmetic per dimension, each deduction and bonus with its activity and points', () => {
    const alpha = byCode.get('alpha')!;
    expect(alpha.dimensions.timeliness.arithmetic).toBe('30 − 5×2 − 10 = 10');
    expect(alpha.dimensions.application.arithmetic).toBe('20 + 5 + 10 = 35');
    const beta = byCode.get('beta')!;
    expect(beta.dimensions.timeliness).toEqual({ weight: 30, deducted: 35, bonus: 0, score: 0, arithmetic: '30 − 5 − 10×3 → 0 = 0' });
    expect(beta.dimensions.application.arithmetic).toBe('20 − 5 + 5×2 + 10 = 35');
    expect(byCode.get('gamma')!.dimensions.quality.arithmetic).toBe('50 − 3×17 → 0 = 0');
    expect(byCode.get('idle')!.dimensions.quality.arithmetic).toBe('50 = 50');

    const [late] = alpha.deductions;
    expect(late).toEqual({
      activityId: activities[0]!.activityId,
      activityName: activities[0]!.activityName,
      dimension: 'timeliness',
      rule: 'lateDraft',
      reason: 'Draft submitted late (R-7.2)',
      reasonZh: '初稿逾期提交(R-7.2)',
      points: -5,
    });
    expect(alpha.deductions.map((d) => d.points)).toEqual([-5, -10, -5, -3]);
    expect(alpha.bonuses.map((b) => [b.rule, b.points])).toEqual([
      ['trainingMaterial', 5],
      ['commended', 10],
    ]);
    const low = beta.deductions.find((d) => d.rule === 'lowImplementation')!;
    expect(low).toMatchObject({ activityId: null, dimension: 'application', points: -5 });
    expect(low.reason).toContain('1 of 2 implemented (50%)');
    expect(low.reasonZh).toContain('2 条中落实 1 条(50%)');
    expect(beta.implementationRate).toBe(50);
    expect(byCode.get('gamma')!.implementationRate).toBeNull();
  });

  it('the implementation rate: 60 % exactly is enough, just under is not', () => {
    expect(implementationRate({ implemented: 3, total: 5 })).toBe(60);
    expect(scoreDepartments([dept('d', 0, 3, 5)], [])[0]!.application).toBe(20);
    expect(implementationRate({ implemented: 59, total: 100 })).toBe(59);
    expect(scoreDepartments([dept('d', 0, 59, 100)], [])[0]!.application).toBe(20 - 5);
    expect(implementationRate({ implemented: 2, total: 3 })).toBe(66.7);
  });

  it('an activity of a department that is not registered still scores, under its code', () => {
    const [s] = scoreDepartments([], [act('ghost', { lateFinal: true })]);
    expect(s).toMatchObject({ department: 'ghost', departmentName: 'ghost', activityCount: 1, timeliness: 30 - 10 });
  });
});

describe('R-19 先进单位 and reward candidates', () => {
  it('先进单位: the top two that led activities; ties go to fewer deduction points, then more activities, then the code', () => {
    const ranked = scoreDepartments(
      [dept('none', 0), dept('b', 2), dept('a', 2), dept('c', 3), dept('d', 1)],
      [
        // b and a: 100 − 5 + 5 = 100 each, same deductions (5): a wins on the code
        act('b', { lateDraft: true, trainingMaterial: true }),
        act('a', { lateDraft: true, trainingMaterial: true }),
        // c: 100 too but with 10 deduction points (−5 −5 +10): behind a and b
        act('c', { lateDraft: true }),
        act('c', { lateDraft: true, commended: true }),
        // d: 100 with no deductions: first (before `none`, which led fewer activities)
        act('d'),
      ],
    );
    expect(ranked.map((s) => [s.department, s.total])).toEqual([
      ['d', 100],
      ['none', 100], // as clean as d, but fewer activities
      ['a', 100],
      ['b', 100],
      ['c', 100],
    ]);
    expect(advancedUnits(ranked).map((s) => s.department)).toEqual(['d', 'a']);
    const tie = scoreDepartments([dept('x', 1), dept('y', 2)], []);
    expect(tie.map((s) => s.department)).toEqual(['y', 'x']); // same total and deductions: more activities first
  });

  it('excellent = training material or commended, never returned, not falsified; the final version’s compiler', () => {
    const good1 = act('a', { trainingMaterial: true });
    const good2 = act('b', { commended: true, trainingMaterial: true });
    const returned = act('a', { trainingMaterial: true, returned: true });
    const falsified = act('a', { commended: true, falsified: true });
    const plain = act('a');
    const noCompiler = act('a', { commended: true, compiler: null });
    const list = rewardCandidates([good2, returned, falsified, plain, good1, noCompiler], (c) => `${c}部`);
    expect(list).toEqual([
      {
        activityId: good1.activityId,
        activityName: good1.activityName,
        department: 'a',
        departmentName: 'a部',
        compilerId: good1.compiler!.userId,
        compilerName: good1.compiler!.displayName,
        grounds: ['trainingMaterial'],
      },
      expect.objectContaining({ activityId: good2.activityId, grounds: ['trainingMaterial', 'commended'] }),
    ]);
    const all = annualScoring([dept('a', 5), dept('b', 1)], [good1, good2, returned, falsified, plain]);
    expect(all.rewardCandidates.map((c) => c.activityId)).toEqual([good1.activityId, good2.activityId]);
    expect(all.advanced).toHaveLength(2);
  });

  it('R-14.3 training material: satisfaction above 90 (percent) or media exposure of a million; never when falsified', () => {
    expect(isTrainingMaterial({ satisfaction: 90.1, mediaExposure: 0 }, false)).toBe(true);
    expect(isTrainingMaterial({ satisfaction: 90, mediaExposure: 999_999 }, false)).toBe(false);
    expect(isTrainingMaterial({ satisfaction: null, mediaExposure: 1_000_000 }, false)).toBe(true);
    expect(isTrainingMaterial({ satisfaction: 99, mediaExposure: 0 }, true)).toBe(false);
    expect(isTrainingMaterial(null, false)).toBe(false);
  });
});
