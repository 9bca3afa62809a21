import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCents } from '../../format';

export interface ClientSeries {
  label: string;
  points: Array<{ start: string; earnedCents: number }>;
}

// Colours chosen for contrast on white (each ≥ 3:1 as a graphical object).
export const clientColours = [
  '#1d4ed8',
  '#b45309',
  '#047857',
  '#7c3aed',
  '#be123c',
  '#0e7490',
  '#4d7c0f',
  '#9d174d',
];

/** Revenue share per client over the months, one line each. The table below holds the same numbers. */
export function RevenueChart({ clients }: { clients: ClientSeries[] }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    const first = clients[0];
    if (!element || !first) return;
    const times = first.points.map((point) => Math.floor(Date.parse(`${point.start}T00:00:00Z`) / 1000));
    const data: uPlot.AlignedData = [
      times,
      ...clients.map((client) => client.points.map((point) => point.earnedCents / 100)),
    ];
    const width = () => Math.max(280, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 260,
        series: [
          {},
          ...clients.map((client, index) => ({
            label: client.label,
            stroke: clientColours[index % clientColours.length],
            width: 2,
            value: (_chart: uPlot, dollars: number | null) =>
              dollars === null ? '—' : formatCents(Math.round(dollars * 100)),
          })),
        ],
        axes: [
          {},
          {
            size: 72,
            values: (_chart, ticks) => ticks.map((dollars) => `$${dollars.toLocaleString('en-US')}`),
          },
        ],
        scales: { x: { time: true } },
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: 260 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [clients]);
  return (
    <div
      ref={holder}
      className="chart"
      role="img"
      aria-label="Revenue share per client by month, one line per client"
    />
  );
}
