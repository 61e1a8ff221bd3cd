/**
 * Renders one notification in Chinese, the same facts for every channel: plain text for the
 * inbox and e-mail, markdown for the robots. Pure (Intl only), so it is safe anywhere.
 */
import type { DeadlineKey } from '../domain/lifecycle.js';
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
  /** Who must act, in Chinese, e.g. "编制人 张三（宣传部）". */
  mustAct: string;
  /** Absolute URL of the item in the web app. */
  link: string;
}

export interface RenderedMessage {
  title: string;
  text: string;
  markdown: string;
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

/** One line: a name with a line break would split the subject or the markdown structure. */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

export function renderMessage(input: MessageInput): RenderedMessage {
  const activity = oneLine(input.activityName);
  const deadline = DEADLINE_NAMES_ZH[input.deadlineKey];
  const overdue = input.kind === 'overdue';
  const state = overdue ? '已逾期' : '即将到期';
  const title = `【${state}】${activity}：${deadline}`;

  const fields: [string, string][] = [
    ['活动', activity],
    ['事项', `${deadline}（${state}）`],
    ['截止时间', formatShanghai(input.dueAt)],
  ];
  if (overdue) fields.push(['逾期起算', formatShanghai(input.overdueSince ?? input.dueAt)]);
  fields.push(['办理人', oneLine(input.mustAct)]);
  const ask = overdue ? '请尽快办理。' : '请在截止时间前办理。';

  const text = [...fields.map(([k, v]) => `${k}：${v}`), ask, `查看详情：${input.link}`].join('\n');
  // Blank lines between fields: DingTalk markdown joins single-newline lines into one paragraph.
  const markdown = [`### ${title}`, ...fields.map(([k, v]) => `**${k}**：${v}`), ask, `[查看详情](${input.link})`].join('\n\n');
  return { title, text, markdown, link: input.link };
}
