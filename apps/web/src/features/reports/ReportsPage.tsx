import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Form, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../format/dates';
import { useSearchParams } from 'react-router';
import { api, call, download, type Schemas } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorState, Page } from '../../app/components/Page';
import { formatNumber, formatRate } from '../../format/numbers';
import { useDepartments } from '../activities/queries';
import { DepartmentScoreChart, onTimeText, SatisfactionChart, SuggestionChart, TimelinessChart } from './charts';

type SuggestionRow = Schemas['SuggestionDepartmentView'];

/** This year in Asia/Shanghai. */
const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
/** The picker's years: next year (deadlines of December's activities fall in January) back to 2020. */
const yearOptions = (now: number) =>
  Array.from({ length: now + 2 - 2020 }, (_, i) => now + 1 - i).map((y) => ({ value: y, label: `${y} 年` }));

/**
 * 报表: the year's timeliness by month, suggestion status by department and satisfaction trend by
 * activity type (GET /api/reports/statistics). A department head sees their own department.
 */
export default function ReportsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const departments = useDepartments();
  const now = thisYear();
  const year = Number(params.get('year') ?? now);
  const ownOnly = session?.user.role === 'dept_head';
  const department = ownOnly ? undefined : (params.get('department') ?? undefined);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const stats = useQuery({
    queryKey: ['reports', 'statistics', { year, department }],
    queryFn: () => call(api.GET('/api/reports/statistics', { params: { query: { year, department } } })),
    placeholderData: (prev) => prev,
  });
  const data = stats.data;

  return (
    <Page title="报表" crumbs={[{ title: '报表' }]}>
      <Card size="small" className="section">
        <Form layout="inline" className="report-filters">
          <Form.Item label="年度" htmlFor="report-year">
            <Select
              id="report-year"
              aria-label="年度"
              style={{ width: 120 }}
              value={year}
              onChange={(v: number) => set('year', v === now ? undefined : String(v))}
              options={yearOptions(now)}
            />
          </Form.Item>
          <Form.Item label="部门" htmlFor={ownOnly ? undefined : 'report-department'}>
            {ownOnly ? (
              <Tag>{data?.departmentName ?? session.user.department}</Tag>
            ) : (
              <Select
                id="report-department"
                aria-label="部门"
                placeholder="全部部门"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 160 }}
                value={department}
                onChange={(v?: string) => set('department', v)}
                options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
              />
            )}
          </Form.Item>
        </Form>
      </Card>
      {stats.error ? (
        <ErrorState error={stats.error} retry={stats.refetch} />
      ) : (
        <>
          {ownOnly ? null : <DepartmentScores year={year} />}
          {ownOnly ? null : <PeriodicReports />}
          <Card size="small" className="section" title={`${year} 年 初稿与终稿按时完成情况（按截止月份）`} loading={!data}>
            {data ? (
              <>
                <Row gutter={[16, 8]}>
                  <Col xs={12} md={6}>
                    <Statistic title="初稿按时率" value={onTimeText(data.timeliness.totals.draft)} />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic title="终稿按时率" value={onTimeText(data.timeliness.totals.final)} />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic
                      title="逾期（初稿 + 终稿）"
                      value={formatNumber(data.timeliness.totals.draft.late + data.timeliness.totals.final.late)}
                      suffix="项"
                    />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic
                      title="未到期"
                      value={formatNumber(data.timeliness.totals.draft.pending + data.timeliness.totals.final.pending)}
                      suffix="项"
                    />
                  </Col>
                </Row>
                <TimelinessChart data={data.timeliness} />
              </>
            ) : null}
          </Card>
          <Card size="small" className="section" title={`${year} 年 改进建议落实情况（按责任部门）`} loading={!data}>
            {data && !data.suggestions.totals.total ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该年度暂无形成终稿的改进建议" />
            ) : data ? (
              <>
                <Typography.Paragraph>
                  落实率{' '}
                  {formatRate(
                    data.suggestions.totals.implementationRate,
                    data.suggestions.totals.implemented,
                    data.suggestions.totals.total,
                  )}
                  （已落实 / 全部建议）
                </Typography.Paragraph>
                <SuggestionChart data={data.suggestions} />
                <Table<SuggestionRow>
                  rowKey="department"
                  size="small"
                  pagination={false}
                  dataSource={data.suggestions.byDepartment}
                  columns={[
                    { title: '责任部门', dataIndex: 'departmentName' },
                    { title: '待落实', dataIndex: 'pending', align: 'right', responsive: ['sm'], render: formatNumber },
                    { title: '落实中', dataIndex: 'inProgress', align: 'right', responsive: ['sm'], render: formatNumber },
                    { title: '已落实', dataIndex: 'implemented', align: 'right', responsive: ['sm'], render: formatNumber },
                    { title: '不采纳', dataIndex: 'rejected', align: 'right', responsive: ['sm'], render: formatNumber },
                    { title: '合计', dataIndex: 'total', align: 'right', render: formatNumber },
                    {
                      title: '落实率',
                      dataIndex: 'implementationRate',
                      align: 'right',
                      render: (_: unknown, r) => formatRate(r.implementationRate, r.implemented, r.total),
                    },
                  ]}
                />
              </>
            ) : null}
          </Card>
          <Card size="small" className="section" title={`${year} 年 满意度趋势（按活动类型，终稿平均）`} loading={!data}>
            {data && !data.satisfaction.length ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该年度暂无形成终稿的活动总结" />
            ) : data ? (
              <SatisfactionChart data={data.satisfaction} />
            ) : null}
          </Card>
        </>
      )}
    </Page>
  );
}

type ScoreRow = Schemas['DepartmentScoreView'];
type ScoreItem = Schemas['ScoreItemView'];

/** One deduction or bonus: the activity, the reason and the points ("−5 初稿逾期提交"). */
const scoreItem = (i: ScoreItem) =>
  `${i.points > 0 ? '+' : '−'}${Math.abs(i.points)} ${i.reasonZh}${i.activityName ? `（${i.activityName}）` : ''}`;

/**
 * 部门得分 (R-18, R-19): every department's score with its breakdown, 活动管理先进单位 and the reward
 * candidates. Department heads do not see the ranking (GET /api/reports/department-scores).
 */
function DepartmentScores({ year }: { year: number }) {
  const scores = useQuery({
    queryKey: ['reports', 'department-scores', year],
    queryFn: () => call(api.GET('/api/reports/department-scores', { params: { query: { year } } })),
    placeholderData: (prev) => prev,
  });
  if (scores.error) return <ErrorState error={scores.error} retry={scores.refetch} />;
  const data = scores.data;
  return (
    <Card size="small" className="section" title={`${year} 年 部门活动总结工作评分（R-18）`} loading={!data}>
      {data ? (
        <>
          <Typography.Paragraph>
            活动管理先进单位：
            {data.advanced.length
              ? data.advanced.map((d) => (
                  <Tag color="gold" key={d.department}>
                    {d.departmentName}
                  </Tag>
                ))
              : '—'}
          </Typography.Paragraph>
          <DepartmentScoreChart data={data} />
          <Table<ScoreRow>
            rowKey="department"
            size="small"
            pagination={false}
            dataSource={data.items}
            expandable={{
              rowExpandable: (r) => r.deductions.length + r.bonuses.length > 0,
              expandedRowRender: (r) => (
                <ul className="score-items">
                  {[...r.deductions, ...r.bonuses].map((i, n) => (
                    <li key={n}>{scoreItem(i)}</li>
                  ))}
                </ul>
              ),
            }}
            columns={[
              { title: '部门', dataIndex: 'departmentName' },
              { title: '及时性', dataIndex: 'timeliness', align: 'right', responsive: ['sm'], render: formatNumber },
              { title: '质量', dataIndex: 'quality', align: 'right', responsive: ['sm'], render: formatNumber },
              { title: '应用', dataIndex: 'application', align: 'right', responsive: ['sm'], render: formatNumber },
              { title: '总分', dataIndex: 'total', align: 'right', render: formatNumber },
            ]}
          />
          {data.rewardCandidates.length ? (
            <Typography.Paragraph className="section">
              奖励候选（优秀总结编制人，500–2000 元，金额由管理层确定）：
              {data.rewardCandidates.map((c) => `${c.compilerName ?? '—'}（${c.departmentName} · ${c.activityName}）`).join('；')}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

type StoredReport = Schemas['ReportSummaryView'];

/**
 * 定期报告: the reports the schedules produced (流程优化清单 quarterly, 总结应用评估报告 half-yearly,
 * 年度总结报告 yearly), newest first, each as Word and Excel. The inbox's report messages land here.
 */
function PeriodicReports() {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['reports', 'stored', page],
    queryFn: () => call(api.GET('/api/reports', { params: { query: { page, pageSize: 10 } } })),
    placeholderData: (prev) => prev,
  });
  const get = (r: StoredReport, ext: 'docx' | 'xlsx') => void download(`/api/reports/${r.id}.${ext}`, `${r.title}.${ext}`);
  if (list.error) return <ErrorState error={list.error} retry={list.refetch} />;
  return (
    <Card size="small" className="section" title="定期报告" id="periodic-reports" loading={!list.data}>
      {list.data ? (
        <Table<StoredReport>
          rowKey="id"
          size="small"
          dataSource={list.data.items}
          locale={{ emptyText: '暂无定期报告（每季度、每半年、每年结束后自动生成）' }}
          pagination={{ current: page, pageSize: 10, total: list.data.total, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: '报告', dataIndex: 'title' },
            { title: '生成时间', dataIndex: 'generatedAt', responsive: ['md'], render: (v: string) => formatDateTime(v) },
            {
              title: '下载',
              key: 'download',
              render: (_v, r) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => get(r, 'docx')}>
                    Word
                  </Button>
                  <Button size="small" onClick={() => get(r, 'xlsx')}>
                    Excel
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
