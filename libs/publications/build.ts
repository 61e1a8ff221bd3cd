/**
 * Builds the two publications of a final summary (R-14.4, R-15.3). Pure: the final version's
 * document, the activity's name and dates and the department names in, the content out.
 *
 * Every piece of text goes through the publication mode of the one desensitizer (libs/redaction
 * `maskText`: phones 138****5678, IDs 110105********1234, e-mails w***@163.com, names next to them
 * 某某). Fields the compiler marked confidential (R-13.2.3: unpublished industry data) are left
 * out, not masked. Left out by design as internal: money (budget, expenses, resource needs), risk
 * plans, the inventory, team headcounts, the compiler and the attachments.
 */
import { isMarkedConfidential, maskText } from '../redaction/index.js';
import { SUMMARY_MODULE_LABELS_ZH, type SummaryDocument } from '../summary/document.js';
import { summaryRates } from '../summary/metrics.js';
import type { PublicationContent, PublicationFigure, PublicationKind, PublicationSection } from './content.js';

export interface PublicationInput {
  document: SummaryDocument;
  activity: { name: string; startAt: string | Date; endAt: string | Date };
  /** Department code → Chinese name (departments.name_zh); an unknown code is shown as it is. */
  departmentNames?: Readonly<Record<string, string>>;
}

export function buildPublication(kind: PublicationKind, input: PublicationInput): PublicationContent {
  return kind === 'member_digest' ? buildMemberDigest(input) : buildPublicShort(input);
}

/** R-14.4 会员平台摘要: a readable digest of the five modules, desensitized. */
export function buildMemberDigest({ document: doc, activity, departmentNames = {} }: PublicationInput): PublicationContent {
  const text = textOf(doc);
  const { basicInfo, goals, participation } = doc.overview;
  const { preparation, implementation, closing } = doc.execution;
  const { qualitative } = doc.effectiveness;
  const name = maskText(activity.name);

  const overview = [
    labelled('主办单位', text('overview.basicInfo.organizer', basicInfo.organizer)),
    labelled('承办单位', text('overview.basicInfo.host', basicInfo.host)),
    labelled('协办单位', list(basicInfo.coOrganizers.map((c, i) => text(`overview.basicInfo.coOrganizers.${i}`, c)))),
    labelled('活动地点', text('overview.basicInfo.place', basicInfo.place)),
    labelled('活动背景', text('overview.goals.background', goals.background)),
    labelled(
      '目标完成',
      list(
        goals.targets.map((t, i) => {
          const indicator = text(`overview.goals.targets.${i}.indicator`, t.indicator);
          if (!indicator) return null;
          const actual = t.actual === undefined ? '' : `，实际 ${num(t.actual)}${t.unit}`;
          return `${indicator}目标 ${num(t.target)}${t.unit}${actual}`;
        }),
        '；',
      ),
    ),
    `参与情况：会员 ${splitCount(participation.members)}，嘉宾 ${splitCount(participation.guests)}，观众 ${splitCount(participation.audience)}。`,
    labelled('重点参与单位', list(participation.keyOrganisations.map((o, i) => text(`overview.participation.keyOrganisations.${i}`, o)))),
  ];

  const planned = implementation.segments.reduce((s, x) => s + x.plannedMinutes, 0);
  const actual = implementation.segments.reduce((s, x) => s + x.actualMinutes, 0);
  const segmentNames = list(implementation.segments.map((s, i) => text(`execution.implementation.segments.${i}.segment`, s.segment)));
  const execution = [
    labelled('活动方案', text('execution.preparation.plan', preparation.plan)),
    implementation.segments.length
      ? `活动环节：共 ${implementation.segments.length} 个环节${segmentNames ? `（${segmentNames}）` : ''}，计划用时 ${planned} 分钟，实际用时 ${actual} 分钟。`
      : null,
    labelled('现场管理', text('execution.implementation.onSiteManagement', implementation.onSiteManagement)),
    labelled('技术保障', text('execution.implementation.technicalSupport', implementation.technicalSupport)),
    labelled('意见收集', text('execution.closing.feedbackCollection', closing.feedbackCollection)),
  ];

  const effectiveness = [
    labelled('行业影响', text('effectiveness.qualitative.industryImpact', qualitative.industryImpact)),
    labelled('社会价值', text('effectiveness.qualitative.socialValue', qualitative.socialValue)),
    labelled('会员反馈', text('effectiveness.qualitative.memberFeedback', qualitative.memberFeedback)),
  ];

  const lessons = [
    ...doc.lessons.highlights.map((h, i) =>
      labelled(h.replicable ? '可复制做法' : '特色环节', text(`lessons.highlights.${i}.practice`, h.practice)),
    ),
    ...doc.lessons.problems.map((p, i) =>
      labelled(p.kind === 'weakness' ? '不足' : '客观制约', text(`lessons.problems.${i}.description`, p.description)),
    ),
  ];

  const improvements = doc.improvements.suggestions.map((s, i) => {
    const measure = text(`improvements.suggestions.${i}.measure`, s.measure);
    if (!measure) return null;
    const department = departmentNames[s.responsibleDepartment] ?? s.responsibleDepartment;
    return `${i + 1}. ${measure}（责任部门：${department}；完成时限：${s.deadline}）`;
  });

  return {
    title: `${name}活动总结（会员版）`,
    date: dateRange(activity.startAt, activity.endAt),
    figures: headlineFigures(doc, 'full'),
    sections: sections([
      [SUMMARY_MODULE_LABELS_ZH.overview, overview],
      [SUMMARY_MODULE_LABELS_ZH.execution, execution],
      [SUMMARY_MODULE_LABELS_ZH.effectiveness, effectiveness],
      [SUMMARY_MODULE_LABELS_ZH.lessons, lessons],
      [SUMMARY_MODULE_LABELS_ZH.improvements, improvements],
    ]),
  };
}

/**
 * R-15.3 公开简版: the activity's name and date, a few headline figures and the social-value part
 * (effectiveness → qualitative → social value), desensitized.
 */
export function buildPublicShort({ document: doc, activity }: PublicationInput): PublicationContent {
  const text = textOf(doc);
  const name = maskText(activity.name);
  const date = dateRange(activity.startAt, activity.endAt);
  const organizer = text('overview.basicInfo.organizer', doc.overview.basicInfo.organizer);
  const actual = doc.effectiveness.quantitative.participation.actual;
  return {
    title: name,
    date,
    figures: headlineFigures(doc, 'short'),
    sections: sections([
      ['活动简介', [`${date}，${organizer ?? ''}举办“${name}”，共有 ${num(actual)} 人参与。`]],
      ['社会价值', [text('effectiveness.qualitative.socialValue', doc.effectiveness.qualitative.socialValue)]],
    ]),
  };
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────

/** A text field masked, or null when it is empty or marked confidential. */
function textOf(doc: SummaryDocument) {
  return (path: string, value: string | undefined): string | null => {
    if (!value?.trim() || isMarkedConfidential(doc, path)) return null;
    return maskText(value.trim());
  };
}

const labelled = (label: string, value: string | null): string | null => (value ? `${label}：${value}` : null);

function list(items: Array<string | null>, separator = '、'): string | null {
  const kept = items.filter((x): x is string => Boolean(x));
  return kept.length ? kept.join(separator) : null;
}

function sections(parts: Array<[string, Array<string | null>]>): PublicationSection[] {
  return parts
    .map(([heading, paragraphs]) => ({ heading, paragraphs: paragraphs.filter((p): p is string => Boolean(p)) }))
    .filter((s) => s.paragraphs.length > 0);
}

const splitCount = (c: { online: number; offline: number }) =>
  `${num(c.online + c.offline)} 人（线上 ${num(c.online)}、线下 ${num(c.offline)}）`;

/** Thousands grouped with commas, at most one decimal (no locale data involved). */
export function num(n: number): string {
  const [int, frac] = (Math.round(n * 10) / 10).toString().split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

const pct = (rate: number | null) => (rate === null ? null : `${rate.toFixed(1)}%`);

/** The figures of the quantitative part a reader cares about; `short` keeps three for the public. */
function headlineFigures(doc: SummaryDocument, which: 'full' | 'short'): PublicationFigure[] {
  const q = doc.effectiveness.quantitative;
  const rates = summaryRates(q);
  const figures: Array<[string, string | null]> = [
    ['参与人数', `${num(q.participation.actual)} 人`],
    ['参与率', pct(rates.participation)],
    ['满意度', pct(rates.satisfaction)],
    ['问卷回收率', pct(rates.questionnaireReturn)],
    ['媒体曝光量', `${num(rates.mediaExposure)} 次`],
    ['媒体报道', `${num(rates.mediaReports)} 篇`],
  ];
  const keep = which === 'full' ? figures : figures.filter(([label]) => ['参与人数', '满意度', '媒体曝光量'].includes(label));
  return keep.filter((f): f is [string, string] => f[1] !== null).map(([label, value]) => ({ label, value }));
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // no daylight saving time in China

function ymd(at: string | Date): [number, number, number] {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** 2026年11月20日, 2026年11月20日至22日, 2026年11月30日至12月2日, 2026年12月31日至2027年1月2日 (Beijing time). */
export function dateRange(startAt: string | Date, endAt: string | Date): string {
  const [y1, m1, d1] = ymd(startAt);
  const [y2, m2, d2] = ymd(endAt);
  const start = `${y1}年${m1}月${d1}日`;
  if (y1 !== y2) return `${start}至${y2}年${m2}月${d2}日`;
  if (m1 !== m2) return `${start}至${m2}月${d2}日`;
  return d1 === d2 ? start : `${start}至${d2}日`;
}
