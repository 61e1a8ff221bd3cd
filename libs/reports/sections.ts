/**
 * A stored report as headed sections of paragraphs and tables: the one model both exports render
 * (docx.ts: a Word document; xlsx.ts: a workbook with one sheet per table), so the two always say
 * the same thing. Pure: built only from the stored JSON.
 */
import {
  SUGGESTION_STATUS_LABELS_ZH,
  SUGGESTION_STATUSES,
  type AnnualContent,
  type ApplicationEvaluationContent,
  type ProcessOptimizationContent,
  type ReportContent,
} from './content.js';

export type Cell = string | number | null;

export interface ReportTable {
  /** Also the worksheet's name: short, unique within a report. */
  name: string;
  header: string[];
  rows: Cell[][];
}

export interface ReportSection {
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
}

export interface ReportModel {
  title: string;
  /** 统计期间 line under the title. */
  subtitle: string;
  sections: ReportSection[];
}

/** YYYY-MM-DD of an instant in Asia/Shanghai. */
export const shanghaiDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
/** The inclusive last day of a period whose exclusive end is `iso`. */
const lastDay = (iso: string): string => shanghaiDate(new Date(Date.parse(iso) - 1).toISOString());
const pct = (x: number | null): string => (x === null ? '—' : `${x}%`);

function processOptimization(c: ProcessOptimizationContent): ReportSection[] {
  const t = c.totals;
  return [
    {
      heading: '一、概要',
      paragraphs: [
        `本季度终稿中共提出改进建议 ${t.total} 条，其中待落实 ${t.pending} 条、落实中 ${t.in_progress} 条、已落实 ${t.implemented} 条、不采纳 ${t.rejected} 条。`,
        `落实状态截至 ${lastDay(c.statusAsOf)} 24 时；按责任部门汇总，供理事会审阅（R-14.2）。`,
      ],
      tables: [
        {
          name: '按部门汇总',
          header: ['责任部门', ...SUGGESTION_STATUSES.map((s) => SUGGESTION_STATUS_LABELS_ZH[s]), '合计'],
          rows: [
            ...c.departments.map((d) => [d.departmentZh, ...SUGGESTION_STATUSES.map((s) => d.counts[s]), d.counts.total]),
            ['合计', ...SUGGESTION_STATUSES.map((s) => t[s]), t.total],
          ],
        },
      ],
    },
    {
      heading: '二、改进建议明细',
      paragraphs: c.departments.length ? [] : ['本季度无改进建议。'],
      tables: [
        {
          name: '建议明细',
          header: ['责任部门', '活动名称', '改进措施', '协同部门', '完成期限', '落实状态', '不采纳理由', '终稿形成日期'],
          rows: c.departments.flatMap((d) =>
            d.items.map((i) => [
              d.departmentZh,
              i.activityName,
              i.measure,
              i.cooperatingDepartments.join('、') || '—',
              i.dueDate,
              i.statusZh,
              i.statusReason ?? '—',
              i.finalizedOn,
            ]),
          ),
        },
      ],
    },
  ];
}

function applicationEvaluation(c: ApplicationEvaluationContent): ReportSection[] {
  const imp = c.implementation;
  const q = c.qualityTrend;
  return [
    {
      heading: '一、改进建议落实情况',
      paragraphs: [
        `本期终稿提出改进建议 ${imp.total} 条，截至 ${lastDay(c.statusAsOf)} 已落实 ${imp.implemented} 条，落实率（已落实 ÷ 全部建议）为 ${pct(imp.rate)}。`,
      ],
      tables: [
        {
          name: '建议落实率',
          header: ['责任部门', '建议数', '已落实', '落实率（%）'],
          rows: [
            ...imp.byDepartment.map((d) => [d.departmentZh, d.total, d.implemented, d.rate]),
            ['合计', imp.total, imp.implemented, imp.rate],
          ],
        },
      ],
    },
    {
      heading: '二、总结质量趋势',
      paragraphs: [q.rule],
      tables: [
        {
          name: '质量趋势',
          header: ['活动类型', '本期活动数', '本期平均满意度（%）', '往期活动数', '往期平均满意度（%）', '变化（百分点）', '趋势'],
          rows: q.byType.map((x) => [x.typeZh, x.current.count, x.current.mean, x.earlier.count, x.earlier.mean, x.deltaPoints, x.trendZh]),
        },
        {
          name: '本期活动满意度',
          header: ['活动名称', '活动类型', '主办部门', '结束日期', '满意度（%）'],
          rows: q.activities.map((a) => [a.name, a.typeZh, a.departmentZh, a.endDate, a.satisfaction]),
        },
      ],
    },
  ];
}

const GROUNDS_ZH = { trainingMaterial: '入选培训教材（R-14.3）', commended: '获主管部门表扬' } as const;

function annual(c: AnnualContent): ReportSection[] {
  const scores = c.departmentScores;
  return [
    {
      heading: '一、概要',
      paragraphs: [`本年度已形成终稿的活动共 ${c.activityCount} 项。`],
      tables: [],
    },
    {
      heading: '二、典型案例（R-14.1）',
      paragraphs: [c.typicalCases.rule, ...(c.typicalCases.note ? [c.typicalCases.note] : [])],
      tables: [
        {
          name: '典型案例',
          header: ['序号', '活动名称', '活动类型', '主办部门', '结束日期', '满意度（%）', '媒体曝光量'],
          rows: c.typicalCases.items.map((i) => [i.rank, i.name, i.typeZh, i.departmentZh, i.endDate, i.satisfaction, i.mediaExposure]),
        },
      ],
    },
    {
      heading: '三、培训教材（R-14.3）',
      paragraphs: [c.trainingMaterial.rule, ...(c.trainingMaterial.items.length ? [] : ['本年度无符合条件的总结。'])],
      tables: [
        {
          name: '培训教材',
          header: ['活动名称', '活动类型', '主办部门', '结束日期', '满意度（%）', '媒体曝光量', '入选理由'],
          rows: c.trainingMaterial.items.map((i) => [
            i.name,
            i.typeZh,
            i.departmentZh,
            i.endDate,
            i.satisfaction,
            i.mediaExposure,
            i.reasons.join('；'),
          ]),
        },
      ],
    },
    {
      heading: '四、重点活动摘要（R-15.1）',
      paragraphs: [
        c.keyActivityAbstracts.rule,
        ...c.keyActivityAbstracts.items.flatMap((a, i) => [
          `${i + 1}. ${a.name}（${a.departmentZh}，${a.typeZh}，${a.endDate}${a.isMajor ? '，重大活动' : ''}${a.typicalCase ? '，典型案例' : ''}）`,
          `满意度 ${pct(a.figures.satisfaction)}，参与率 ${pct(a.figures.participation)}，` +
            `媒体曝光量 ${a.figures.mediaExposure}，报道 ${a.figures.mediaReports} 条。`,
          `活动背景：${a.background || '—'}`,
          `社会价值：${a.socialValue || '—'}`,
        ]),
      ],
      tables: [
        {
          name: '重点活动摘要',
          header: [
            '活动名称',
            '活动类型',
            '主办部门',
            '结束日期',
            '重大活动',
            '典型案例',
            '满意度（%）',
            '参与率（%）',
            '媒体曝光量',
            '报道条数',
            '活动背景',
            '社会价值',
          ],
          rows: c.keyActivityAbstracts.items.map((a) => [
            a.name,
            a.typeZh,
            a.departmentZh,
            a.endDate,
            a.isMajor ? '是' : '否',
            a.typicalCase ? '是' : '否',
            a.figures.satisfaction,
            a.figures.participation,
            a.figures.mediaExposure,
            a.figures.mediaReports,
            a.background,
            a.socialValue,
          ]),
        },
      ],
    },
    {
      heading: '五、部门年度评分与先进单位（R-18、R-19）',
      paragraphs: [
        `活动管理先进单位：${scores.advanced.map((d) => d.departmentName).join('、') || '—'}`,
        '评分规则：及时性 30 分（初稿逾期每次 −5，终稿逾期每次 −10）；质量 50 分（被退回修改的总结每份 −3，经通报弄虚作假的每份 −10）；' +
          '应用 20 分（改进建议落实率低于 60% −5，每份入选培训教材 +5，每份获主管部门表扬 +10）。各项扣至 0 为止，加分可使总分超过 100。',
      ],
      tables: [
        {
          name: '部门评分',
          header: ['部门', '及时性', '质量', '应用', '总分'],
          rows: scores.items.map((i) => [i.departmentName, i.timeliness, i.quality, i.application, i.total]),
        },
        {
          name: '加减分明细',
          header: ['部门', '活动', '事由', '分值'],
          rows: scores.items.flatMap((i) =>
            [...i.deductions, ...i.bonuses].map((d) => [i.departmentName, d.activityName ?? '—', d.reasonZh, d.points]),
          ),
        },
        {
          name: '奖励候选',
          header: ['编制人', '活动名称', '主办部门', '理由'],
          rows: scores.rewardCandidates.map((r) => [
            r.compilerName ?? '—',
            r.activityName,
            r.departmentName,
            r.grounds.map((g) => GROUNDS_ZH[g]).join('、'),
          ]),
        },
      ],
    },
  ];
}

export function reportModel(content: ReportContent): ReportModel {
  const subtitle = `统计期间：${shanghaiDate(content.periodStart)} 至 ${lastDay(content.periodEnd)}（${content.periodLabelZh}）`;
  const sections =
    content.kind === 'process-optimization'
      ? processOptimization(content)
      : content.kind === 'application-evaluation'
        ? applicationEvaluation(content)
        : annual(content);
  return { title: content.title, subtitle, sections };
}
