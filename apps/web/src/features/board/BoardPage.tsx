import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Form, Input, Segmented, Select, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { DEADLINE_KEYS } from '../../../../../libs/domain/lifecycle';
import { api, call } from '../../api/client';
import { useSession } from '../../api/session';
import type { Escalation } from '../../api/views';
import { ErrorState, Page } from '../../app/components/Page';
import { FilterSelect } from '../../app/components/FilterSelect';
import { formatDate, formatDateTime } from '../../format/dates';
import { formatListTotal } from '../../format/numbers';
import { DEADLINE_LABELS_ZH, deadlineLabel, type DeadlineKey } from '../../format/labels';
import { useDepartmentName, useDepartments } from '../activities/queries';
import { EscalationChart } from './EscalationChart';

const PAGE_SIZE = 20;
/** The chart reads open escalations page by page; beyond this many it says so. */
const CHART_PAGES = 10;

/** 逾期看板: overdue escalations by department and deadline, open or resolved, with the open ones charted. */
export default function BoardPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const dept = useDepartmentName();
  const departments = useDepartments();
  const ownOnly = session?.user.role === 'dept_head';
  const department = ownOnly ? (session.user.department ?? undefined) : (params.get('department') ?? undefined);
  const deadlineKey = (params.get('deadlineKey') as DeadlineKey | null) ?? undefined;
  const status = params.get('status') ?? 'open';
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const filters = { kind: 'overdue' as const, q, department, deadlineKey, ...(status === 'all' ? {} : { open: status === 'open' }) };
  const list = useQuery({
    queryKey: ['escalations', { ...filters, page }],
    queryFn: () => call(api.GET('/api/escalations', { params: { query: { ...filters, page, pageSize: PAGE_SIZE } } })),
    placeholderData: (prev) => prev,
  });
  const chart = useQuery({
    queryKey: ['escalations', 'open-by-department', { q, department, deadlineKey }],
    queryFn: async () => {
      const counts = new Map<string, number>();
      let total = 0;
      let totalExact = true;
      for (let p = 1; p <= CHART_PAGES; p++) {
        const res = await call(
          api.GET('/api/escalations', {
            params: { query: { kind: 'overdue', open: true, q, department, deadlineKey, page: p, pageSize: 100 } },
          }),
        );
        total = res.total;
        totalExact = res.totalExact;
        for (const e of res.items) counts.set(e.leadDepartment, (counts.get(e.leadDepartment) ?? 0) + 1);
        if (p * 100 >= res.total) break;
      }
      return { counts, total, totalExact };
    },
  });
  const chartData = [...(chart.data?.counts ?? new Map<string, number>())]
    .map(([code, value]) => ({ name: dept(code), value }))
    .sort((a, b) => b.value - a.value);

  return (
    <Page title="逾期看板" crumbs={[{ title: '逾期看板' }]}>
      <Card size="small" className="section">
        <Form layout="inline" className="report-filters">
          <Form.Item label="活动名称" htmlFor="board-name">
            <Input.Search
              id="board-name"
              aria-label="活动名称"
              placeholder="输入活动名称搜索"
              allowClear
              style={{ width: 200 }}
              defaultValue={q}
              onSearch={(v) => set('q', v.trim() || undefined)}
            />
          </Form.Item>
          <Form.Item label="部门" htmlFor={ownOnly ? undefined : 'board-department'}>
            {ownOnly ? (
              <Tag>{dept(department)}</Tag>
            ) : (
              <Select
                id="board-department"
                aria-label="部门"
                placeholder="全部部门"
                allowClear
                style={{ width: 140 }}
                value={department}
                onChange={(v?: string) => set('department', v)}
                options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
              />
            )}
          </Form.Item>
          <FilterSelect
            id="board-deadline"
            label="截止项"
            placeholder="全部截止项"
            value={deadlineKey}
            onChange={(v) => set('deadlineKey', v)}
            options={DEADLINE_KEYS.map((k) => ({ value: k, label: DEADLINE_LABELS_ZH[k] }))}
          />
          <Form.Item label="状态">
            <Segmented
              aria-label="状态"
              value={status}
              onChange={(v) => set('status', v === 'open' ? undefined : String(v))}
              options={[
                { value: 'open', label: '未解决' },
                { value: 'resolved', label: '已解决' },
                { value: 'all', label: '全部' },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title="未解决逾期（按部门）" className="section">
        {chart.error ? (
          <ErrorState error={chart.error} retry={chart.refetch} />
        ) : chart.data && !chartData.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未解决的逾期" />
        ) : (
          <EscalationChart data={chartData} />
        )}
        {chart.data && chart.data.total > CHART_PAGES * 100 ? (
          <Typography.Text type="secondary">
            图中为最近 {CHART_PAGES * 100} 项（{formatListTotal(chart.data.total, chart.data.totalExact)}）
          </Typography.Text>
        ) : null}
      </Card>
      {list.error ? (
        <ErrorState error={list.error} retry={list.refetch} />
      ) : (
        <Table<Escalation>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '没有符合条件的逾期记录' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showTotal: (t) => formatListTotal(t, list.data?.totalExact),
            onChange: (p) => set('page', String(p)),
            showSizeChanger: false,
          }}
          columns={[
            {
              title: '活动',
              dataIndex: 'activityName',
              render: (name: string | null, e) => <Link to={`/activities/${e.activityId}`}>{name ?? '查看活动'}</Link>,
            },
            { title: '部门', dataIndex: 'leadDepartment', width: 100, responsive: ['sm'], render: (c: string) => dept(c) },
            { title: '截止项', dataIndex: 'deadlineKey', width: 100, render: (k: string) => <Tag color="red">{deadlineLabel(k)}</Tag> },
            { title: '截止日期', dataIndex: 'dueAt', responsive: ['md'], render: (v: string | null) => formatDate(v) },
            { title: '逾期通知', dataIndex: 'firedAt', responsive: ['lg'], render: formatDateTime },
            {
              title: '状态',
              dataIndex: 'open',
              width: 90,
              render: (open: boolean, e) =>
                open ? (
                  <Tag color="red">未解决</Tag>
                ) : (
                  <Tag color="green" title={formatDateTime(e.resolvedAt)}>
                    已解决
                  </Tag>
                ),
            },
          ]}
        />
      )}
    </Page>
  );
}
