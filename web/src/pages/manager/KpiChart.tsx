import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface KpiSeries {
  /** Each month's start, ISO. */
  starts: string[];
  projected: Array<number | null>;
  actual: Array<number | null>;
}

// Colours with ≥ 3:1 contrast on white; the projection is dashed so the two differ without colour too.
const projectedColour = '#6b7280';
const actualColour = '#1d4ed8';
const chartHeightPx = 200;
const halfMonthSeconds = 15 * 86_400;

/** Projected vs actual by month for one figure; the table beside it carries the same numbers. */
export function KpiChart({
  title,
  series,
  format,
}: {
  title: string;
  series: KpiSeries;
  format: (value: number) => string;
}) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const times = series.starts.map((start) => Math.floor(new Date(start).getTime() / 1000));
    const width = () => Math.max(260, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: chartHeightPx,
        series: [
          {},
          {
            label: 'Projected',
            stroke: projectedColour,
            width: 2,
            dash: [6, 4],
            value: (_u, v) => (v == null ? '—' : format(v)),
          },
          {
            label: 'Actual',
            stroke: actualColour,
            width: 2,
            value: (_u, v) => (v == null ? '—' : format(v)),
          },
        ],
        axes: [{}, { size: 70, values: (_u, ticks) => ticks.map((tick) => format(tick)) }],
        scales: {
          // A single month still gets a readable axis: half a month either side of it.
          x: {
            time: true,
            range: (_u, min, max) =>
              min === max ? [min - halfMonthSeconds, max + halfMonthSeconds] : [min, max],
          },
        },
      },
      [times, series.projected, series.actual],
      element,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: chartHeightPx }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [series, format]);
  return (
    <figure className="kpi-chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} className="chart" role="img" aria-label={`${title}: projected and actual by month`} />
    </figure>
  );
}
