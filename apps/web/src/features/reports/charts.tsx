/** The three 报表 charts (ECharts): each draws one part of GET /api/reports/statistics, labelled in Chinese. */
import { useMemo } from 'react';
import type { Schemas } from '../../api/client';
import { formatNumber } from '../../format/numbers';
import { GRID, LEGEND, TOOLTIP, useEChart } from '../../app/components/useEChart';

type Statistics = Schemas['StatisticsResponse'];
type Tally = Schemas['DeadlineTallyView'];

const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
export const QUARTERS = ['一季度', '二季度', '三季度', '四季度'];
const axisNumber = { formatter: (v: number) => formatNumber(v) };
const percentAxis = { formatter: (v: number) => `${formatNumber(v)}%` };

/** "75% = 3/4", or "—" when nothing was decided. */
export function onTimeText(t: Tally): string {
  return t.onTimeRate === null ? '—' : `${formatNumber(t.onTimeRate)}% = ${formatNumber(t.onTime)}/${formatNumber(t.onTime + t.late)}`;
}

/** Draft and final deadlines per month due: on time and late as stacked bars, the on-time rates as lines. */
export function TimelinessChart({ data }: { data: Statistics['timeliness'] }) {
  const option = useMemo(() => {
    const bar = (name: string, stack: string, color: string, value: (m: (typeof data.months)[number]) => number) => ({
      type: 'bar' as const,
      name,
      stack,
      data: data.months.map(value),
      itemStyle: { color },
      barMaxWidth: 18,
    });
    const rate = (name: string, color: string, key: 'draft' | 'final') => ({
      type: 'line' as const,
      name,
      yAxisIndex: 1,
      data: data.months.map((m) => m[key].onTimeRate),
      itemStyle: { color },
      // A month without a decided deadline has no rate: a gap, not a line drawn through it.
      connectNulls: false,
      symbolSize: 7,
    });
    return {
      legend: LEGEND,
      grid: GRID,
      tooltip: {
        ...TOOLTIP,
        trigger: 'axis' as const,
        formatter: (items: Array<{ dataIndex: number }>) => {
          const m = data.months[items[0]?.dataIndex ?? 0]!;
          const line = (label: string, t: Tally) =>
            `${label}：按时 ${formatNumber(t.onTime)}，逾期 ${formatNumber(t.late)}` +
            `（已补交 ${formatNumber(t.lateMet)}，未完成 ${formatNumber(t.overdue)}），` +
            `未到期 ${formatNumber(t.pending)}；按时率 ${onTimeText(t)}`;
          return `${m.month}月<br/>${line('初稿', m.draft)}<br/>${line('终稿', m.final)}`;
        },
      },
      xAxis: { type: 'category' as const, data: MONTHS, axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: [
        { type: 'value' as const, name: '截止项（项）', minInterval: 1, axisLabel: axisNumber, nameTextStyle: { align: 'left' as const } },
        { type: 'value' as const, name: '按时率', min: 0, max: 100, axisLabel: percentAxis, splitLine: { show: false } },
      ],
      series: [
        bar('初稿按时', 'draft', '#4096ff', (m) => m.draft.onTime),
        bar('初稿逾期', 'draft', '#ff7875', (m) => m.draft.late),
        bar('终稿按时', 'final', '#52c41a', (m) => m.final.onTime),
        bar('终稿逾期', 'final', '#cf1322', (m) => m.final.late),
        rate('初稿按时率', '#0958d9', 'draft'),
        rate('终稿按时率', '#389e0d', 'final'),
      ],
    };
  }, [data]);
  const el = useEChart(option);
  const { draft, final } = data.totals;
  return (
    <div
      ref={el}
      className="chart chart-tall report-chart"
      role="img"
      aria-label={`全年初稿按时率 ${onTimeText(draft)}，终稿按时率 ${onTimeText(final)}`}
      data-chart="timeliness"
      data-legend={JSON.stringify(option.series.map((x) => x.name))}
      data-axis={JSON.stringify(MONTHS)}
    />
  );
}

const STATUS_SERIES = [
  { key: 'pending', name: '待落实', color: '#faad14' },
  { key: 'inProgress', name: '落实中', color: '#1677ff' },
  { key: 'implemented', name: '已落实', color: '#52c41a' },
  { key: 'rejected', name: '不采纳', color: '#bfbfbf' },
] as const;

/** Suggestions per responsible department, stacked by status (horizontal, so department names fit a phone). */
export function SuggestionChart({ data }: { data: Statistics['suggestions'] }) {
  const rows = data.byDepartment;
  return (
    <DepartmentStackChart
      name="suggestions"
      rows={rows}
      series={STATUS_SERIES}
      unit="条"
      label={`改进建议按责任部门：${rows.map((d) => `${d.departmentName} ${d.total} 条`).join('，')}`}
    />
  );
}

/**
 * One horizontal bar per department, its parts stacked (`series` names the keys of a row), the
 * department names on the axis: fits a phone however many departments there are.
 */
function DepartmentStackChart<R extends { departmentName: string }>(props: {
  name: string;
  rows: readonly R[];
  series: ReadonlyArray<{ key: keyof R & string; name: string; color: string }>;
  unit: string;
  label: string;
  tooltip?: (row: R) => string;
}) {
  const { rows, series, unit, tooltip } = props;
  const option = useMemo(
    () => ({
      legend: LEGEND,
      grid: GRID,
      tooltip: {
        ...TOOLTIP,
        trigger: 'axis' as const,
        axisPointer: { type: 'shadow' as const },
        ...(tooltip ? { formatter: (items: Array<{ dataIndex: number }>) => tooltip(rows[items[0]?.dataIndex ?? 0]!) } : {}),
      },
      yAxis: {
        type: 'category' as const,
        data: rows.map((d) => d.departmentName),
        inverse: true,
        axisLabel: { width: 84, overflow: 'truncate' as const },
      },
      xAxis: { type: 'value' as const, name: unit, minInterval: 1, axisLabel: axisNumber },
      series: series.map((x) => ({
        type: 'bar' as const,
        name: x.name,
        stack: 'total',
        data: rows.map((d) => d[x.key] as number),
        itemStyle: { color: x.color },
        barMaxWidth: 24,
      })),
    }),
    [rows, series, unit, tooltip],
  );
  const el = useEChart(option);
  return (
    <div
      ref={el}
      className="chart report-chart"
      style={{ height: Math.max(200, 72 + rows.length * 36) }}
      role="img"
      aria-label={props.label}
      data-chart={props.name}
      data-legend={JSON.stringify(series.map((x) => x.name))}
      data-axis={JSON.stringify(rows.map((d) => d.departmentName))}
    />
  );
}

/** Average satisfaction of final versions per quarter, one line per activity type. */
export function SatisfactionChart({ data }: { data: Statistics['satisfaction'] }) {
  const option = useMemo(
    () => ({
      legend: LEGEND,
      grid: GRID,
      tooltip: {
        ...TOOLTIP,
        trigger: 'axis' as const,
        formatter: (items: Array<{ dataIndex: number; seriesIndex: number; marker: string }>) => {
          const q = items[0]?.dataIndex ?? 0;
          const lines = items.map((it) => {
            const s = data[it.seriesIndex]!;
            const v = s.quarters[q]!;
            return v.averageSatisfaction === null
              ? `${it.marker}${s.typeName}：无终稿`
              : `${it.marker}${s.typeName}：平均 ${formatNumber(v.averageSatisfaction)}%（${formatNumber(v.summaries)} 份终稿；` +
                  `满意+较满意 ${formatNumber(v.satisfiedResponses)}/${formatNumber(v.responses)}）`;
          });
          return [QUARTERS[q], ...lines].join('<br/>');
        },
      },
      xAxis: { type: 'category' as const, data: QUARTERS, boundaryGap: false },
      yAxis: {
        type: 'value' as const,
        name: '平均满意度',
        // From 5 points below the lowest average (a multiple of 5), so no point sits on the axis.
        min: (v: { min: number }) => Math.max(0, Math.floor((v.min - 5) / 5) * 5),
        max: 100,
        axisLabel: percentAxis,
        nameTextStyle: { align: 'left' as const },
      },
      series: data.map((s) => ({
        type: 'line' as const,
        name: s.typeName,
        data: s.quarters.map((q) => q.averageSatisfaction),
        connectNulls: true,
        symbolSize: 8,
      })),
    }),
    [data],
  );
  const el = useEChart(option);
  return (
    <div
      ref={el}
      className="chart report-chart"
      role="img"
      aria-label={`满意度趋势：${data.map((s) => s.typeName).join('，')}`}
      data-chart="satisfaction"
      data-legend={JSON.stringify(data.map((x) => x.typeName))}
      data-axis={JSON.stringify(QUARTERS)}
    />
  );
}

type Scores = Schemas['DepartmentScoresView'];

const DIMENSIONS = [
  { key: 'timeliness', name: '及时性（30）', color: '#4096ff' },
  { key: 'quality', name: '质量（50）', color: '#52c41a' },
  { key: 'application', name: '应用（20）', color: '#faad14' },
] as const;

/** R-18: each department's score as stacked dimensions, best first; the tooltip gives the arithmetic. */
export function DepartmentScoreChart({ data }: { data: Scores }) {
  const rows = data.items;
  return (
    <DepartmentStackChart
      name="scores"
      rows={rows}
      series={DIMENSIONS}
      unit="分"
      label={`部门得分：${rows.map((d) => `${d.departmentName} ${d.total} 分`).join('，')}`}
      tooltip={scoreTooltip}
    />
  );
}

const scoreTooltip = (d: Scores['items'][number]) =>
  `${d.departmentName}：总分 ${formatNumber(d.total)}<br/>` + DIMENSIONS.map((x) => `${x.name}：${formatNumber(d[x.key])}`).join('<br/>');
