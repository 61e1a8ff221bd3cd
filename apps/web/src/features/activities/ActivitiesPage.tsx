import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, callAs } from '../../api/client';
import { useSession } from '../../api/session';
import type { ActivityListItem, ActivityPage } from '../../api/views';
import { DeadlineText } from '../../app/components/DeadlineText';
import { FilterSelect } from '../../app/components/FilterSelect';
import { ErrorState, Page } from '../../app/components/Page';
import { MajorTag, StageTag } from '../../app/components/StageTag';
import { REGISTER_ROLES } from '../../app/nav';
import { formatDate } from '../../format/dates';
import { formatListTotal } from '../../format/numbers';
import { ACTIVITY_TYPE_LABELS_ZH, STAGE_SHORT_LABELS_ZH, typeLabel, type ActivityType, type Stage } from '../../format/labels';
import { useDepartmentName, useDepartments } from './queries';

const PAGE_SIZE = 20;

/** 活动: the activities the user may read, filtered in the header, paginated on the server. */
export default function ActivitiesPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const dept = useDepartmentName();
  const departments = useDepartments();
  const filters = {
    stage: (params.get('stage') as Stage | null) ?? undefined,
    type: (params.get('type') as ActivityType | null) ?? undefined,
    department: params.get('department') ?? undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['activities', filters],
    queryFn: () => callAs<ActivityPage>(api.GET('/api/activities', { params: { query: filters } })),
    placeholderData: (prev) => prev,
  });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const scoped = session?.user.role === 'staff' || session?.user.role === 'dept_head';

  return (
    <Page
      title="活动"
      crumbs={[{ title: '活动' }]}
      extra={
        session && REGISTER_ROLES.includes(session.user.role) ? (
          <Link to="/activities/new">
            <Button type="primary">登记活动</Button>
          </Link>
        ) : null
      }
    >
      <Card size="small" className="section">
        <Form layout="inline" className="report-filters">
          <FilterSelect
            id="activities-stage"
            label="阶段"
            placeholder="全部阶段"
            value={filters.stage}
            onChange={(v) => set('stage', v)}
            options={Object.entries(STAGE_SHORT_LABELS_ZH).map(([value, label]) => ({ value, label }))}
          />
          <FilterSelect
            id="activities-type"
            label="活动类型"
            placeholder="全部类型"
            value={filters.type}
            onChange={(v) => set('type', v)}
            options={Object.entries(ACTIVITY_TYPE_LABELS_ZH).map(([value, label]) => ({ value, label }))}
          />
          {scoped ? null : (
            <FilterSelect
              id="activities-department"
              label="主办部门"
              placeholder="全部部门"
              value={filters.department}
              onChange={(v) => set('department', v)}
              options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
            />
          )}
          <FilterSelect
            id="activities-overdue"
            label="逾期"
            placeholder="不限"
            width={120}
            value={filters.overdue ? 'true' : undefined}
            onChange={(v) => set('overdue', v)}
            options={[{ value: 'true', label: '仅看逾期' }]}
          />
        </Form>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} retry={list.refetch} />
      ) : (
        <Table<ActivityListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showTotal: (total) => formatListTotal(total, list.data?.totalExact),
            onChange: (page) => set('page', String(page)),
            showSizeChanger: false,
          }}
          locale={{ emptyText: '暂无活动' }}
          columns={[
            {
              title: '活动名称',
              dataIndex: 'name',
              render: (name: string, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/activities/${a.id}`}>{name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {typeLabel(a.type)} · {dept(a.leadDepartment)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '阶段',
              dataIndex: 'stage',
              width: 130,
              render: (stage: string, a) => (
                <Space wrap size={2}>
                  <StageTag stage={stage} overdue={a.lifecycle?.deadlines.some((d) => d.status === 'overdue')} />
                  {a.isMajor ? <MajorTag /> : null}
                </Space>
              ),
            },
            { title: '结束时间', dataIndex: 'endAt', width: 150, responsive: ['md'], render: (v: string) => formatDate(v) },
            {
              title: '下一截止',
              key: 'next',
              responsive: ['lg'],
              render: (_: unknown, a) => {
                const next = a.lifecycle?.deadlines
                  .filter((d) => d.status === 'pending' || d.status === 'overdue')
                  .sort((x, y) => x.dueAt.localeCompare(y.dueAt))[0];
                return next ? <DeadlineText dueAt={next.dueAt} provisional={next.provisional} overdue={next.status === 'overdue'} /> : '—';
              },
            },
          ]}
        />
      )}
    </Page>
  );
}
