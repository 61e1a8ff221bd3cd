/**
 * every module of art. 5 and its required parts are present and not blank. Declared as
 * a small schema so the list of required parts reads like the regulation and each finding can
 * say, in Chinese, where the gap is. Parts owned by a more specific rule are left to it: the
 * rate figures and a suggestion's department and deadline.
 */
import { PROBLEM_KINDS, SUMMARY_MODULE_LABELS_ZH, SUMMARY_MODULES, type SummaryDraft } from './document.js';
import { finding, type Finding } from './findings.js';
import { isCount, isObject, isText } from './values.js';

type Leaf = 'text' | 'count' | 'amount' | 'flag' | 'instant' | 'object' | readonly string[];

interface Part {
  zh: string;
  is?: Leaf;
  fields?: Record<string, Part>;
  each?: Part;
  mayBeEmpty?: boolean;
}

const text = (zh: string): Part => ({ zh, is: 'text' });
const count = (zh: string): Part => ({ zh, is: 'count' });
const amount = (zh: string): Part => ({ zh, is: 'amount' });
const obj = (zh: string, fields: Record<string, Part>): Part => ({ zh, fields });
const list = (zh: string, each: Part, mayBeEmpty = false): Part => ({ zh, each, mayBeEmpty });
const split = (zh: string): Part => obj(zh, { online: count('线上人数'), offline: count('线下人数') });

const SCHEMA: Record<(typeof SUMMARY_MODULES)[number], Part> = {
  overview: obj(SUMMARY_MODULE_LABELS_ZH.overview, {
    basicInfo: obj('基本信息', {
      name: text('活动名称'),
      startAt: { zh: '开始时间', is: 'instant' },
      endAt: { zh: '结束时间', is: 'instant' },
      place: text('活动地点'),
      organizer: text('主办单位'),
      host: text('承办单位'),
      coOrganizers: list('协办单位', text('协办单位'), true),
    }),
    goals: obj('目标设定', {
      background: text('活动背景'),
      targets: list('量化目标', obj('量化目标', { indicator: text('指标'), unit: text('单位'), target: amount('目标值') })),
    }),
    participation: obj('参与情况', {
      staffRoles: list('人员分工', obj('人员分工', { role: text('分工'), duty: text('职责'), headcount: count('人数') })),
      members: split('参与会员'),
      guests: split('嘉宾'),
      audience: split('观众'),
      keyOrganisations: list('重点参与单位', text('重点参与单位')),
    }),
  }),
  execution: obj(SUMMARY_MODULE_LABELS_ZH.execution, {
    preparation: obj('筹备阶段', {
      plan: text('方案设计'),
      budgetYuan: amount('预算金额'),
      resources: text('资源协调'),
      riskPlans: list('风险预案', text('风险预案')),
    }),
    implementation: obj('实施阶段', {
      segments: list(
        '环节时间节点',
        obj('环节', { segment: text('环节名称'), plannedMinutes: count('计划时长'), actualMinutes: count('实际时长') }),
      ),
      onSiteManagement: text('现场管理'),
      technicalSupport: text('技术保障'),
    }),
    closing: obj('收尾阶段', {
      inventoryReturn: text('物资清点与归还'),
      expenseSettlement: obj('费用结算', { budgetYuan: amount('预算金额'), actualYuan: amount('实际支出') }),
      feedbackCollection: text('参与者意见收集'),
    }),
  }),
  effectiveness: obj(SUMMARY_MODULE_LABELS_ZH.effectiveness, {
    quantitative: obj('量化指标', {
      participation: { zh: '参与率', is: 'object' },
      satisfaction: { zh: '满意度', is: 'object' },
      questionnaire: { zh: '问卷回收情况', is: 'object' },
      mediaExposure: obj('媒体曝光量', {
        tvReports: count('电视报道条数'),
        webReports: count('网络平台报道条数'),
        shortVideoPlays: count('短视频播放量'),
        topicReads: count('话题阅读量'),
      }),
    }),
    qualitative: obj('质性成果', {
      industryImpact: text('行业影响'),
      socialValue: text('社会价值'),
      memberFeedback: text('会员反馈'),
    }),
  }),
  lessons: obj(SUMMARY_MODULE_LABELS_ZH.lessons, {
    highlights: list('亮点提炼', obj('亮点', { practice: text('做法'), replicable: { zh: '是否可复制', is: 'flag' } })),
    problems: list('问题分析', obj('问题', { description: text('问题描述'), kind: { zh: '问题类型', is: PROBLEM_KINDS } })),
  }),
  improvements: obj(SUMMARY_MODULE_LABELS_ZH.improvements, {
    suggestions: list('改进建议', obj('建议', { measure: text('具体措施'), resourceNeeds: text('资源需求') })),
  }),
};

function leafOk(is: Leaf, v: unknown): boolean {
  if (typeof is !== 'string') return typeof v === 'string' && is.includes(v);
  switch (is) {
    case 'text':
      return isText(v);
    case 'count':
      return isCount(v);
    case 'amount':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0;
    case 'flag':
      return typeof v === 'boolean';
    case 'instant':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v));
    case 'object':
      return isObject(v);
  }
}

function walk(part: Part, value: unknown, path: string, labels: string[], out: Finding[]): void {
  const missing = () =>
    out.push(
      finding(
        'R-9.1',
        'blocking',
        path,
        labels.length === 1 ? `Module ${path} is missing` : `Required part ${path} is missing or blank`,
        labels.length === 1 ? `缺少「${labels[0]}」模块` : `缺少必填内容:${labels.join(' › ')}`,
      ),
    );
  if (part.fields) {
    if (!isObject(value)) return void missing();
    for (const [key, child] of Object.entries(part.fields)) {
      walk(child, value[key], `${path}.${key}`, [...labels, child.zh], out);
    }
  } else if (part.each) {
    if (!Array.isArray(value) || (value.length === 0 && !part.mayBeEmpty)) return void missing();
    const each = part.each;
    value.forEach((item, i) => walk(each, item, `${path}.${i}`, [...labels.slice(0, -1), `${part.zh}第${i + 1}项`], out));
  } else if (part.is && !leafOk(part.is, value)) {
    missing();
  }
}

export function checkCompleteness(doc: SummaryDraft): Finding[] {
  const out: Finding[] = [];
  const root = doc as Record<string, unknown>;
  for (const module of SUMMARY_MODULES) walk(SCHEMA[module], root[module], module, [SCHEMA[module].zh], out);
  return out;
}
