import { Space, Tag, Tooltip, Typography } from 'antd';
import { formatDate } from '../../format/dates';
import { useWorkingDays } from '../../format/workingDays';

const PROVISIONAL_HINT = '该日期按暂定日历计算：次年国务院节假日安排尚未公布，公布后系统会自动重新计算。';

/** 暂定: a due date computed from a year whose official holiday schedule is not yet published. */
export function ProvisionalTag() {
  return (
    <Tooltip title={PROVISIONAL_HINT}>
      <Tag color="gold" style={{ marginInlineEnd: 0 }}>
        暂定
      </Tag>
    </Tooltip>
  );
}

/**
 * "截止 2026-12-04 (周五) (还剩 3 个工作日)" or, once late, "已逾期 2 个工作日" in red; counted in working days.
 * `done` shows only the date (a step already met or waived).
 */
export function DeadlineText({
  dueAt,
  provisional,
  overdue,
  done,
  label = '截止',
}: {
  dueAt: string;
  provisional?: boolean;
  overdue?: boolean;
  done?: boolean;
  /** What the date is called: 截止, or none in a column that names it. */
  label?: string;
}) {
  const until = useWorkingDays()(dueAt);
  const late = overdue || (until !== null && until.days < 0);
  let rest = '';
  if (!done && until) {
    if (until.days < 0) rest = `已逾期 ${-until.days} 个工作日`;
    else if (late) rest = '已逾期';
    else if (until.days === 0) rest = '今天截止';
    else rest = `还剩 ${until.days} 个工作日`;
  }
  return (
    <Space size={4} wrap>
      <Typography.Text type={late && !done ? 'danger' : undefined}>
        {label ? `${label} ` : ''}
        {formatDate(dueAt)}
        {rest ? ` (${rest})` : ''}
      </Typography.Text>
      {provisional ? <ProvisionalTag /> : null}
    </Space>
  );
}
