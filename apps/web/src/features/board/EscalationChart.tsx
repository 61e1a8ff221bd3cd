import { useMemo } from 'react';
import { useEChart } from '../../app/components/useEChart';

/** A bar chart (ECharts) of open escalations per department. */
export function EscalationChart({ data }: { data: Array<{ name: string; value: number }> }) {
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
      xAxis: {
        type: 'category' as const,
        data: data.map((d) => d.name),
        axisLabel: { interval: 0, overflow: 'truncate' as const, width: 72 },
      },
      yAxis: { type: 'value' as const, minInterval: 1, name: '未解决逾期（项）', nameTextStyle: { align: 'left' as const } },
      series: [
        {
          type: 'bar' as const,
          name: '未解决逾期',
          data: data.map((d) => d.value),
          itemStyle: { color: '#ff4d4f' },
          barMaxWidth: 48,
          label: { show: true, position: 'top' as const },
        },
      ],
    }),
    [data],
  );
  const el = useEChart(option);
  return (
    <div
      ref={el}
      className="chart"
      role="img"
      aria-label={`未解决逾期按部门：${data.map((d) => `${d.name} ${d.value} 项`).join('，') || '无'}`}
      data-chart="open-by-department"
      data-values={JSON.stringify(data)}
    />
  );
}
