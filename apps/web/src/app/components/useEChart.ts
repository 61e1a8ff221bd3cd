import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

/** An ECharts instance on the returned element, resized with it and given `option` whenever it changes. */
export function useEChart(option: ChartOption) {
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
    chart.current?.setOption(option, true);
  }, [option]);
  return el;
}

/** Legend and grid that fit a 390 px phone: the legend scrolls instead of wrapping over the plot. */
export const LEGEND = { type: 'scroll' as const, top: 0, left: 0, right: 0 };
/** Tooltips stay inside the chart and wrap their lines, so a phone never scrolls sideways. */
export const TOOLTIP = { confine: true, extraCssText: 'white-space: normal; max-width: min(360px, 80vw);' };

/** Room at the top for the legend and, below it, the axis names. */
export const GRID = { left: 8, right: 8, top: 64, bottom: 8, containLabel: true };
