/**
 * R-17 a supervision sample as a Word document, in the house format of libs/document: body 小四
 * 宋体 (SimSun 12 pt) with 1.5 line spacing, title 小二 黑体 centred, chapters 三号 黑体, tables
 * with single borders; each run carries its font and size itself.
 */
import {
  BODY_FONT,
  CHAPTER_SIZE,
  SECTION_SIZE,
  TABLE_SIZE,
  body,
  heading,
  houseDocument,
  spacing,
  table as houseTable,
  title as titleParagraph,
  type Block,
} from '../document/house-style.js';
import { Paragraph } from 'docx';
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../domain/activity.js';
import { DEADLINE_LABELS_ZH, STAGE_LABELS_ZH } from '../domain/lifecycle-machine.js';
import type { DeadlineKey, Stage } from '../domain/lifecycle.js';
import { ROLE_LABELS_ZH, type Role } from '../domain/roles.js';
import type { SampleReport, TimelineEventView } from './report.js';
import { SUPERVISION_STATUS_LABELS_ZH, TIMELINE_KIND_LABELS_ZH } from './labels.js';

export const KIND_LABELS_ZH = TIMELINE_KIND_LABELS_ZH;
const STATUS_ZH = SUPERVISION_STATUS_LABELS_ZH;

/** A 五号 table and a blank line after it; 无 when there are no rows. */
function table(header: string[], rows: string[][]): Block[] {
  return rows.length ? [houseTable(header, rows, TABLE_SIZE), new Paragraph({ spacing, children: [] })] : [body('无')];
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
  const children: Block[] = [
    titleParagraph(title),
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

  return houseDocument({ creator: associationName, title, children });
}
