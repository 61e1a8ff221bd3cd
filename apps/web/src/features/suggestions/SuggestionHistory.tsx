import { Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { Suggestion } from '../../api/views';
import { ErrorState } from '../../app/components/Page';
import { formatDateTime } from '../../format/dates';
import { SUGGESTION_STATUS_COLORS, roleLabel } from '../../format/labels';
import { DueText, quarterLabel } from './parts';
import { useSuggestion } from './queries';

/** An expanded row: the whole suggestion (the columns a phone hides) and its status changes, oldest first. */
export function SuggestionHistory({ suggestion: s }: { suggestion: Suggestion }) {
  const detail = useSuggestion(s.id);
  return (
    <div className="suggestion-detail">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="责任部门">{s.responsibleDepartmentZh}</Descriptions.Item>
        <Descriptions.Item label="协同部门">{s.cooperatingDepartmentsZh.join('、') || '无'}</Descriptions.Item>
        <Descriptions.Item label="完成时限">
          <DueText s={s} />
        </Descriptions.Item>
        <Descriptions.Item label="资源需求">{s.resourceNeeds || '无'}</Descriptions.Item>
        <Descriptions.Item label="终稿形成">
          {formatDateTime(s.finalizedAt)}（{quarterLabel(s.quarter)}）
        </Descriptions.Item>
        {s.statusReason ? <Descriptions.Item label="不采纳理由">{s.statusReason}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        落实记录
      </Typography.Title>
      {detail.error ? (
        <ErrorState error={detail.error} retry={detail.refetch} />
      ) : !detail.data ? (
        <Typography.Text type="secondary">加载中…</Typography.Text>
      ) : detail.data.updates.length ? (
        <Timeline
          className="suggestion-history"
          items={detail.data.updates.map((u, i) => ({
            key: i,
            color: u.toStatus === 'implemented' ? 'green' : u.toStatus === 'rejected' ? 'gray' : 'blue',
            content: (
              <Space orientation="vertical" size={0} data-update={u.toStatus}>
                <span>
                  <Tag>{u.fromStatusZh}</Tag>→ <Tag color={SUGGESTION_STATUS_COLORS[u.toStatus]}>{u.toStatusZh}</Tag>
                  <Typography.Text type="secondary">
                    {formatDateTime(u.at)} · {u.actorName ?? '已注销账号'}（{roleLabel(u.actorRole)}）
                  </Typography.Text>
                </span>
                {u.note ? <span>说明：{u.note}</span> : null}
                {u.reason ? <span>不采纳理由：{u.reason}</span> : null}
              </Space>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无落实记录：责任部门更新状态后在此显示" />
      )}
    </div>
  );
}
