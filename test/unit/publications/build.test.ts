/**
 * the publication builders: the member digest covers the five modules, the public
 * short version the social-value part with the name, date and headline figures; both masked by the
 * one desensitizer, confidential fields left out, text without personal data kept as written.
 */
import {
  buildMemberDigest,
  buildPublicShort,
  dateRange,
  num,
  publicationText,
  type PublicationContent,
} from '../../../libs/publications/index.js';
import { hasPersonalData } from '../../../libs/redaction/index.js';
import { exampleSummary, EXAMPLE_CONTEXT, SUMMARY_MODULE_LABELS_ZH, type SummaryDocument } from '../../../libs/summary/index.js';

const ACTIVITY = { name: EXAMPLE_CONTEXT.activityName, startAt: '2026-11-20T09:00:00+08:00', endAt: '2026-11-20T17:30:00+08:00' };
const DEPARTMENTS = { publicity: '宣传部', training: '培训部', admin: '行政部' };

/** The example summary with a phone, an e-mail, an ID number and names written into its text. */
function withPersonalData(): SummaryDocument {
  const doc = exampleSummary();
  doc.effectiveness.qualitative.socialValue += '媒体合作请联系宣传部王小明,手机13812345678,邮箱wangxm@163.com。';
  doc.effectiveness.qualitative.memberFeedback += '会员李华(身份证号11010519491231002X)来电010-65123456反映签到排队较长。';
  doc.execution.implementation.onSiteManagement += '现场负责人:赵敏 13912345678。';
  return doc;
}

/** Every string of the content, the title and figures included. */
const strings = (c: PublicationContent): string[] => [
  c.title,
  c.date,
  ...c.figures.flatMap((f) => [f.label, f.value]),
  ...c.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
];

const ORIGINALS = ['王小明', '13812345678', 'wangxm@163.com', '李华', '11010519491231002X', '65123456', '赵敏', '13912345678'];

describe('R-14.4 the member digest', () => {
  it('is a digest of the five modules, in the regulation’s order, with the headline figures', () => {
    const digest = buildMemberDigest({ document: exampleSummary(), activity: ACTIVITY, departmentNames: DEPARTMENTS });
    expect(digest.title).toBe('2026青年导演论坛活动总结（会员版）');
    expect(digest.date).toBe('2026年11月20日');
    expect(digest.sections.map((s) => s.heading)).toEqual(Object.values(SUMMARY_MODULE_LABELS_ZH));
    expect(digest.figures).toEqual([
      { label: '参与人数', value: '386 人' },
      { label: '参与率', value: '91.9%' },
      { label: '满意度', value: '91.3%' },
      { label: '问卷回收率', value: '92.0%' },
      { label: '媒体曝光量', value: '1,992,000 次' },
      { label: '媒体报道', value: '20 篇' },
    ]);
    const overview = digest.sections[0]!.paragraphs;
    expect(overview).toContain('协办单位：某某影视集团、XX大学电影学院');
    expect(overview).toContain(
      '参与情况：会员 210 人（线上 60、线下 150），嘉宾 32 人（线上 0、线下 32），观众 144 人（线上 48、线下 96）。',
    );
    expect(digest.sections[1]!.paragraphs).toContain(
      '活动环节：共 7 个环节（开幕式、主旨演讲、分论坛一:剧本开发、分论坛二:青年导演与平台、分论坛三:技术与制作、项目推介会、闭幕式），计划用时 500 分钟，实际用时 520 分钟。',
    );
    // Suggestions name their department in Chinese; the budget figures and resource needs stay internal.
    expect(digest.sections[4]!.paragraphs[0]).toMatch(/^1\. 下届论坛提前30天.*（责任部门：宣传部；完成时限：2027-03-31）$/);
    expect(strings(digest).join('\n')).not.toMatch(/经费|劳务费|186000|179640/);
  });

  it('keeps text without personal data exactly as written', () => {
    const doc = exampleSummary();
    const digest = buildMemberDigest({ document: doc, activity: ACTIVITY, departmentNames: DEPARTMENTS });
    const effectiveness = digest.sections[2]!.paragraphs;
    expect(effectiveness).toEqual([
      `行业影响：${doc.effectiveness.qualitative.industryImpact}`,
      `社会价值：${doc.effectiveness.qualitative.socialValue}`,
      `会员反馈：${doc.effectiveness.qualitative.memberFeedback}`,
    ]);
  });

  it('masks phones, IDs, e-mails and the names next to them wherever they were written', () => {
    const digest = buildMemberDigest({ document: withPersonalData(), activity: ACTIVITY, departmentNames: DEPARTMENTS });
    const all = strings(digest).join('\n');
    for (const original of ORIGINALS) expect([original, all.includes(original)]).toEqual([original, false]);
    for (const s of strings(digest)) expect([s, hasPersonalData(s)]).toEqual([s, false]);
    expect(all).toContain('媒体合作请联系宣传部某某,手机138****5678,邮箱w***@163.com。');
    expect(all).toContain('会员某某(身份证号110105********002X)来电010-****3456反映签到排队较长。');
    expect(all).toContain('现场负责人:某某 139****5678。');
  });

  it('leaves out what the compiler marked confidential (R-13.2.3)', () => {
    const doc = exampleSummary();
    doc.confidential = ['effectiveness.qualitative.industryImpact', 'lessons.problems.1.description'];
    const digest = buildMemberDigest({ document: doc, activity: ACTIVITY });
    const all = strings(digest).join('\n');
    expect(all).not.toContain(doc.effectiveness.qualitative.industryImpact);
    expect(all).not.toContain(doc.lessons.problems[1]!.description);
    expect(all).not.toContain('行业影响');
    expect(all).toContain(doc.lessons.problems[0]!.description);
  });
});

describe('R-15.3 the public short version', () => {
  it('has the name, the date, three headline figures and the social-value part only', () => {
    const doc = exampleSummary();
    const short = buildPublicShort({ document: doc, activity: ACTIVITY });
    expect(short).toEqual({
      title: '2026青年导演论坛',
      date: '2026年11月20日',
      figures: [
        { label: '参与人数', value: '386 人' },
        { label: '满意度', value: '91.3%' },
        { label: '媒体曝光量', value: '1,992,000 次' },
      ],
      sections: [
        { heading: '活动简介', paragraphs: ['2026年11月20日，XX影视协会举办“2026青年导演论坛”，共有 386 人参与。'] },
        { heading: '社会价值', paragraphs: [doc.effectiveness.qualitative.socialValue] },
      ],
    });
  });

  it('masks the social-value text and carries nothing from the other fields', () => {
    const doc = withPersonalData();
    const short = buildPublicShort({ document: doc, activity: ACTIVITY });
    const all = strings(short).join('\n');
    for (const original of ORIGINALS) expect(all).not.toContain(original);
    expect(short.sections[1]!.paragraphs[0]).toContain('媒体合作请联系宣传部某某,手机138****5678,邮箱w***@163.com。');
    expect(all).not.toContain('签到排队');
    expect(all).not.toContain(doc.lessons.problems[0]!.description);
  });

  it('as plain text: title, date, figures, sections', () => {
    const text = publicationText(buildPublicShort({ document: exampleSummary(), activity: ACTIVITY }));
    expect(text.split('\n').slice(0, 4)).toEqual([
      '2026青年导演论坛',
      '2026年11月20日',
      '',
      '参与人数：386 人；满意度：91.3%；媒体曝光量：1,992,000 次',
    ]);
    expect(text).toContain('【社会价值】\n直播及回放');
  });
});

describe('formatting', () => {
  it.each([
    ['2026-11-20T09:00:00+08:00', '2026-11-20T17:30:00+08:00', '2026年11月20日'],
    ['2026-11-20T09:00:00+08:00', '2026-11-22T17:30:00+08:00', '2026年11月20日至22日'],
    ['2026-11-30T09:00:00+08:00', '2026-12-02T17:30:00+08:00', '2026年11月30日至12月2日'],
    ['2026-12-31T09:00:00+08:00', '2027-01-02T17:30:00+08:00', '2026年12月31日至2027年1月2日'],
    // 20:00 UTC on Nov 19 is 04:00 on Nov 20 in Beijing.
    ['2026-11-19T20:00:00Z', '2026-11-20T09:30:00Z', '2026年11月20日'],
  ])('dateRange(%s, %s) = %s', (from, to, expected) => expect(dateRange(from, to)).toBe(expected));

  it('groups thousands and keeps at most one decimal', () => {
    expect([num(386), num(1992000), num(179640.5), num(0)]).toEqual(['386', '1,992,000', '179,640.5', '0']);
  });
});
