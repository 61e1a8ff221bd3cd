/**
 * Renders one notification in Chinese, the same facts for every channel: plain text for the
 * inbox and e-mail, HTML for e-mail, markdown for the robots. What users typed (the activity's
 * name, people's and departments' names in `mustAct`) is escaped for each format, so it shows as
 * typed and never becomes a link, an image, a mention or markup; only the service's own link is
 * a link. Pure (Intl only), so it is safe anywhere.
 */
import type { DeadlineKey } from '../domain/lifecycle.js';
import { escapeHtml, escapeMarkdown, oneLine } from './escape.js';
import type { NotifyKind } from './recipients.js';

export const DEADLINE_NAMES_ZH: Record<DeadlineKey, string> = {
  baseData: '基础数据收集',
  draft: '总结初稿提交',
  final: '终稿形成',
  revision: '修订稿重新提交',
  specialMeeting: '专题会议',
  archive: '归档',
  feedback: '反馈收集',
  retention: '保管期满',
};

export interface MessageInput {
  activityName: string;
  deadlineKey: DeadlineKey;
  kind: NotifyKind;
  /** ISO instant of the deadline (end of the due day, Asia/Shanghai). */
  dueAt: string;
  /** ISO instant the overdue was detected; defaults to `dueAt` for an overdue message. */
  overdueSince?: string;
  /** Who must act, in Chinese, e.g. "编制人 张三（宣传部）": user-supplied names, escaped like the activity's. */
  mustAct: string;
  /** Absolute URL of the item in the web app, built by the service: the one link of the message. */
  link: string;
}

export interface RenderedMessage {
  /** Plain text: the inbox title, the e-mail subject. */
  title: string;
  /** Plain text: the inbox body, the e-mail's text part, Feishu. */
  text: string;
  /** WeCom and DingTalk robots. */
  markdown: string;
  /** The e-mail's HTML part; absent in messages recorded before it existed (sent as text only). */
  html?: string;
  link: string;
}

const SHANGHAI = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026年10月9日 23:59` in Asia/Shanghai. Seconds are dropped: due times are 23:59:59. */
export function formatShanghai(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO instant: "${iso}"`);
  const parts = SHANGHAI.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}

/** A part of a message: the service's own words, or what a user typed (escaped per format). */
type Part = { own: string } | { typed: string };
type Line = [label: string, value: Part[]];

export function renderMessage(input: MessageInput): RenderedMessage {
  const activity: Part = { typed: oneLine(input.activityName) };
  const deadline = DEADLINE_NAMES_ZH[input.deadlineKey];
  const overdue = input.kind === 'overdue';
  const state = overdue ? '已逾期' : '即将到期';
  const title: Part[] = [{ own: `【${state}】` }, activity, { own: `：${deadline}` }];

  const fields: Line[] = [
    ['活动', [activity]],
    ['事项', [{ own: `${deadline}（${state}）` }]],
    ['截止时间', [{ own: formatShanghai(input.dueAt) }]],
  ];
  if (overdue) fields.push(['逾期起算', [{ own: formatShanghai(input.overdueSince ?? input.dueAt) }]]);
  fields.push(['办理人', [{ typed: oneLine(input.mustAct) }]]);
  const ask = overdue ? '请尽快办理。' : '请在截止时间前办理。';

  const as = (escape: (s: string) => string) => (parts: Part[]) => parts.map((p) => ('own' in p ? p.own : escape(p.typed))).join('');
  const plain = as((s) => s);
  const md = as(escapeMarkdown);
  const html = as(escapeHtml);

  const text = [...fields.map(([k, v]) => `${k}：${plain(v)}`), ask, `查看详情：${input.link}`].join('\n');
  // Blank lines between fields: DingTalk markdown joins single-newline lines into one paragraph.
  const markdown = [`### ${md(title)}`, ...fields.map(([k, v]) => `**${k}**：${md(v)}`), ask, `[查看详情](${input.link})`].join('\n\n');
  const htmlBody = [
    `<h3>${html(title)}</h3>`,
    ...fields.map(([k, v]) => `<p><strong>${k}</strong>：${html(v)}</p>`),
    `<p>${ask}</p>`,
    `<p><a href="${escapeHtml(input.link)}">查看详情</a></p>`,
  ].join('\n');
  return { title: plain(title), text, markdown, html: htmlBody, link: input.link };
}
