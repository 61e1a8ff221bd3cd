import { useQuery } from '@tanstack/react-query';
import { Card, Form, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ErrorState, Page } from '../../app/components/Page';
import { FilterSelect } from '../../app/components/FilterSelect';
import { StageTag } from '../../app/components/StageTag';
import { formatDate, formatDateTime, shanghai } from '../../format/dates';
import { ACTIVITY_TYPE_LABELS_ZH, typeLabel, type ActivityType } from '../../format/labels';
import { openLabel, useDepartmentName } from '../activities/queries';

type Item = Schemas['ArchiveListItem'];
const PAGE_SIZE = 20;
const MEDIUM_ZH = { paper: '纸质', electronic: '电子' } as const;

/** 档案: the archived summaries by year and type, their folder, paper label and confirmed copies. */
export default function ArchivePage() {
  const thisYear = shanghai().year();
  const [year, setYear] = useState<number | undefined>(thisYear);
  const [type, setType] = useState<ActivityType | undefined>();
  const [page, setPage] = useState(1);
  const dept = useDepartmentName();
  const query = { page, pageSize: PAGE_SIZE, ...(year ? { year } : {}), ...(type ? { type } : {}) };
  const list = useQuery({
    queryKey: ['archive', query],
    queryFn: () => call(api.GET('/api/archive', { params: { query } })),
    placeholderData: (prev) => prev,
  });
  return (
    <Page title="档案" crumbs={[{ title: '档案' }]}>
      <Card size="small" className="section">
        <Form layout="inline" className="report-filters">
          <FilterSelect
            id="archive-year"
            label="年度"
            placeholder="全部年度"
            width={120}
            value={year}
            onChange={(v) => {
              setYear(v);
              setPage(1);
            }}
            options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y} 年` }))}
          />
          <FilterSelect
            id="archive-type"
            label="活动类型"
            placeholder="全部类型"
            value={type}
            onChange={(v) => {
              setType(v);
              setPage(1);
            }}
            options={Object.entries(ACTIVITY_TYPE_LABELS_ZH).map(([value, label]) => ({ value: value as ActivityType, label }))}
          />
        </Form>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} retry={list.refetch} />
      ) : (
        <Table<Item>
          rowKey="activityId"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showTotal: (total) => `共 ${total} 项`,
            onChange: setPage,
            showSizeChanger: false,
          }}
          locale={{ emptyText: '该年度暂无归档的活动总结' }}
          columns={[
            {
              title: '活动名称',
              dataIndex: 'name',
              render: (name: string, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/activities/${a.activityId}`}>{name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {typeLabel(a.type)} · {dept(a.leadDepartment)} · {formatDate(a.endAt)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '阶段', dataIndex: 'stage', width: 110, responsive: ['md'], render: (s: string) => <StageTag stage={s} /> },
            {
              title: '电子档案',
              key: 'folder',
              responsive: ['lg'],
              render: (_: unknown, a) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text copyable style={{ fontSize: 12 }}>
                    {a.folder}
                    {a.electronicName}
                  </Typography.Text>
                  {a.stored ? <Tag color="green">终稿已存档</Tag> : <Tag>终稿待存档</Tag>}
                </Space>
              ),
            },
            {
              title: '纸质标签',
              dataIndex: 'paperLabel',
              responsive: ['md'],
              render: (label: string, a) => (
                <a href={`/api/activities/${a.activityId}/archive/label.html`} onClick={(e) => openLabel(e, a.activityId)}>
                  {label}
                </a>
              ),
            },
            {
              title: '归档确认',
              key: 'copies',
              render: (_: unknown, a) =>
                a.copies.length ? (
                  <Space orientation="vertical" size={2}>
                    {a.copies.map((c) => (
                      <Tag key={c.medium} color="green" title={`${c.location} · ${formatDateTime(c.confirmedAt)}`}>
                        {MEDIUM_ZH[c.medium]}已确认
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Tag color="orange">待确认</Tag>
                ),
            },
          ]}
        />
      )}
    </Page>
  );
}
