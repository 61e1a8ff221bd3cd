import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** A bar chart (ECharts) of open escalations per department. */
export function EscalationChart({ data }: { data: Array<{ name: string; value: number }> }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const node = el.current!;
    const c = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { interval: 0, overflow: 'truncate', width: 72 } },
        yAxis: { type: 'value', minInterval: 1, name: '未解决逾期（项）', nameTextStyle: { align: 'left' } },
        series: [
          {
            type: 'bar',
            name: '未解决逾期',
            data: data.map((d) => d.value),
            itemStyle: { color: '#ff4d4f' },
            barMaxWidth: 48,
            label: { show: true, position: 'top' },
          },
        ],
      },
      true,
    );
  }, [data]);
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
