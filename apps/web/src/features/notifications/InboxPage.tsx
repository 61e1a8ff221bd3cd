import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { formatDateTime } from '../../format/dates';
import { deadlineLabel } from '../../format/labels';
import { REPORT_KIND_LABELS_ZH, type ReportKind } from '../../../../../libs/domain/report-period';

/** An escalation, a reminder, or a periodic report announced to its audience (issue 15). */
const KIND_TAGS = {
  overdue: { label: '逾期', color: 'red' },
  reminder: { label: '提醒', color: 'blue' },
  report: { label: '报告', color: 'green' },
};

const PAGE_SIZE = 20;

/** 通知: the in-app inbox of reminders and escalations; each opens its activity. */
export default function InboxPage() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const query = { page, pageSize: PAGE_SIZE, ...(unreadOnly ? { unread: true } : {}) };
  const inbox = useQuery({
    queryKey: ['notifications', query],
    queryFn: () => call(api.GET('/api/notifications', { params: { query } })),
    placeholderData: (prev) => prev,
  });
  const read = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <Page title="通知" crumbs={[{ title: '通知' }]}>
      <Space className="section">
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: '未读' },
          ]}
        />
      </Space>
      <Loadable loading={inbox.isPending} error={inbox.error} retry={inbox.refetch}>
        {() => (
          <Rows
            className="inbox"
            items={inbox.data!.items}
            rowKey={(n) => n.id}
            empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unreadOnly ? '没有未读通知' : '暂无通知'} />}
            header={
              <Typography.Text type="secondary">
                共 {inbox.data!.total} 条，未读 {inbox.data!.unread} 条
              </Typography.Text>
            }
            pagination={{ current: page, pageSize: PAGE_SIZE, total: inbox.data!.total, onChange: setPage }}
            render={(n) => (
              <Row
                className="inbox-item"
                title={
                  <Space wrap size={4}>
                    <Tag color={KIND_TAGS[n.kind].color}>{KIND_TAGS[n.kind].label}</Tag>
                    <Tag>{n.kind === 'report' ? REPORT_KIND_LABELS_ZH[n.deadlineKey as ReportKind] : deadlineLabel(n.deadlineKey)}</Tag>
                    <Link
                      to={n.kind === 'report' ? '/reports#periodic-reports' : `/activities/${n.activityId}`}
                      onClick={() => (n.readAt ? undefined : read.mutate(n.id))}
                    >
                      <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    </Link>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph
                      type="secondary"
                      style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}
                      ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}
                    >
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
                actions={
                  n.readAt ? null : (
                    <Button size="small" type="link" loading={read.isPending && read.variables === n.id} onClick={() => read.mutate(n.id)}>
                      标为已读
                    </Button>
                  )
                }
              />
            )}
          />
        )}
      </Loadable>
    </Page>
  );
}
