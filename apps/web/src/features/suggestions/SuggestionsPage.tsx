import { Card, Form, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isSuggestionStatus, periodOf, QUARTER_PATTERN, SUGGESTION_STATUSES } from '../../../../../libs/suggestions/status';
import { useSession } from '../../api/session';
import type { Suggestion } from '../../api/views';
import { ErrorState, Page } from '../../app/components/Page';
import { FilterSelect } from '../../app/components/FilterSelect';
import { SUGGESTION_STATUS_ZH } from '../../format/labels';
import { useDepartments } from '../activities/queries';
import { canUpdate, useSuggestions } from './queries';
import { DueText, SuggestionStatusTag, quarterLabel } from './parts';
import { SuggestionHistory } from './SuggestionHistory';
import { StatusButtons, StatusModal, type Change } from './StatusModal';

const PAGE_SIZE = 20;
/** The first quarter the picker offers (the reports' years start in 2020 too). */
const FIRST_YEAR = 2020;

/** The picker's quarters, newest first: this quarter (Asia/Shanghai) back to 2020-Q1. */
function quarterOptions(): Array<{ value: string; label: string }> {
  const [year, q] = periodOf(new Date(), 'quarter').split('-Q').map(Number) as [number, number];
  const out: Array<{ value: string; label: string }> = [];
  for (let y = year; y >= FIRST_YEAR; y--) {
    for (let n = y === year ? q : 4; n >= 1; n--) out.push({ value: `${y}-Q${n}`, label: quarterLabel(`${y}-Q${n}`) });
  }
  return out;
}

/**
 * 建议落实: the improvement suggestions of final summaries, filtered by status,
 * responsible department and quarter (and by activity when opened from one); the responsible
 * department records their implementation; each row opens to its history.
 */
export default function SuggestionsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const departments = useDepartments();
  const status = params.get('status');
  const quarter = params.get('quarter');
  const filters = {
    status: isSuggestionStatus(status) ? status : undefined,
    department: params.get('department') ?? undefined,
    quarter: quarter && QUARTER_PATTERN.test(quarter) ? quarter : undefined,
    activityId: params.get('activityId') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: PAGE_SIZE,
  };
  const list = useSuggestions(filters);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const [changing, setChanging] = useState<{ s: Suggestion; change: Change } | null>(null);
  const items = list.data?.items ?? [];
  const scoped = session?.user.role === 'staff' || session?.user.role === 'dept_head';
  const updatable = items.some((s) => canUpdate(session, s));
  const activityName = items[0]?.activityName;

  return (
    <Page title="建议落实" crumbs={[{ title: '建议落实' }]}>
      <Card size="small" className="section">
        <Form layout="inline" className="report-filters">
          <FilterSelect
            id="suggestion-status"
            label="状态"
            placeholder="全部状态"
            width={130}
            value={filters.status}
            onChange={(v) => set('status', v)}
            options={SUGGESTION_STATUSES.map((value) => ({ value, label: SUGGESTION_STATUS_ZH[value] }))}
          />
          <FilterSelect
            id="suggestion-department"
            label="责任部门"
            placeholder="全部部门"
            width={150}
            value={filters.department}
            onChange={(v) => set('department', v)}
            options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
          />
          <FilterSelect
            id="suggestion-quarter"
            label="季度"
            placeholder="全部季度"
            tooltip="终稿形成的季度"
            width={150}
            value={filters.quarter}
            onChange={(v) => set('quarter', v)}
            options={quarterOptions()}
          />
          {filters.activityId ? (
            <Form.Item label="活动">
              <Tag closable onClose={() => set('activityId', undefined)} style={{ whiteSpace: 'normal' }}>
                {activityName ?? '所选活动'}
              </Tag>
            </Form.Item>
          ) : null}
        </Form>
        {scoped ? (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            显示本部门负责或协同落实的建议；状态由责任部门更新。
          </Typography.Text>
        ) : null}
      </Card>
      {list.error ? (
        <ErrorState error={list.error} retry={list.refetch} />
      ) : (
        <Table<Suggestion>
          rowKey="id"
          size="middle"
          className="suggestion-table"
          loading={list.isFetching}
          dataSource={items}
          locale={{ emptyText: '暂无改进建议：活动总结终稿形成后，其中的改进建议会自动列入此处跟踪落实' }}
          expandable={{ expandedRowRender: (s) => <SuggestionHistory suggestion={s} /> }}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (p) => set('page', String(p)),
            showSizeChanger: false,
          }}
          columns={[
            {
              title: '改进措施',
              dataIndex: 'measure',
              render: (measure: string, s) => (
                <Space orientation="vertical" size={0}>
                  <span className="suggestion-measure">{measure}</span>
                  <Typography.Text type="secondary">
                    活动：<Link to={`/activities/${s.activityId}`}>{s.activityName}</Link>
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '责任部门',
              key: 'departments',
              width: 150,
              responsive: ['md'],
              render: (_, s) => (
                <Space orientation="vertical" size={0}>
                  <span>{s.responsibleDepartmentZh}</span>
                  {s.cooperatingDepartmentsZh.length ? (
                    <Typography.Text type="secondary">协同：{s.cooperatingDepartmentsZh.join('、')}</Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { title: '完成时限', key: 'due', width: 230, responsive: ['md'], render: (_, s) => <DueText s={s} /> },
            { title: '状态', dataIndex: 'status', width: 84, render: (_, s) => <SuggestionStatusTag s={s} /> },
            ...(updatable
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 120,
                    render: (_: unknown, s: Suggestion) =>
                      canUpdate(session, s) ? <StatusButtons suggestion={s} onChoose={(change) => setChanging({ s, change })} /> : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      {changing ? <StatusModal suggestion={changing.s} change={changing.change} onClose={() => setChanging(null)} /> : null}
    </Page>
  );
}
