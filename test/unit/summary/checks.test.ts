import { contentHash, expectedTitle, hasBlocking, namesMeasurableFact, runChecks, type Finding } from '../../../libs/summary/checks.js';
import { SUMMARY_MODULES, type AttachmentKind, type SummaryDocument } from '../../../libs/summary/document.js';
import { EXAMPLE_CONTEXT, exampleAttachments, exampleSummary } from '../../../libs/summary/example.js';

type Mutation = (d: SummaryDocument) => void;
/** Loosens the static type so a test can break the document the way a raw body could. */
const loose = (v: unknown) => v as Record<string, any>;

function check(mutate: Mutation = () => {}, context = EXAMPLE_CONTEXT): Finding[] {
  const doc = exampleSummary();
  mutate(doc);
  return runChecks(doc, context);
}

/** The findings' rule, severity and path: what each table row asserts. */
const brief = (fs: Finding[]) => fs.map((f) => [f.rule, f.severity, f.path]);

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
function attach(counts: Record<AttachmentKind, number>) {
  return exampleAttachments({
    photo: ids('p', counts.photo),
    data_table: ids('t', counts.data_table),
    media_screenshot: ids('m', counts.media_screenshot),
    questionnaire_report: ids('q', counts.questionnaire_report),
  });
}

describe('summary checks', () => {
  it('R-9.1–R-9.5, R-6 the example summary passes every check with no findings', () => {
    const findings = check();
    expect(findings).toEqual([]);
    expect(hasBlocking(findings)).toBe(false);
  });

  describe('R-9.1 all five modules and their required parts', () => {
    it.each(SUMMARY_MODULES.map((m) => [m]))('R-9.1 a missing %s module is blocking', (module) => {
      const findings = check((d) => delete loose(d)[module]);
      expect(findings).toEqual([
        expect.objectContaining({
          rule: 'R-9.1',
          severity: 'blocking',
          module,
          path: module,
          messageZh: expect.stringMatching(/^缺少「.+」模块$/),
        }),
      ]);
    });

    it.each<[string, Mutation, string]>([
      ['blank background', (d) => void (d.overview.goals.background = '  '), 'overview.goals.background'],
      ['no quantified targets', (d) => void (d.overview.goals.targets = []), 'overview.goals.targets'],
      ['a target without unit', (d) => void (d.overview.goals.targets[1]!.unit = ''), 'overview.goals.targets.1.unit'],
      ['a blank place', (d) => void (d.overview.basicInfo.place = ''), 'overview.basicInfo.place'],
      ['a start time that is not a time', (d) => void (d.overview.basicInfo.startAt = 'soon'), 'overview.basicInfo.startAt'],
      ['no staff roles', (d) => void (d.overview.participation.staffRoles = []), 'overview.participation.staffRoles'],
      [
        'guests without the online/offline split',
        (d) => void delete loose(d.overview.participation.guests).online,
        'overview.participation.guests.online',
      ],
      [
        'no key participating organisations',
        (d) => void (d.overview.participation.keyOrganisations = []),
        'overview.participation.keyOrganisations',
      ],
      ['no risk plans', (d) => void (d.execution.preparation.riskPlans = []), 'execution.preparation.riskPlans'],
      ['no budget', (d) => void delete loose(d.execution.preparation).budgetYuan, 'execution.preparation.budgetYuan'],
      ['no segment timings', (d) => void (d.execution.implementation.segments = []), 'execution.implementation.segments'],
      [
        'a segment without actual minutes',
        (d) => void delete loose(d.execution.implementation.segments[2]).actualMinutes,
        'execution.implementation.segments.2.actualMinutes',
      ],
      ['no expense settlement', (d) => void delete loose(d.execution.closing).expenseSettlement, 'execution.closing.expenseSettlement'],
      [
        'blank technical support',
        (d) => void (d.execution.implementation.technicalSupport = ''),
        'execution.implementation.technicalSupport',
      ],
      [
        'no media exposure',
        (d) => void delete loose(d.effectiveness.quantitative).mediaExposure,
        'effectiveness.quantitative.mediaExposure',
      ],
      [
        'no questionnaire figures',
        (d) => void delete loose(d.effectiveness.quantitative).questionnaire,
        'effectiveness.quantitative.questionnaire',
      ],
      ['blank social value', (d) => void (d.effectiveness.qualitative.socialValue = ''), 'effectiveness.qualitative.socialValue'],
      ['no highlights', (d) => void (d.lessons.highlights = []), 'lessons.highlights'],
      [
        'a highlight not saying whether it is replicable',
        (d) => void delete loose(d.lessons.highlights[0]).replicable,
        'lessons.highlights.0.replicable',
      ],
      ['no problems', (d) => void (d.lessons.problems = []), 'lessons.problems'],
      ['a problem of an unknown kind', (d) => void (loose(d.lessons.problems[0]).kind = 'other'), 'lessons.problems.0.kind'],
      ['no suggestions', (d) => void (d.improvements.suggestions = []), 'improvements.suggestions'],
      [
        'a suggestion without resource needs',
        (d) => void (d.improvements.suggestions[1]!.resourceNeeds = ''),
        'improvements.suggestions.1.resourceNeeds',
      ],
    ])('R-9.1 %s is blocking', (_case, mutate, path) => {
      expect(brief(check(mutate))).toEqual([['R-9.1', 'blocking', path]]);
    });

    it('R-9.1 names the gap in Chinese, module first', () => {
      const [f] = check((d) => void (d.overview.goals.targets[1]!.unit = ''));
      expect(f).toMatchObject({ module: 'overview', messageZh: '缺少必填内容:活动概述 › 目标设定 › 量化目标第2项 › 单位' });
    });

    it('R-9.1 co-organizers may be empty: not every activity has one', () => {
      expect(check((d) => void (d.overview.basicInfo.coOrganizers = []))).toEqual([]);
    });

    it('R-9.1 an empty draft reports every module, the title, compiler and attachments without throwing', () => {
      const findings = runChecks({}, EXAMPLE_CONTEXT);
      expect(findings.filter((f) => f.rule === 'R-9.1').map((f) => f.path)).toEqual([...SUMMARY_MODULES]);
      expect(brief(findings.filter((f) => f.rule !== 'R-9.1'))).toEqual([
        ['R-6', 'blocking', 'title'],
        ['R-6', 'blocking', 'compiler.name'],
        ['R-6', 'blocking', 'compiler.department'],
        ['R-9.5', 'blocking', 'attachments'],
      ]);
    });
  });

  describe('R-9.2 rates carry their source numbers and match them', () => {
    const q = (d: SummaryDocument) => d.effectiveness.quantitative;

    it('R-9.2 a stated 95% for 200/184 is refused', () => {
      const findings = check((d) => void (q(d).questionnaire.statedRate = 95));
      expect(findings).toEqual([
        {
          rule: 'R-9.2',
          severity: 'blocking',
          module: 'effectiveness',
          path: 'effectiveness.quantitative.questionnaire.statedRate',
          message: 'The stated questionnaire return rate 95% does not match 184 returned of 200 issued = 92.0% (tolerance ±0.5 points)',
          messageZh: '问卷回收率填报为95%,与“发放问卷200份,回收184份”计算所得92.0%不符(允许误差±0.5个百分点)',
        },
      ]);
      expect(hasBlocking(findings)).toBe(true);
    });

    it.each([
      ['92.5 (edge of the tolerance)', 92.5],
      ['91.5 (edge of the tolerance)', 91.5],
      ['no stated rate: the computed one is used', undefined],
    ])('R-9.2 发放问卷200份,回收184份 → 92%%: %s is accepted', (_case, statedRate) => {
      expect(check((d) => void (q(d).questionnaire.statedRate = statedRate))).toEqual([]);
    });

    it.each<[string, Mutation, string]>([
      [
        'a stated 92.6% for 200/184',
        (d) => void (q(d).questionnaire.statedRate = 92.6),
        'effectiveness.quantitative.questionnaire.statedRate',
      ],
      [
        'a stated participation rate of 95% for 386/420',
        (d) => void (q(d).participation.statedRate = 95),
        'effectiveness.quantitative.participation.statedRate',
      ],
      [
        'a stated satisfaction of 95% for (121+47)/184',
        (d) => void (q(d).satisfaction.statedRate = 95),
        'effectiveness.quantitative.satisfaction.statedRate',
      ],
      ['a rate without questionnaires issued (0)', (d) => void (q(d).questionnaire.issued = 0), 'effectiveness.quantitative.questionnaire'],
      [
        'more questionnaires returned than issued',
        (d) => void (q(d).questionnaire.returned = 201),
        'effectiveness.quantitative.questionnaire',
      ],
      [
        'satisfied + fairly satisfied above the responses',
        (d) => void (q(d).satisfaction.satisfied = 140),
        'effectiveness.quantitative.satisfaction',
      ],
      ['satisfaction without responses', (d) => void delete loose(q(d).satisfaction).responses, 'effectiveness.quantitative.satisfaction'],
      [
        'a participation rate without a plan (0 planned)',
        (d) => void (q(d).participation.planned = 0),
        'effectiveness.quantitative.participation',
      ],
    ])('R-9.2 %s is blocking', (_case, mutate, path) => {
      expect(brief(check(mutate))).toEqual([['R-9.2', 'blocking', path]]);
    });

    it("R-9.2 actual participants differing from the overview's counts is a warning", () => {
      const findings = check((d) => {
        q(d).participation.actual = 400;
        q(d).participation.statedRate = 95.2;
      });
      expect(brief(findings)).toEqual([['R-9.2', 'warning', 'effectiveness.quantitative.participation.actual']]);
      expect(findings[0]!.messageZh).toBe('实际参与人数400人与活动概述中会员、嘉宾、观众合计386人不一致');
    });
  });

  describe('R-9.3 problems name a measurable fact', () => {
    it.each([
      ['抖音平台投放量仅完成计划50%', true],
      ['分组讨论超时15分钟', true],
      ['宣传触达率仅达三成', true],
      ['线上报名人数不足计划的三分之一', true],
      ['B站直播间互动冷清', true],
      ['微信公众号推文发布过晚', true],
      ['受政策调整影响,半数展映片目延期', true],
      ['宣传不足', false],
      ['分组讨论时间分配不均', false],
      ['电视剧单元讨论不够深入', false],
    ])('R-9.3 "%s" names a measurable fact: %s', (description, measurable) => {
      expect(namesMeasurableFact(description)).toBe(measurable);
    });

    it('R-9.3 a vague problem is a warning, not blocking', () => {
      const findings = check((d) => void (d.lessons.problems[1]!.description = '宣传不足'));
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'R-9.3', severity: 'warning', module: 'lessons', path: 'lessons.problems.1.description' }),
      ]);
      expect(hasBlocking(findings)).toBe(false);
    });
  });

  describe('R-9.4 suggestions are actionable', () => {
    const s = (d: SummaryDocument) => d.improvements.suggestions[1]!;
    it.each<[string, Mutation, 'blocking' | 'warning', string]>([
      ['no responsible department', (d) => void (s(d).responsibleDepartment = ''), 'blocking', 'responsibleDepartment'],
      [
        'a department that is not a code (宣传部)',
        (d) => void (s(d).responsibleDepartment = '宣传部'),
        'blocking',
        'responsibleDepartment',
      ],
      ['no deadline', (d) => void (s(d).deadline = ''), 'blocking', 'deadline'],
      ['a deadline that is not a date (2027-02-30)', (d) => void (s(d).deadline = '2027-02-30'), 'blocking', 'deadline'],
      ['a deadline written 2027/01/15', (d) => void (s(d).deadline = '2027/01/15'), 'blocking', 'deadline'],
      ['a deadline on or before the activity end', (d) => void (s(d).deadline = '2026-11-20'), 'warning', 'deadline'],
    ])('R-9.4 %s → %s', (_case, mutate, severity, field) => {
      expect(brief(check(mutate))).toEqual([['R-9.4', severity, `improvements.suggestions.1.${field}`]]);
    });

    it('R-9.4 the coordinating department is optional', () => {
      expect(check((d) => void delete d.improvements.suggestions[0]!.coordinatingDepartment)).toEqual([]);
    });
  });

  describe('R-6 title and compiler', () => {
    it('R-6 the expected title uses the association, the activity name and its end date', () => {
      expect(expectedTitle(EXAMPLE_CONTEXT)).toBe('XX影视协会2026青年导演论坛活动总结\uFF082026年11月20日\uFF09');
      expect(expectedTitle({ activityName: '春季公益放映', activityEndDate: '2027-03-05', associationName: '某省影视协会' })).toBe(
        '某省影视协会春季公益放映活动总结\uFF082027年03月05日\uFF09',
      );
    });

    it.each<[string, string, 'blocking' | 'warning' | null]>([
      ['the exact title', 'XX影视协会2026青年导演论坛活动总结\uFF082026年11月20日\uFF09', null],
      ['surrounding spaces', '  XX影视协会2026青年导演论坛活动总结\uFF082026年11月20日\uFF09 ', null],
      ['half-width parentheses', 'XX影视协会2026青年导演论坛活动总结(2026年11月20日)', 'warning'],
      ['the start date instead of the end date', 'XX影视协会2026青年导演论坛活动总结\uFF082026年11月19日\uFF09', 'blocking'],
      ['an unpadded date', 'XX影视协会2026青年导演论坛活动总结\uFF082026年11月2日\uFF09', 'blocking'],
      ['no association name', '2026青年导演论坛活动总结\uFF082026年11月20日\uFF09', 'blocking'],
      ['another activity name', 'XX影视协会2026青年导演峰会活动总结\uFF082026年11月20日\uFF09', 'blocking'],
      ['no date', 'XX影视协会2026青年导演论坛活动总结', 'blocking'],
      ['an empty title', '', 'blocking'],
    ])('R-6 title with %s → %s', (_case, title, severity) => {
      const findings = check((d) => void (d.title = title));
      expect(brief(findings)).toEqual(severity ? [['R-6', severity, 'title']] : []);
    });

    it('R-6 the title finding tells the exact title to use', () => {
      const [f] = check((d) => void (d.title = '2026青年导演论坛总结'));
      expect(f!.messageZh).toContain('XX影视协会2026青年导演论坛活动总结\uFF082026年11月20日\uFF09');
    });

    it('R-6 a summary without a named compiler is blocking', () => {
      expect(brief(check((d) => void (d.compiler.name = ' ')))).toEqual([['R-6', 'blocking', 'compiler.name']]);
    });
  });

  describe('R-9.5 attachments: 3–5 photos, data, media, questionnaire, in that order', () => {
    it.each([
      [
        '3 photos, 1 data table, 1 media screenshot, 1 questionnaire report',
        { photo: 3, data_table: 1, media_screenshot: 1, questionnaire_report: 1 },
        0,
      ],
      ['5 photos', { photo: 5, data_table: 2, media_screenshot: 3, questionnaire_report: 1 }, 0],
      ['2 photos', { photo: 2, data_table: 1, media_screenshot: 1, questionnaire_report: 1 }, 1],
      ['6 photos', { photo: 6, data_table: 1, media_screenshot: 1, questionnaire_report: 1 }, 1],
      ['no data table', { photo: 4, data_table: 0, media_screenshot: 1, questionnaire_report: 1 }, 1],
      ['no media screenshot', { photo: 4, data_table: 1, media_screenshot: 0, questionnaire_report: 1 }, 1],
      ['no questionnaire report', { photo: 4, data_table: 1, media_screenshot: 1, questionnaire_report: 0 }, 1],
      ['nothing at all', { photo: 0, data_table: 0, media_screenshot: 0, questionnaire_report: 0 }, 4],
    ])('R-9.5 %s → %d blocking findings', (_case, counts, blocking) => {
      const findings = check((d) => void (d.attachments = attach(counts)));
      expect(findings.every((f) => f.rule === 'R-9.5' && f.severity === 'blocking' && f.path === 'attachments')).toBe(true);
      expect(findings).toHaveLength(blocking);
    });

    const swapOrders = (d: SummaryDocument, a: number, b: number) => {
      const [x, y] = [d.attachments[a]!, d.attachments[b]!];
      [x.order, y.order] = [y.order, x.order];
    };
    it.each<[string, Mutation, RegExp]>([
      ['a data table before a photo', (d) => swapOrders(d, 3, 4), /附件5\(活动照片\)排在附件4\(数据统计表\)之后/],
      [
        'the questionnaire report before a media screenshot',
        (d) => swapOrders(d, 7, 8),
        /附件9\(媒体报道截图\)排在附件8\(问卷分析报告\)之后/,
      ],
      ['two attachments with the same order', (d) => void (d.attachments[1]!.order = 1), /附件序号1重复/],
      ['the same attachment listed twice', (d) => void (d.attachments[1]!.attachmentId = d.attachments[0]!.attachmentId), /被重复列入/],
      ['an attachment of an unknown kind', (d) => void (loose(d.attachments[8]).kind = 'video'), /附件第9项须注明类型/],
      ['no attachment list', (d) => void delete loose(d).attachments, /缺少附件清单/],
    ])('R-9.5 %s is blocking', (_case, mutate, zh) => {
      const findings = check(mutate);
      expect(findings.map((f) => [f.rule, f.severity])).toContainEqual(['R-9.5', 'blocking']);
      expect(findings.map((f) => f.messageZh).join('\n')).toMatch(zh);
    });

    it('R-9.5 the list order is by `order`, not by array position', () => {
      expect(check((d) => void d.attachments.reverse())).toEqual([]);
    });
  });

  describe('R-6.4 content hash', () => {
    /** The same content with every object's keys in reverse order. */
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;

    it('R-6.4 is sha256 hex of a key-sorted JSON: key order does not change it', () => {
      const doc = exampleSummary();
      const reversed = reverseKeys(doc) as SummaryDocument;
      expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(doc));
      expect(contentHash(doc)).toMatch(/^[0-9a-f]{64}$/);
      expect(contentHash(reversed)).toBe(contentHash(doc));
    });

    it('R-6.4 any change to the content changes the hash', () => {
      const changed = exampleSummary();
      changed.effectiveness.quantitative.questionnaire.returned = 183;
      expect(contentHash(changed)).not.toBe(contentHash(exampleSummary()));
    });

    it('R-6.4 undefined optional members hash like absent ones', () => {
      const a = exampleSummary();
      const b = exampleSummary();
      delete a.effectiveness.quantitative.participation.statedRate;
      b.effectiveness.quantitative.participation.statedRate = undefined;
      expect(contentHash(a)).toBe(contentHash(b));
    });
  });

  it('SPEC §4 a malformed check context is a programming error', () => {
    expect(() => runChecks(exampleSummary(), { activityName: '2026青年导演论坛', activityEndDate: '2026/11/20' })).toThrow(RangeError);
    expect(() => runChecks(exampleSummary(), { activityName: ' ', activityEndDate: '2026-11-20' })).toThrow(RangeError);
  });
});

describe("R-9.5 the listed attachments are the activity's own uploads", () => {
  const doc = exampleSummary();
  const ids = doc.attachments.map((a) => a.attachmentId);
  const own = (kind: AttachmentKind) => ({ activityId: 'act-1', kind });
  const allOwn = new Map(doc.attachments.map((a) => [a.attachmentId, own(a.kind)]));
  const context = { ...EXAMPLE_CONTEXT };

  it('finds nothing when every listed id is an upload of this activity, of the kind listed', () => {
    expect(runChecks(doc, { ...context, uploads: { activityId: 'act-1', byId: allOwn } })).toEqual([]);
  });

  it('blocks an upload of another activity, and one of another kind, naming the entry', () => {
    const byId = new Map(allOwn);
    byId.set(ids[0]!, { activityId: 'act-2', kind: 'photo' });
    byId.set(ids[4]!, own('photo')); // listed as a data table
    const findings = runChecks(doc, { ...context, uploads: { activityId: 'act-1', byId } });
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['R-9.5', 'blocking', 'attachments.0.attachmentId'],
      ['R-9.5', 'blocking', 'attachments.4.attachmentId'],
    ]);
    expect(findings[1]!.messageZh).toContain('活动照片');
  });

  it('warns about ids nothing was uploaded under, and checks nothing without the uploads', () => {
    const byId = new Map(allOwn);
    byId.delete(ids[8]!);
    expect(runChecks(doc, { ...context, uploads: { activityId: 'act-1', byId } })).toEqual([
      expect.objectContaining({ rule: 'R-9.5', severity: 'warning', path: 'attachments.8.attachmentId' }),
    ]);
    expect(runChecks(doc, context)).toEqual([]);
  });
});
