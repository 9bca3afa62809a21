import type { ChartData, ChartSeries } from './chart_series.js';

/**
 * The chart as a standalone SVG document, written by hand: a title, two panels (cumulative money,
 * cumulative ROI) sharing the month axis, ticks on both axes and a legend. Projected curves are
 * dashed, actual ones solid. Pure: the caller writes the file.
 */

const width = 960;
const height = 640;
const plotLeft = 110;
const plotRight = 720;
const legendLeft = 740;
const panels = {
  money: { top: 70, bottom: 330, title: 'Cumulative revenue and commissions', format: formatDollars },
  roi: { top: 400, bottom: 580, title: 'Cumulative ROI (revenue ÷ commissions)', format: formatMultiple },
} as const;
const colours: Record<string, string> = {
  revenue: '#1d4ed8',
  commissions: '#b45309',
  roi: '#047857',
};
/** At most this many ticks on an axis. */
const monthTicksMax = 12;
const valueTicksMax = 6;

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function formatDollars(cents: number): string {
  const dollars = cents / 100;
  if (Math.abs(dollars) >= 1_000_000) return `$${trim(dollars / 1_000_000)}M`;
  if (Math.abs(dollars) >= 1_000) return `$${trim(dollars / 1_000)}K`;
  return `$${trim(dollars)}`;
}

function formatMultiple(tenths: number): string {
  return `${trim(tenths / 10)}x`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** A step of 1, 2 or 5 × 10^k that covers `span` in at most `ticksMax` steps. */
export function niceStep(span: number, ticksMax: number): number {
  if (span <= 0) return 1;
  const rough = span / ticksMax;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough);
  return step ?? 10 * power;
}

function valueRange(series: readonly ChartSeries[]): { min: number; max: number; step: number } {
  const values = series.flatMap((entry) => entry.values.filter((value): value is number => value !== null));
  const low = Math.min(0, ...values);
  const high = Math.max(1, ...values);
  const step = niceStep(high - low, valueTicksMax - 1);
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step, step };
}

function xOf(index: number, count: number): number {
  return count <= 1 ? plotLeft : plotLeft + ((plotRight - plotLeft) * index) / (count - 1);
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function seriesPath(entry: ChartSeries, y: (value: number) => number, count: number): string {
  let path = '';
  let drawing = false;
  entry.values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${round(xOf(index, count))},${round(y(value))} `;
    drawing = true;
  });
  return path.trim();
}

function panelSvg(data: ChartData, panel: keyof typeof panels): string[] {
  const { top, bottom, title, format } = panels[panel];
  const series = data.series.filter((entry) => entry.panel === panel);
  const range = valueRange(series);
  const y = (value: number) => bottom - ((value - range.min) / (range.max - range.min)) * (bottom - top);
  const lines = [
    `<g class="panel" data-panel="${panel}">`,
    `<text x="${plotLeft}" y="${top - 14}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${plotLeft}" y1="${bottom}" x2="${plotRight}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${plotLeft}" y1="${top}" x2="${plotLeft}" y2="${bottom}" stroke="#333"/>`,
  ];
  for (let value = range.min; value <= range.max + range.step / 2; value += range.step) {
    const at = round(y(value));
    lines.push(
      `<line x1="${plotLeft - 5}" y1="${at}" x2="${plotRight}" y2="${at}" stroke="#ddd"/>`,
      `<text class="tick" x="${plotLeft - 8}" y="${at}" font-size="11" text-anchor="end" dominant-baseline="middle">${escapeXml(format(value))}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(data.months.length / monthTicksMax));
  data.months.forEach((month, index) => {
    if (index % every !== 0 && index !== data.months.length - 1) return;
    const x = round(xOf(index, data.months.length));
    lines.push(
      `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#333"/>`,
      `<text class="tick" x="${x}" y="${bottom + 18}" font-size="11" text-anchor="middle">${escapeXml(month)}</text>`,
    );
  });
  for (const entry of series) {
    const colour = colours[entry.key.split('-')[0]!] ?? '#000';
    const dash = entry.kind === 'projected' ? ' stroke-dasharray="6 4"' : '';
    lines.push(
      `<path class="series" data-series="${entry.key}" d="${seriesPath(entry, y, data.months.length)}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`,
    );
  }
  lines.push('</g>');
  return lines;
}

function legendSvg(data: ChartData): string[] {
  const lines = ['<g class="legend">'];
  data.series.forEach((entry, index) => {
    const y = panels.money.top + index * 22;
    const colour = colours[entry.key.split('-')[0]!] ?? '#000';
    const dash = entry.kind === 'projected' ? ' stroke-dasharray="6 4"' : '';
    lines.push(
      `<line x1="${legendLeft}" y1="${y}" x2="${legendLeft + 30}" y2="${y}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${legendLeft + 38}" y="${y}" font-size="12" dominant-baseline="middle">${escapeXml(entry.label)}</text>`,
    );
  });
  lines.push('</g>');
  return lines;
}

export function renderChartSvg(data: ChartData): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${escapeXml(data.title)}</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="${width / 2}" y="30" font-size="18" font-weight="bold" text-anchor="middle">${escapeXml(data.title)}</text>`,
    ...panelSvg(data, 'money'),
    ...panelSvg(data, 'roi'),
    ...legendSvg(data),
    `<text x="${plotLeft}" y="${height - 16}" font-size="11" fill="#555">Projected: dashed, a twelfth of the projected year a month. Actual: solid, from the ledger and billing.</text>`,
    '</svg>',
    '',
  ].join('\n');
}
