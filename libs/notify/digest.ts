/**
 * Digests: many escalations in one message. A batch digest gathers what one recipient's channel
 * could not take on its own (libs/notify/batching.ts); the daily digest lists each recipient's
 * open overdue items at 09:00 on working days. Each names every item it covers, in a table for
 * e-mail and a list for the robots (their Markdown has no tables), and links to the overdue board
 * (逾期看板, `/board` in apps/web). Like message.ts: what users typed is escaped per format; pure.
 */
import type { DeadlineKey } from '../domain/lifecycle.js';
import type { RobotKind } from './channels/webhook.js';
import { WECOM_MARKDOWN_MAX_BYTES } from './channels/webhook.js';
import { escapeHtml, escapeMarkdown, oneLine } from './escape.js';
import { DEADLINE_NAMES_ZH, formatShanghai, type RenderedMessage } from './message.js';
import type { NotifyKind } from './recipients.js';

export interface DigestItem {
  activityId: string;
  activityName: string;
  deadlineKey: DeadlineKey;
  kind: NotifyKind;
  /** ISO instant of the deadline. */
  dueAt: string;
  /** Working days late on the digest's day; null for a reminder (not late yet). */
  overdueDays: number | null;
}

export interface DigestInput {
  /** `batch`: held back by the rate limit; `daily`: the morning list of open overdue items. */
  kind: 'batch' | 'daily';
  items: readonly DigestItem[];
  /** Base URL of the web app (PUBLIC_URL): the board and each activity's page hang off it. */
  publicUrl: string;
  /** Daily: the day (YYYY-MM-DD, Asia/Shanghai). */
  date?: string;
  /** When the items did not fit one message. */
  part?: { index: number; of: number };
  /** Batch: the limit that held the items back, for the one line that explains the digest. */
  policy?: { limit: number; windowMs: number };
}

/** The web app's overdue board (apps/web/src/features/board, route `/board`). */
export function boardLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/board`;
}

const activityLink = (publicUrl: string, id: string) => `${publicUrl.replace(/\/+$/, '')}/activities/${id}`;

/** `2026年10月9日`: a deadline is the end of its day, so the day says it all. */
const dueDay = (iso: string) => formatShanghai(iso).split(' ')[0]!;

const lateness = (item: DigestItem) => (item.overdueDays === null ? '未到期' : `${item.overdueDays} 个工作日`);

/** Items in the order a reader works through them: oldest deadline first. */
export function sortDigestItems(items: readonly DigestItem[]): DigestItem[] {
  return [...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.activityName.localeCompare(b.activityName, 'zh'));
}

/** e.g. `【逾期汇总】新增逾期 37 项`, `【每日逾期汇总】2026年12月1日 未办结逾期 12 项（1/2）`. */
export function digestTitle(
  kind: DigestInput['kind'],
  count: { overdue: number; reminders: number },
  { date, part }: Pick<DigestInput, 'date' | 'part'> = {},
): string {
  const of = part && part.of > 1 ? `（${part.index}/${part.of}）` : '';
  if (kind === 'daily') {
    const day = date ? dueDay(`${date}T12:00:00+08:00`) : '今日';
    return `【每日逾期汇总】${day} 未办结逾期 ${count.overdue + count.reminders} 项${of}`;
  }
  const what = [...(count.overdue ? [`新增逾期 ${count.overdue} 项`] : []), ...(count.reminders ? [`即将到期 ${count.reminders} 项`] : [])];
  return `【逾期汇总】${what.join('、')}${of}`;
}

const countOf = (items: readonly DigestItem[]) => {
  const overdue = items.filter((i) => i.kind === 'overdue').length;
  return { overdue, reminders: items.length - overdue };
};

function intro(input: DigestInput): string {
  if (input.kind === 'daily') return '以下逾期事项尚未办结，请尽快办理：';
  const p = input.policy;
  const why = p ? `${Math.round(p.windowMs / 60_000) || 1} 分钟内超过 ${p.limit} 条通知，` : '';
  return `${why}以下事项合并为本条汇总发送，请尽快办理：`;
}

export function renderDigest(input: DigestInput): RenderedMessage {
  const items = sortDigestItems(input.items);
  const title = digestTitle(input.kind, countOf(items), input);
  const link = boardLink(input.publicUrl);
  const lead = intro(input);
  const row = (i: DigestItem, n: number, name: string) =>
    `${n}. ${name}｜${DEADLINE_NAMES_ZH[i.deadlineKey]}｜截止 ${dueDay(i.dueAt)}｜${i.overdueDays === null ? '未到期' : `逾期 ${lateness(i)}`}`;

  const text = [
    lead,
    '序号. 活动｜事项｜截止日期｜逾期天数',
    ...items.map((i, n) => row(i, n + 1, oneLine(i.activityName))),
    `逾期看板：${link}`,
  ].join('\n');
  // A list, one item per line; blank lines around it so DingTalk does not run it into the text.
  const markdown = [
    `### ${escapeMarkdown(title)}`,
    lead,
    items.map((i, n) => row(i, n + 1, escapeMarkdown(i.activityName))).join('\n'),
    `[打开逾期看板](${link})`,
  ].join('\n\n');
  const cell = 'style="border:1px solid #d9d9d9;padding:4px 8px;text-align:left"';
  const html = [
    `<h3>${escapeHtml(title)}</h3>`,
    `<p>${lead}</p>`,
    '<table style="border-collapse:collapse">',
    `<thead><tr>${['序号', '活动', '事项', '截止日期', '逾期天数'].map((h) => `<th ${cell}>${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...items.map(
      (i, n) =>
        `<tr><td ${cell}>${n + 1}</td>` +
        `<td ${cell}><a href="${escapeHtml(activityLink(input.publicUrl, i.activityId))}">${escapeHtml(oneLine(i.activityName))}</a></td>` +
        `<td ${cell}>${DEADLINE_NAMES_ZH[i.deadlineKey]}</td><td ${cell}>${dueDay(i.dueAt)}</td><td ${cell}>${lateness(i)}</td></tr>`,
    ),
    '</tbody></table>',
    `<p><a href="${escapeHtml(link)}">打开逾期看板</a></p>`,
  ].join('\n');
  return { title, text, markdown, html, link };
}

/**
 * The group robot's daily message: the group is everyone, so it counts the open overdue items
 * per department and deadline (one message however many there are) and points to the board,
 * which lists them.
 */
export function renderGroupDailyDigest(input: {
  date: string;
  publicUrl: string;
  rows: ReadonlyArray<{ department: string; deadlineKey: DeadlineKey; count: number }>;
}): RenderedMessage {
  const total = input.rows.reduce((n, r) => n + r.count, 0);
  const byDept = new Map<string, Array<{ deadlineKey: DeadlineKey; count: number }>>();
  for (const r of input.rows) byDept.set(r.department, [...(byDept.get(r.department) ?? []), r]);
  const lines = [...byDept]
    .map(([dept, rs]) => ({ dept, n: rs.reduce((s, r) => s + r.count, 0), rs }))
    .sort((a, b) => b.n - a.n || a.dept.localeCompare(b.dept, 'zh'))
    .map(({ dept, n, rs }) => ({ dept, rest: `${n} 项（${rs.map((r) => `${DEADLINE_NAMES_ZH[r.deadlineKey]} ${r.count}`).join('、')}）` }));
  const title = digestTitle('daily', { overdue: total, reminders: 0 }, { date: input.date });
  const link = boardLink(input.publicUrl);
  const lead = '各部门未办结的逾期事项：';
  return {
    title,
    text: [lead, ...lines.map((l) => `${oneLine(l.dept)}：${l.rest}`), `逾期看板：${link}`].join('\n'),
    markdown: [
      `### ${escapeMarkdown(title)}`,
      lead,
      lines.map((l) => `- ${escapeMarkdown(l.dept)}：${l.rest}`).join('\n'),
      `[打开逾期看板](${link})`,
    ].join('\n\n'),
    html: [
      `<h3>${escapeHtml(title)}</h3>`,
      `<p>${lead}</p>`,
      `<ul>${lines.map((l) => `<li>${escapeHtml(oneLine(l.dept))}：${l.rest}</li>`).join('')}</ul>`,
      `<p><a href="${escapeHtml(link)}">打开逾期看板</a></p>`,
    ].join('\n'),
    link,
  };
}

/** Items per e-mail digest: a table of this many rows is still a readable message. */
export const EMAIL_DIGEST_MAX_ITEMS = 500;
/** Robot messages stay under WeCom's 4096-byte Markdown limit (the smallest), with room to spare. */
export const ROBOT_DIGEST_MAX_BYTES = WECOM_MARKDOWN_MAX_BYTES - 196;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The items of one digest, cut into as few messages as the channel takes, each naming its own
 * items (a robot truncates what is longer than its limit, and a digest must name every item).
 * Every item is in exactly one part, in the order of `sortDigestItems`.
 */
export function splitDigest(input: DigestInput, channel: 'email' | RobotKind): DigestItem[][] {
  const items = sortDigestItems(input.items);
  if (channel === 'email') {
    const parts: DigestItem[][] = [];
    for (let i = 0; i < items.length; i += EMAIL_DIGEST_MAX_ITEMS) parts.push(items.slice(i, i + EMAIL_DIGEST_MAX_ITEMS));
    return parts;
  }
  // Measured with the widest part label, so numbering the parts afterwards cannot overflow.
  const fits = (part: DigestItem[]) => {
    const m = renderDigest({ ...input, items: part, part: { index: 999, of: 999 } });
    return Math.max(bytes(m.markdown), bytes(`${m.title}\n${m.text}`)) <= ROBOT_DIGEST_MAX_BYTES;
  };
  const parts: DigestItem[][] = [];
  let current: DigestItem[] = [];
  for (const item of items) {
    if (current.length && !fits([...current, item])) {
      parts.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length) parts.push(current);
  return parts;
}
