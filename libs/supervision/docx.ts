/**
 * R-17 a supervision sample as a Word document, in the house format of libs/document: body 小四
 * 宋体 (SimSun 12 pt) with 1.5 line spacing, title 小二 黑体 centred, chapters 三号 黑体, tables
 * with single borders; each run carries its font and size itself.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { BODY_FONT, BODY_LINE, BODY_SIZE } from '../document/docx.js';
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../domain/activity.js';
import { DEADLINE_LABELS_ZH, STAGE_LABELS_ZH } from '../domain/lifecycle-machine.js';
import type { DeadlineKey, Stage } from '../domain/lifecycle.js';
import { ROLE_LABELS_ZH, type Role } from '../domain/roles.js';
import type { SampleReport, TimelineEventView } from './report.js';
import type { TimelineKind } from './timeline.js';

const HEADING_FONT = 'SimHei';
const TITLE_SIZE = 36;
const CHAPTER_SIZE = 32;
const SECTION_SIZE = 28;
const SMALL = 21; // 五号 10.5 pt in tables

export const KIND_LABELS_ZH: Record<TimelineKind, string> = {
  registered: '登记活动',
  ended: '活动结束',
  baseData: '报送基础数据',
  submitted: '提交总结',
  reviewed: '审核通过',
  returned: '退回修改',
  specialMeeting: '专题会议',
  archived: '确认归档',
  feedback: '反馈记录',
  disposal: '到期处置',
  permanentSet: '调整保管期限',
  reminded: '到期提醒',
  escalated: '逾期督办',
  calendarChanged: '工作日历变更',
  closed: '流程结束',
};

const STATUS_ZH: Record<string, string> = {
  pending: '待落实',
  in_progress: '落实中',
  implemented: '已落实',
  rejected: '不采纳',
  met: '按时完成',
  overdue: '已逾期',
  waived: '已免除',
};

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const spacing = { line: BODY_LINE, before: 0, after: 0 };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const run = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: font(BODY_FONT), size: opts.size ?? BODY_SIZE, bold: opts.bold });

const body = (text: string) => new Paragraph({ spacing, indent: { firstLine: 480 }, children: [run(text)] });

function heading(text: string, size: number, fontName = HEADING_FONT, alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]) {
  return new Paragraph({
    spacing: { line: BODY_LINE, before: 240, after: 120 },
    alignment,
    children: [new TextRun({ text, font: font(fontName), size, bold: fontName === BODY_FONT })],
  });
}

function table(header: string[], rows: string[][]): Array<Paragraph | Table> {
  if (!rows.length) return [body('无')];
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      children: [new Paragraph({ spacing, children: [run(text, { bold, size: SMALL })] })],
    });
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
        ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ],
    }),
    new Paragraph({ spacing, children: [] }),
  ];
}

/** Asia/Shanghai `YYYY-MM-DD HH:mm`. */
export function shanghai(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

function who(e: TimelineEventView): string {
  if (!e.actor) return '系统（流程）';
  const role = ROLE_LABELS_ZH[e.actor.role as Role] ?? e.actor.role;
  return `${e.actor.displayName ?? e.actor.userId}（${role}）`;
}

function detailText(e: TimelineEventView): string {
  const d = e.detail;
  const parts: string[] = [];
  switch (e.kind) {
    case 'reviewed':
    case 'returned':
      parts.push(`第${d.level}级审核`, `意见 ${d.comments} 条`);
      if (e.signature === null) parts.push('无电子签名');
      else if (e.signature) parts.push(e.signature.valid ? '签名验证通过' : `签名验证失败：${e.signature.problems.join('；')}`);
      break;
    case 'reminded':
    case 'escalated':
      parts.push(`${DEADLINE_LABELS_ZH[d.deadlineKey as DeadlineKey] ?? d.deadlineKey}，截止 ${shanghai(d.dueAt as string)}`);
      if (Array.isArray(d.recipients) && d.recipients.length) parts.push(`通知：${d.recipients.join('、')}`);
      break;
    default:
      for (const [k, v] of Object.entries(d))
        if (v !== null && v !== '' && !(Array.isArray(v) && !v.length)) parts.push(`${k}=${String(v)}`);
  }
  if (e.source === 'signal') parts.push('（运维信号）');
  return parts.join('；');
}

export async function renderSampleDocx(report: SampleReport, associationName: string): Promise<Buffer> {
  const title = `${associationName}活动总结监督抽查报告`;
  const children: Array<Paragraph | Table> = [
    heading(title, TITLE_SIZE, HEADING_FONT, AlignmentType.CENTER),
    heading('一、抽查说明', CHAPTER_SIZE),
    body(`抽查期间：${report.from} 至 ${report.to}（按活动结束日期，北京时间）。`),
    body(`期间结束的活动共 ${report.population} 项，抽取 ${report.activityIds.length} 项（申请 ${report.size} 项）。`),
    body(`随机种子：${report.seed}。以相同种子对同一期间重新抽取，结果相同（按 SHA-256(种子, 活动编号) 由小到大取前 N 项）。`),
    body(`抽查编号：${report.id}；生成时间：${shanghai(report.createdAt)}。`),
    heading('二、抽查结果', CHAPTER_SIZE),
  ];
  if (!report.items.length) children.push(body('该期间无结束的活动，未抽取。'));
  report.items.forEach((item, i) => {
    const a = item.activity;
    children.push(heading(`（${i + 1}）${a.name}`, SECTION_SIZE, BODY_FONT));
    children.push(
      body(
        `类型：${ACTIVITY_TYPE_LABELS_ZH[a.type as ActivityType] ?? a.type}；主办部门：${a.leadDepartmentName}；结束时间：${shanghai(a.endAt)}；` +
          `当前阶段：${STAGE_LABELS_ZH[a.stage as Stage] ?? a.stage}。`,
      ),
    );
    children.push(body(item.timeline.historyAvailable ? '过程记录（取自流程历史）：' : '流程历史已超出保存期，以下仅列期限。'));
    children.push(
      ...table(
        ['时间', '事项', '操作人', '说明'],
        item.timeline.events.map((e) => [shanghai(e.at), KIND_LABELS_ZH[e.kind], who(e), detailText(e)]),
      ),
    );
    children.push(body('期限执行情况：'));
    children.push(
      ...table(
        ['期限', '截止时间', '状态', '完成时间', '是否逾期'],
        item.timeline.deadlines.map((d) => [
          `${DEADLINE_LABELS_ZH[d.key] ?? d.key}${d.occurrence > 1 ? `（第${d.occurrence}次）` : ''}`,
          shanghai(d.dueAt),
          STATUS_ZH[d.status] ?? d.status,
          shanghai(d.metAt),
          d.late ? '是' : '否',
        ]),
      ),
    );
    const ar = item.archive;
    children.push(
      body(
        `归档完整性：${ar.complete ? '完整' : '不完整'}（纸质件确认 ${shanghai(ar.paperConfirmedAt)}；电子件确认 ${shanghai(ar.electronicConfirmedAt)}；` +
          `电子文件存档 ${shanghai(ar.storedAt)}）。`,
      ),
    );
    children.push(body('改进建议落实记录：'));
    children.push(
      ...table(
        ['改进措施', '责任部门', '完成时限', '状态', '变更记录'],
        item.suggestions.map((s) => [
          s.measure,
          s.responsibleDepartment,
          s.dueDate,
          `${STATUS_ZH[s.status] ?? s.status}${s.statusReason ? `（${s.statusReason}）` : ''}`,
          s.updates
            .map((u) => `${shanghai(u.at)} ${STATUS_ZH[u.fromStatus] ?? u.fromStatus}→${STATUS_ZH[u.toStatus] ?? u.toStatus}`)
            .join('；') || '—',
        ]),
      ),
    );
  });

  const doc = new Document({
    creator: associationName,
    title,
    styles: { default: { document: { run: { font: font(BODY_FONT), size: BODY_SIZE }, paragraph: { spacing } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1800, right: 1440 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(BODY_FONT), size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
