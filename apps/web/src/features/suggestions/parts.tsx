import { Tag } from 'antd';
import { QUARTER_PATTERN } from '../../../../../libs/suggestions/status';
import type { Suggestion } from '../../api/views';
import { DeadlineText } from '../../app/components/DeadlineText';
import { SUGGESTION_STATUS_COLORS } from '../../format/labels';

/** The status as a coloured tag (format/labels.ts). */
export function SuggestionStatusTag({ s }: { s: Pick<Suggestion, 'status' | 'statusZh'> }) {
  return <Tag color={SUGGESTION_STATUS_COLORS[s.status]}>{s.statusZh}</Tag>;
}

/** 完成时限 in working days while the suggestion is open ("2027-03-31 (周三) (还剩 60 个工作日)"); only the date once settled. */
export function DueText({ s }: { s: Pick<Suggestion, 'dueDate' | 'status'> }) {
  const settled = s.status === 'implemented' || s.status === 'rejected';
  return <DeadlineText label="" dueAt={`${s.dueDate}T23:59:59+08:00`} done={settled} />;
}

/** 2026-Q4 → 2026年第4季度 */
export function quarterLabel(quarter: string): string {
  const m = QUARTER_PATTERN.exec(quarter);
  return m ? `${m[1]}年第${m[2]}季度` : quarter;
}
