import { Alert, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { TIMELINE_KIND_LABELS_ZH } from '../../../../../libs/supervision/labels';
import { ProvisionalTag } from '../../app/components/DeadlineText';
import { formatDateTime } from '../../format/dates';
import { DEADLINE_STATUS, REVIEW_LEVEL_LABELS_ZH, deadlineLabel, roleLabel, stageLabel } from '../../format/labels';
import { formatNumber } from '../../format/numbers';
import type { Timeline, TimelineDeadline, TimelineEvent } from './queries';

const MEDIUM_ZH: Record<string, string> = { paper: '纸质版', electronic: '电子版' };
const SUBMISSION_ZH: Record<string, string> = { draft: '初稿', revision: '修订稿' };
const MEETING_ZH: Record<string, string> = { finalize: '决定定稿', revise: '决定修改' };

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Who sent the message: name and role, or the lifecycle itself. */
export function actorText(e: TimelineEvent): string {
  if (!e.actor) return '系统（流程）';
  return `${e.actor.displayName ?? e.actor.userId}（${roleLabel(e.actor.role)}）`;
}

/** The process facts of an event in words (the API keeps no written text in the timeline). */
export function eventDetail(e: TimelineEvent): string {
  const d = e.detail;
  const parts: string[] = [];
  switch (e.kind) {
    case 'registered':
      if (d.isMajor) parts.push('重大活动');
      if (d.permanent) parts.push('永久保管');
      break;
    case 'baseData':
      parts.push(`线上 ${formatNumber(num(d.online) ?? 0)} 人`, `线下 ${formatNumber(num(d.offline) ?? 0)} 人`);
      parts.push(d.expenseSettled ? '费用已结算' : '费用未结算');
      break;
    case 'submitted': {
      const kind = str(d.submissionKind);
      if (kind) parts.push(SUBMISSION_ZH[kind] ?? kind);
      const warnings = num(d.warningFindings);
      if (warnings) parts.push(`检查提示 ${warnings} 项`);
      break;
    }
    case 'reviewed':
    case 'returned': {
      const level = num(d.level) as 1 | 2 | 3 | null;
      if (level) parts.push(REVIEW_LEVEL_LABELS_ZH[level] ?? `第 ${level} 级审核`);
      parts.push(`意见 ${num(d.comments) ?? 0} 条`);
      break;
    }
    case 'specialMeeting': {
      const decision = str(d.decision);
      if (decision) parts.push(MEETING_ZH[decision] ?? decision);
      if (str(d.date)) parts.push(`会议日期 ${str(d.date)}`);
      if (num(d.attendees)) parts.push(`出席 ${num(d.attendees)} 人`);
      break;
    }
    case 'archived': {
      const medium = str(d.medium);
      if (medium) parts.push(MEDIUM_ZH[medium] ?? medium);
      if (str(d.location)) parts.push(`存放于 ${str(d.location)}`);
      break;
    }
    case 'feedback':
      if (str(d.recordId)) parts.push(`记录单编号 ${str(d.recordId)}`);
      break;
    case 'disposal':
      parts.push(d.decision === 'destroy' ? '销毁' : `延长保管 ${num(d.extendYears) ?? 1} 年`);
      if (str(d.reason)) parts.push(`理由：${str(d.reason)}`);
      break;
    case 'permanentSet':
      parts.push(d.permanent ? '设为永久保管' : '取消永久保管');
      if (str(d.reason)) parts.push(`理由：${str(d.reason)}`);
      break;
    case 'reminded':
    case 'escalated': {
      parts.push(deadlineLabel(str(d.deadlineKey) ?? ''));
      if (str(d.dueAt)) parts.push(`截止 ${formatDateTime(str(d.dueAt))}`);
      const recipients = Array.isArray(d.recipients) ? d.recipients.length : 0;
      if (recipients) parts.push(`已通知 ${recipients} 人`);
      break;
    }
    case 'calendarChanged':
      if (str(d.reason)) parts.push(str(d.reason)!);
      break;
    case 'closed':
      if (str(d.stage)) parts.push(`结束于 ${stageLabel(str(d.stage)!)}`);
      break;
    default:
      break;
  }
  if (e.source === 'signal') parts.push('（运维信号）');
  return parts.join('；');
}

/** A review's signature, verified now by the API. */
function SignatureCheck({ event }: { event: TimelineEvent }) {
  if (event.kind !== 'reviewed' && event.kind !== 'returned') return null;
  const s = event.signature;
  if (!s) return <Tag>无电子签名</Tag>;
  return s.valid ? (
    <Tooltip title={`签名人 ${s.signerName} · ${formatDateTime(s.signedAt)}`}>
      <Tag color="green">签名验证通过</Tag>
    </Tooltip>
  ) : (
    <Tooltip title={s.problems.join('；')}>
      <Tag color="red">签名验证失败</Tag>
    </Tooltip>
  );
}

export function TimelineEvents({ events }: { events: TimelineEvent[] }) {
  return (
    <Table<TimelineEvent>
      size="small"
      className="timeline-events"
      rowKey={(e) => `${e.runId}-${e.eventId}-${e.kind}`}
      pagination={false}
      dataSource={events}
      locale={{ emptyText: '暂无过程记录' }}
      columns={[
        { title: '时间', dataIndex: 'at', className: 'timeline-time', render: formatDateTime },
        {
          title: '事项',
          key: 'kind',
          render: (_, e) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text
                strong={e.kind === 'returned' || e.kind === 'escalated'}
                type={e.kind === 'escalated' ? 'danger' : undefined}
              >
                {TIMELINE_KIND_LABELS_ZH[e.kind]}
              </Typography.Text>
              {/* On a phone the 操作人 column is hidden: the sender goes under the event. */}
              <Typography.Text type="secondary" className="timeline-actor-inline">
                {actorText(e)}
              </Typography.Text>
            </Space>
          ),
        },
        { title: '操作人', key: 'actor', responsive: ['md'], render: (_, e) => actorText(e) },
        {
          title: '说明',
          key: 'detail',
          render: (_, e) => (
            <Space size={4} wrap>
              <span>{eventDetail(e)}</span>
              <SignatureCheck event={e} />
            </Space>
          ),
        },
      ]}
    />
  );
}

export function TimelineDeadlines({ deadlines }: { deadlines: TimelineDeadline[] }) {
  return (
    <Table<TimelineDeadline>
      size="small"
      rowKey={(d) => `${d.key}-${d.occurrence}`}
      pagination={false}
      dataSource={deadlines}
      locale={{ emptyText: '暂无截止事项' }}
      columns={[
        {
          title: '截止事项',
          key: 'key',
          render: (_, d) => `${deadlineLabel(d.key)}${d.occurrence > 1 ? `（第 ${d.occurrence} 次）` : ''}`,
        },
        {
          title: '截止时间',
          key: 'due',
          render: (_, d) => (
            <Space size={4} wrap>
              <Typography.Text type={d.late ? 'danger' : undefined}>{formatDateTime(d.dueAt)}</Typography.Text>
              {d.provisional ? <ProvisionalTag /> : null}
            </Space>
          ),
        },
        {
          title: '状态',
          key: 'status',
          width: 90,
          render: (_, d) =>
            d.status === 'met' && d.late ? (
              <Tag color="orange">逾期完成</Tag>
            ) : (
              <Tag color={DEADLINE_STATUS[d.status].color}>{DEADLINE_STATUS[d.status].label}</Tag>
            ),
        },
        { title: '完成时间', key: 'met', responsive: ['md'], render: (_, d) => formatDateTime(d.metAt) },
        { title: '提醒', key: 'reminded', responsive: ['lg'], render: (_, d) => formatDateTime(d.reminderSentAt) },
        { title: '督办', key: 'escalated', responsive: ['lg'], render: (_, d) => formatDateTime(d.escalatedAt) },
      ]}
    />
  );
}

/** R-17 过程记录: the events from the workflow history, then the deadlines beside them. */
export function TimelineView({ timeline }: { timeline: Timeline }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {timeline.historyAvailable ? null : <Alert type="info" showIcon title="流程历史已超出保存期，以下仅列截止事项。" />}
      {timeline.historyAvailable ? <TimelineEvents events={timeline.events} /> : null}
      <Typography.Text strong>截止事项</Typography.Text>
      <TimelineDeadlines deadlines={timeline.deadlines} />
    </Space>
  );
}
