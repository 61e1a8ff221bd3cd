import { Tag } from 'antd';
import { OVERDUE_COLOR, STAGE_COLORS, stageLabel, type Stage } from '../../format/labels';

/** The stage as a coloured tag (format/labels.ts); red when something is overdue. */
export function StageTag({ stage, overdue }: { stage: string; overdue?: boolean }) {
  return <Tag color={overdue ? OVERDUE_COLOR : (STAGE_COLORS[stage as Stage] ?? 'default')}>{stageLabel(stage)}</Tag>;
}

export function MajorTag() {
  return <Tag color="volcano">重大活动</Tag>;
}

export function PermanentTag() {
  return <Tag color="purple">永久保管</Tag>;
}
