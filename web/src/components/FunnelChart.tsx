import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type FunnelCounts, funnelStages } from '../funnel';

export interface SeriesPoint extends FunnelCounts {
  start: string;
}

// Colours chosen for contrast on white (each ≥ 3:1 as a graphical object).
const stageColours = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];

/** Clicks → sustained over time, one line per stage. The table below it carries the same numbers. */
export function FunnelChart({ series }: { series: SeriesPoint[] }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const times = series.map((point) => Math.floor(new Date(point.start).getTime() / 1000));
    const data: uPlot.AlignedData = [
      times,
      ...funnelStages.map((stage) => series.map((point) => point[stage.key])),
    ];
    const width = () => Math.max(280, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 240,
        series: [
          {},
          ...funnelStages.map((stage, index) => ({
            label: stage.label,
            stroke: stageColours[index],
            width: 2,
          })),
        ],
        axes: [{}, { size: 48 }],
        scales: { x: { time: true } },
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: 240 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [series]);
  return <div ref={holder} className="chart" role="img" aria-label="Funnel over time, one line per stage" />;
}
