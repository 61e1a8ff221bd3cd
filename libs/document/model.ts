/**
 * The unified template of a summary as plain data: the title, the
 * five modules as chapters, the attachment list in the filing order and the signature block. The
 * DOCX and the HTML renderers both draw this model, so the two always carry the same content; the
 * model is built already redacted for its reader, so neither renderer can leak.
 */
import { createHash } from 'node:crypto';
import { REVIEW_LEVEL_LABELS_ZH } from '../domain/lifecycle-machine.js';
import type { Role } from '../domain/roles.js';
import { REDACTED, redactDocument, redactText, seesConfidential } from '../redaction/index.js';
import type { SignaturePurpose } from '../signature/signature.js';
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_KIND_LABELS_ZH,
  SUMMARY_MODULES,
  SUMMARY_MODULE_LABELS_ZH,
  type AttachmentKind,
  type SummaryDocument,
  type SummaryModule,
} from '../summary/document.js';
import { mediaReportCount, participationRate, questionnaireReturnRate, satisfactionRate } from '../summary/metrics.js';

export type Block =
  | { kind: 'paragraph'; text: string }
  /** `label：value` lines. */
  | { kind: 'fields'; rows: ReadonlyArray<readonly [string, string]> }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

export interface Section {
  heading: string;
  blocks: Block[];
}

export interface Chapter {
  module: SummaryModule;
  /** 一、活动概述 */
  heading: string;
  sections: Section[];
}

export interface DocumentAttachment {
  /** 附件1, 附件2, … in the filing order photos → data → media → questionnaire. */
  label: string;
  kind: AttachmentKind;
  kindLabel: string;
  name: string;
}

export interface DocumentSigner {
  purpose: SignaturePurpose;
  /** 编制人, 初审, 复核, 终审, 专题会议 */
  act: string;
  name: string;
  roleLabel: string;
  /** YYYY年M月D日 HH:mm, Asia/Shanghai. */
  signedAt: string;
  /** sha256 of the signature bytes, first 16 hex digits in groups of 4: what a reader compares. */
  fingerprint: string;
}

export interface SummaryDocumentModel {
  title: string;
  associationName: string;
  versionNo: number;
  contentHash: string;
  chapters: Chapter[];
  attachments: DocumentAttachment[];
  signers: DocumentSigner[];
  /** Whether anything was withheld from this reader (a note under the title says so). */
  redacted: boolean;
}

/** A stored signature as the block needs it (SignatureView of apps/api/src/signatures). */
export interface SignatureInput {
  purpose: SignaturePurpose;
  signer: { name: string; role: string };
  signedAt: string;
  value: string;
}

export interface SummaryDocumentInput {
  document: SummaryDocument;
  activity: { name: string; /** YYYY-MM-DD, Asia/Shanghai */ endDate: string };
  associationName: string;
  version: { versionNo: number; contentHash: string };
  signatures: readonly SignatureInput[];
  /** Attachment id → file name, for the list (an id without a name is listed by kind alone). */
  attachmentNames?: ReadonlyMap<string, string>;
  /** Department code → Chinese name (宣传部), for suggestions. */
  departmentNames?: ReadonlyMap<string, string>;
  /** Role code → Chinese label, for the signature block. */
  roleLabels?: Readonly<Record<string, string>>;
}

const CHAPTER_NUMBERS = ['一', '二', '三', '四', '五'];
const SECTION_NUMBERS = ['（一）', '（二）', '（三）', '（四）'];

const SIGNATURE_ACTS: Record<SignaturePurpose, string> = {
  compile: '编制人',
  review_l1: REVIEW_LEVEL_LABELS_ZH[1],
  review_l2: REVIEW_LEVEL_LABELS_ZH[2],
  review_l3: REVIEW_LEVEL_LABELS_ZH[3],
  special_meeting: '专题会议',
};

/** The title: `<协会><活动名称>活动总结（YYYY年M月D日）`, full-width parentheses, no zero padding. */
export function documentTitle(associationName: string, activityName: string, endDate: string): string {
  const [y, m, d] = endDate.split('-').map(Number);
  return `${associationName}${activityName}活动总结\uFF08${y}年${m}月${d}日\uFF09`;
}

/** First 16 hex digits of sha256 over the signature bytes, upper case, in groups of 4. */
export function signatureFingerprint(base64Value: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Value, 'base64')).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026年11月20日 09:00` in Asia/Shanghai. */
export function shanghaiDateTime(iso: string): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}`;
}

const num = (n: number | undefined) => (typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—');
const yuan = (n: number) => `${num(n)}元`;
const pct = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)}%`);
const orNone = (xs: readonly string[]) => (xs.length ? xs.join('、') : '无');

/** The model of one version, redacted for `reader` (management sees everything). */
export function summaryDocumentModel(input: SummaryDocumentInput, { reader }: { reader: Role }): SummaryDocumentModel {
  const doc = redactDocument(input.document, { reader });
  const text = (s: string) => (seesConfidential(reader) ? s : redactText(s));
  const dept = (code: string | undefined) => (code ? (input.departmentNames?.get(code) ?? code) : '—');
  const section = (i: number, heading: string, blocks: Block[]): Section => ({ heading: `${SECTION_NUMBERS[i]}${heading}`, blocks });
  const chapter = (module: SummaryModule, sections: Section[]): Chapter => ({
    module,
    heading: `${CHAPTER_NUMBERS[SUMMARY_MODULES.indexOf(module)]}、${SUMMARY_MODULE_LABELS_ZH[module]}`,
    sections,
  });

  const { basicInfo, goals, participation } = doc.overview;
  const { preparation, implementation, closing } = doc.execution;
  const q = doc.effectiveness.quantitative;
  const split = (label: string, c: { online: number; offline: number }) => [
    label,
    num(c.online),
    num(c.offline),
    num(c.online + c.offline),
  ];
  const start = shanghaiDateTime(basicInfo.startAt);
  const end = shanghaiDateTime(basicInfo.endAt);
  const sameDay = start.split(' ')[0] === end.split(' ')[0];

  const chapters: Chapter[] = [
    chapter('overview', [
      section(0, '基本信息', [
        {
          kind: 'fields',
          rows: [
            ['活动名称', basicInfo.name],
            ['活动时间', sameDay ? `${start}—${end.split(' ')[1]}` : `${start} 至 ${end}`],
            ['活动地点', basicInfo.place],
            ['主办单位', basicInfo.organizer],
            ['承办单位', basicInfo.host],
            ['协办单位', orNone(basicInfo.coOrganizers)],
          ],
        },
      ]),
      section(1, '活动目标', [
        { kind: 'paragraph', text: `活动背景：${goals.background}` },
        {
          kind: 'table',
          header: ['量化指标', '单位', '目标值', '实际值'],
          rows: goals.targets.map((t) => [t.indicator, t.unit, num(t.target), num(t.actual)]),
        },
      ]),
      section(2, '参与情况', [
        {
          kind: 'table',
          header: ['人员分工', '职责', '人数'],
          rows: participation.staffRoles.map((r) => [r.role, r.duty, num(r.headcount)]),
        },
        {
          kind: 'table',
          header: ['参与人员', '线上', '线下', '合计'],
          rows: [split('会员', participation.members), split('嘉宾', participation.guests), split('观众', participation.audience)],
        },
        { kind: 'fields', rows: [['重点参与单位', orNone(participation.keyOrganisations)]] },
      ]),
    ]),
    chapter('execution', [
      section(0, '筹备阶段', [
        {
          kind: 'fields',
          rows: [
            ['方案设计', preparation.plan],
            ['预算编制', yuan(preparation.budgetYuan)],
            ['资源协调', preparation.resources],
          ],
        },
        { kind: 'paragraph', text: '风险预案：' },
        { kind: 'list', items: preparation.riskPlans },
      ]),
      section(1, '实施阶段', [
        {
          kind: 'table',
          header: ['环节', '计划用时（分钟）', '实际用时（分钟）', '偏差（分钟）'],
          rows: implementation.segments.map((s) => [
            s.segment,
            num(s.plannedMinutes),
            num(s.actualMinutes),
            signed(s.actualMinutes - s.plannedMinutes),
          ]),
        },
        {
          kind: 'fields',
          rows: [
            ['现场管理', implementation.onSiteManagement],
            ['技术保障', implementation.technicalSupport],
          ],
        },
      ]),
      section(2, '收尾阶段', [
        {
          kind: 'fields',
          rows: [
            ['物资归还', closing.inventoryReturn],
            [
              '费用结算',
              `预算${yuan(closing.expenseSettlement.budgetYuan)}，实际支出${yuan(closing.expenseSettlement.actualYuan)}，` +
                `结余${yuan(closing.expenseSettlement.budgetYuan - closing.expenseSettlement.actualYuan)}`,
            ],
            ['意见收集', closing.feedbackCollection],
          ],
        },
      ]),
    ]),
    chapter('effectiveness', [
      section(0, '量化评估', [
        {
          kind: 'table',
          header: ['指标', '依据', '结果'],
          rows: [
            [
              '参与率',
              `计划${num(q.participation.planned)}人，实际${num(q.participation.actual)}人`,
              pct(participationRate(q.participation)),
            ],
            [
              '满意度',
              `有效问卷${num(q.satisfaction.responses)}份，“满意”${num(q.satisfaction.satisfied)}份，“较满意”${num(q.satisfaction.fairlySatisfied)}份`,
              pct(satisfactionRate(q.satisfaction)),
            ],
            [
              '问卷回收率',
              `发放${num(q.questionnaire.issued)}份，回收${num(q.questionnaire.returned)}份`,
              pct(questionnaireReturnRate(q.questionnaire)),
            ],
            [
              '媒体曝光',
              `电视报道${num(q.mediaExposure.tvReports)}次，网络报道${num(q.mediaExposure.webReports)}篇，` +
                `短视频播放量${num(q.mediaExposure.shortVideoPlays)}次，话题阅读量${num(q.mediaExposure.topicReads)}次`,
              `报道${num(mediaReportCount(q.mediaExposure))}篇（次）`,
            ],
          ],
        },
      ]),
      section(1, '质性评估', [
        {
          kind: 'fields',
          rows: [
            ['行业影响', doc.effectiveness.qualitative.industryImpact],
            ['社会价值', doc.effectiveness.qualitative.socialValue],
            ['会员反馈', doc.effectiveness.qualitative.memberFeedback],
          ],
        },
      ]),
    ]),
    chapter('lessons', [
      section(0, '亮点提炼', [
        { kind: 'list', items: doc.lessons.highlights.map((h) => `${h.practice}（${h.replicable ? '可复制推广做法' : '特色环节'}）`) },
      ]),
      section(1, '问题分析', [
        { kind: 'list', items: doc.lessons.problems.map((p) => `${p.description}（${p.kind === 'weakness' ? '薄弱环节' : '客观限制'}）`) },
      ]),
    ]),
    chapter('improvements', [
      {
        heading: '',
        blocks: [
          {
            kind: 'table',
            header: ['序号', '具体措施', '责任部门', '配合部门', '完成时限', '资源需求'],
            rows: doc.improvements.suggestions.map((s, i) => [
              String(i + 1),
              s.measure,
              dept(s.responsibleDepartment),
              dept(s.coordinatingDepartment),
              s.deadline,
              s.resourceNeeds,
            ]),
          },
        ],
      },
    ]),
  ];

  const rank = (k: AttachmentKind) => ATTACHMENT_KINDS.indexOf(k);
  const attachments = [...doc.attachments]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.order - b.order)
    .map((a, i) => ({
      label: `附件${i + 1}`,
      kind: a.kind,
      kindLabel: ATTACHMENT_KIND_LABELS_ZH[a.kind],
      name: text(input.attachmentNames?.get(a.attachmentId) ?? ''),
    }));

  const signers = [...input.signatures]
    .sort((a, b) => a.signedAt.localeCompare(b.signedAt))
    .map((s) => ({
      purpose: s.purpose,
      act: SIGNATURE_ACTS[s.purpose],
      name: s.signer.name,
      roleLabel: input.roleLabels?.[s.signer.role] ?? s.signer.role,
      signedAt: shanghaiDateTime(s.signedAt),
      fingerprint: signatureFingerprint(s.value),
    }));

  return {
    title: documentTitle(input.associationName, input.activity.name, input.activity.endDate),
    associationName: input.associationName,
    versionNo: input.version.versionNo,
    contentHash: input.version.contentHash,
    chapters,
    attachments,
    signers,
    redacted: JSON.stringify(doc).includes(REDACTED) || attachments.some((a) => a.name.includes(REDACTED)),
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
